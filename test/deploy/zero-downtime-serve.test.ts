/**
 * Zero-downtime through the real `serve` process: a real registry's push notification
 * triggers each deploy while a client asks every 10 ms; the app is SIGKILLed and the service
 * keeps answering through the proxy; restarted, the app adopts the proxy, repairs its routes,
 * and the next deploy is zero-downtime again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROXY_LABEL, appIdFor } from '../../electron/core/deploy/runtime/proxy/proxy-plan';
import { TEST_PROXY_IMAGE, caddyServingDockerfile, caddyUnavailableReason, ensureCaddyImage, removeProxyOf } from '../support/caddy-image';
import { dockerUnavailableReason, ensureBaseImage } from '../support/docker';
import { answerRuns, pollDuring, startPoller } from '../support/poller';
import { describeWith } from '../support/prerequisite';
import { freePort, startRegistry } from '../support/registry';
import type { TestRegistry } from '../support/registry';
import { startServe } from '../support/serve';
import type { ServeProcess } from '../support/serve';
import { buildWithCli, cleanupComponents, docker, httpText, run, uniqueName } from './helpers';

interface DeployView {
  id: string;
  state: string;
  target: { tag?: string };
  trigger: { kind: string };
  reason?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

await describeWith('zero-downtime with the serve process: registry notifications, SIGKILL, restart', [dockerUnavailableReason(), caddyUnavailableReason()], () => {
  let dir: string;
  let serve: ServeProcess;
  let registry: TestRegistry;
  let componentId = '';
  let repo = '';
  let port = 0;
  let webhookPort = 0;
  const name = uniqueName('zdt-serve');

  async function pushAndWait(version: string): Promise<DeployView> {
    await buildWithCli(`${repo}:${version}`, caddyServingDockerfile(), { version: `${version}\n` });
    await run('docker', ['push', `${repo}:${version}`]);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const list = (await (await serve.api(`/deploys?componentId=${componentId}`)).json()) as DeployView[];
      const d = list.find((x) => x.target.tag === version && ['succeeded', 'failed', 'rolled-back'].includes(x.state));
      if (d) return d;
      if (Date.now() > deadline) throw new Error(`no finished deploy of ${version}:\n${serve.output().slice(-2000)}`);
      await sleep(100);
    }
  }
  const url = (): string => `http://127.0.0.1:${port}/version`;
  const proxies = (): Promise<Array<{ Id: string }>> => docker.listContainers({ filters: { label: [`${PROXY_LABEL.app}=${appIdFor(dir)}`] } });

  beforeAll(async () => {
    await Promise.all([ensureBaseImage(), ensureCaddyImage()]);
    dir = await mkdtemp(join(tmpdir(), 'ad-zdt-'));
    webhookPort = await freePort();
    serve = await startServe({ dataDir: dir, webhookPort });
    port = await freePort();
    const registryPort = await freePort();
    repo = `127.0.0.1:${registryPort}/zdt/${name}`;
    expect((await serve.api('/settings', { method: 'PATCH', json: { proxy: { image: TEST_PROXY_IMAGE } } })).status).toBe(200);
    const created = (await (
      await serve.api('/components', {
        method: 'POST',
        json: {
          name,
          source: { type: 'image', image: `${repo}:v1` },
          triggers: { image: { tagPattern: 'glob:v*' } },
          deploy: { ports: [`127.0.0.1:${port}:8080`], zeroDowntime: true, healthcheck: { stableSeconds: 0.5, timeoutSeconds: 30 } },
        },
      })
    ).json()) as { id: string };
    componentId = created.id;
    const hooks = (await (await serve.api(`/components/${componentId}/webhooks`)).json()) as { hooks: Array<{ trigger: string; url: string }> };
    const imageHook = hooks.hooks.find((h) => h.trigger === 'image')!.url;
    const apiKey = ((await (await serve.api(`/components/${componentId}/secrets/api/reveal`, { method: 'POST' })).json()) as { value: string }).value;
    registry = await startRegistry({ notifyUrl: imageHook, notifyHeaders: { Authorization: `Bearer ${apiKey}` }, port: registryPort });
    const first = await pushAndWait('v1');
    expect(first.state, first.reason).toBe('succeeded');
  });
  afterAll(async () => {
    await serve?.stop();
    await registry?.stop();
    await cleanupComponents([componentId], [name]);
    if (dir) await removeProxyOf(dir);
    const images = await docker.listImages({ filters: { reference: [repo] } }).catch(() => []);
    for (const img of images) await docker.getImage(img.Id).remove({ force: true }).catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a push notification deploys v2: no request fails and the answer switches once', async () => {
    const { result: d, seen: res } = await pollDuring(url(), () => pushAndWait('v2'));
    expect(d.state, d.reason).toBe('succeeded');
    expect(d.trigger.kind).toBe('image');
    expect(res.failures).toEqual([]);
    expect(answerRuns(res.answers)).toEqual(['v1', 'v2']);
  });

  it('the app SIGKILLed: the service keeps answering; restarted, it adopts the proxy and repairs its routes', async () => {
    const [proxy] = await proxies();
    const poller = startPoller(url());
    expect(await serve.stop('SIGKILL')).toBeNull();
    await sleep(1500);
    // drift while the app is away: a route of a component that does not exist
    const admin = await docker.getContainer(proxy.Id).inspect();
    const adminUrl = `http://127.0.0.1:${admin.NetworkSettings.Ports['2019/tcp'][0].HostPort}`;
    const stray = await fetch(`${adminUrl}/config/apps/http/servers/${encodeURIComponent('autodeploy|c_gone|127.0.0.1|1')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ listen: [':1'], automatic_https: { disable: true }, routes: [] }),
    });
    expect(stray.status).toBe(200);
    const res = await poller.stop();
    expect(res.failures).toEqual([]);
    expect(answerRuns(res.answers)).toEqual(['v2']);

    serve = await startServe({ dataDir: dir, webhookPort });
    expect((await proxies()).map((p) => p.Id)).toEqual([proxy.Id]);
    const servers = (await (await fetch(`${adminUrl}/config/apps/http/servers`)).json()) as Record<string, unknown>;
    expect(Object.keys(servers)).toEqual([`autodeploy|${componentId}|127.0.0.1|${port}`]);
    expect(await httpText(port)).toBe('200 v2');
  });

  it('after the restart the next push deploys with zero downtime again', async () => {
    const { result: d, seen: res } = await pollDuring(url(), () => pushAndWait('v3'));
    expect(d.state, d.reason).toBe('succeeded');
    expect(res.failures).toEqual([]);
    expect(answerRuns(res.answers)).toEqual(['v2', 'v3']);
  });
});
