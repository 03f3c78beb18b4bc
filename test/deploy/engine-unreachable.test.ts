import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainerEngine, createDockerProbe } from '../../electron/core/deploy/engine/create-engine';
import { readDeployLog } from '../../electron/core/deploy/job/deploy-log';
import type { Harness } from './helpers';
import { createComponent, openHarness, uniqueName, waitFinal } from './helpers';

// Needs no engine: the point is an engine that is not there.
describe('Docker engine not reachable', () => {
  const bogus = new Docker({ socketPath: '/nonexistent/autodeploy-test/docker.sock' });
  let h: Harness;
  let componentId: string;

  beforeAll(async () => {
    h = await openHarness(undefined, { engine: createContainerEngine(bogus) });
    componentId = await createComponent(h, { name: uniqueName('down'), source: { type: 'image', image: '127.0.0.1:5999/team/app:v1' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('fails the job with a clear reason and changes nothing else', async () => {
    const before = structuredClone(h.store.data.components.find((c) => c.id === componentId));
    const queued = await h.manager.request({ componentId, trigger: { kind: 'api' }, target: {} });
    const d = await waitFinal(h, queued.id);
    expect(d.state).toBe('failed');
    expect(d.reason).toMatch(/^Docker engine not reachable: .*ENOENT/);
    expect(await readDeployLog(h.dataDir, d.id)).toMatch(/failed: Docker engine not reachable/);
    expect(h.store.data.components.find((c) => c.id === componentId)).toEqual(before);
    // the engine keeps serving: the next request is taken and answered the same way
    const again = await waitFinal(h, (await h.manager.request({ componentId, trigger: { kind: 'api' }, target: {} })).id);
    expect(again.state).toBe('failed');
  });

  it('reports the engine as down in status', async () => {
    const status = await createDockerProbe(bogus).status();
    expect(status.ok).toBe(false);
    expect(status.error).toMatch(/^Docker engine not reachable: /);
  });

  it('answers removal and rollback with "unavailable", not a crash', async () => {
    await expect(h.manager.removeComponentResources(componentId, true)).rejects.toMatchObject({ code: 'unavailable' });
    await expect(h.manager.rollback(componentId)).rejects.toMatchObject({ code: 'conflict' });
  });
});
