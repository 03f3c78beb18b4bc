import { beforeEach, describe, expect, it } from 'vitest';
import type { DeploySettings } from '../../../../shared/schemas/component';
import { storedComponentFixture } from '../../../../test/support/stored-component';
import { FakeContainerEngine } from '../engine/fake-engine';
import { PROXY_LABEL } from './proxy/proxy-plan';
import { swapContainer } from './swap-container';

const SERVE = ['/bin/sh', '-c', "trap 'exit 0' TERM; httpd -f -p 8080 & wait"];
const proxy = { appId: 'swaptest', image: () => 'caddy:2', localNamesPort: () => 0 };

describe('swapContainer: which swap a component gets (in-memory engine)', () => {
  let engine: FakeContainerEngine;
  const lines: string[] = [];
  const swap = (deploy: Partial<DeploySettings>, deployId = 'd_aaaaaaaaaaaa') =>
    swapContainer({ engine, component: storedComponentFixture({ name: 'web', deploy: { ports: ['127.0.0.1:18080:8080'], ...deploy } }), image: 'web:v1', imageHasHealthcheck: false, deployId, log: (l) => lines.push(l) }, proxy);
  const proxies = async () => engine.listContainers({ [PROXY_LABEL.app]: proxy.appId });

  beforeEach(() => {
    engine = new FakeContainerEngine();
    engine.addImage('web:v1', { cmd: SERVE });
    lines.length = 0;
  });

  it('automatic, where container addresses are out of reach: stop-then-start, saying why, the proxy never started', async () => {
    engine.addressesOutOfReach = 'Docker Desktop runs the engine in a VM';
    const out = await swap({});
    expect(out).toMatchObject({ ok: true, direct: expect.stringContaining('Docker Desktop runs the engine in a VM') });
    expect(out.proxied).toBeUndefined();
    const c = await engine.inspectContainer('autodeploy-web');
    expect(c?.ports).toEqual([expect.objectContaining({ containerPort: 8080, hostPort: 18080 })]);
    // not the component's nature: nothing remembered on the container
    expect(c?.labels[PROXY_LABEL.direct]).toBeUndefined();
    expect(await proxies()).toEqual([]);
    expect(lines.join('\n')).toMatch(/automatic zero-downtime is not possible: the app cannot reach containers' own addresses/);
  });

  it('automatic, without the proxy image: stop-then-start, saying which image', async () => {
    const out = await swap({});
    expect(out).toMatchObject({ ok: true, direct: expect.stringMatching(/the proxy image caddy:2 is not available/) });
    expect(await proxies()).toEqual([]);
  });

  it('never (false): stop-then-start without a word about the proxy', async () => {
    engine.addressesOutOfReach = 'a rootless engine keeps containers in its own network namespace';
    const out = await swap({ zeroDowntime: false });
    expect(out).toMatchObject({ ok: true });
    expect(out.direct).toBeUndefined();
    expect(lines.join('\n')).not.toMatch(/zero-downtime|proxy/);
  });
});
