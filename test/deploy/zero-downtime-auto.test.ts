/**
 * Zero-downtime is automatic (deploy.zeroDowntime unset, the default): a component whose
 * published ports answer HTTP goes behind the proxy; one that does not (a raw TCP server), or
 * one deployed while the proxy image is missing, falls back to stop-then-start, says why, and
 * keeps running. Real engine, real Caddy binary, real git builds.
 */
import { get } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readDeployLog } from '../../electron/core/deploy/job/deploy-log';
import { PROXY_LABEL, appIdFor } from '../../electron/core/deploy/runtime/proxy/proxy-plan';
import { TEST_PROXY_IMAGE, caddyServingDockerfile, caddyUnavailableReason, removeProxyOf } from '../support/caddy-image';
import { BASE_IMAGE, dockerUnavailableReason } from '../support/docker';
import { SettingsService } from '../../electron/core/service/settings-service';
import { pollUntil } from '../support/poll-until';
import { answerRuns, pollDuring } from '../support/poller';
import { describeWith } from '../support/prerequisite';
import { freePort } from '../support/registry';
import type { GitRepo, Harness } from './helpers';
import { cleanupComponents, containersOf, createComponent, deployAndWait, docker, httpText, uniqueName } from './helpers';
import { openProxyRig } from './proxy-rig';

/** A TCP server that greets every connection (like SMTP): not HTTP. */
const greeterDockerfile = (): string =>
  `FROM ${BASE_IMAGE}\nRUN printf '#!/bin/sh\\necho 220 ready\\n' > /greet && chmod +x /greet\n` +
  `CMD ["/bin/sh","-c","trap 'exit 0' TERM; nc -ll -p 9000 -e /greet & wait"]\n`;

/** GET /version on 127.0.0.1:port as `host` (what a browser sends for http://<host>:port). */
function byName(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path: '/version', headers: { host: `${host}:${port}` }, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve(`${res.statusCode} ${body.trim()}`));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

function greeting(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port });
    let text = '';
    s.setEncoding('utf8');
    s.on('data', (d: string) => (text += d));
    s.on('end', () => resolve(text.trim()));
    s.on('error', reject);
    s.setTimeout(5000, () => s.destroy(new Error('no greeting')));
  });
}

/** The host port a component asked for (`127.0.0.1:<port>:<container port>`). */
const askedPort = (h: Harness, id: string): number => Number(h.store.data.components.find((c) => c.id === id)!.deploy.ports[0].split(':')[1]);

const publishedPorts = async (componentId: string): Promise<number[]> =>
  (await containersOf(componentId)).flatMap((c) => c.Ports.flatMap((p) => (p.PublicPort ? [p.PublicPort] : [])));

await describeWith('automatic zero-downtime (the default): HTTP behind the proxy, the rest direct (real engine, real Caddy)', [dockerUnavailableReason(), caddyUnavailableReason()], () => {
  let h: Harness;
  let repo: GitRepo;
  const names = { web: uniqueName('auto-web'), tcp: uniqueName('auto-tcp'), late: uniqueName('auto-late') };
  const ids: string[] = [];
  const healthcheck = { timeoutSeconds: 30, stableSeconds: 0.5 };

  beforeAll(async () => {
    ({ h, repo } = await openProxyRig());
  });
  afterAll(async () => {
    await h?.close();
    await repo?.remove();
    await cleanupComponents(ids, Object.values(names));
    if (h) await removeProxyOf(h.dataDir);
  });

  it('an HTTP component with zeroDowntime unset goes behind the proxy, and its next deploy drops no request', async () => {
    const port = await freePort();
    const id = await createComponent(h, { name: names.web, source: { type: 'git', repo: repo.dir, branch: 'main' }, deploy: { ports: [`127.0.0.1:${port}:8080`], healthcheck } });
    ids.push(id);
    expect(h.store.data.components.find((c) => c.id === id)!.deploy.zeroDowntime).toBeUndefined();

    const first = await deployAndWait(h, id, { commit: await repo.version('v1', caddyServingDockerfile()) });
    expect(first.state, first.reason).toBe('succeeded');
    expect(await publishedPorts(id)).toEqual([]);
    const running = h.store.data.components.find((c) => c.id === id)!.running!;
    expect(running).toMatchObject({ proxied: true, addresses: [`http://127.0.0.1:${port}`] });
    expect(running.directReason).toBeUndefined();

    const commit = await repo.version('v2', caddyServingDockerfile());
    const { result: second, seen: res } = await pollDuring(`http://127.0.0.1:${port}/version`, () => deployAndWait(h, id, { commit }));
    expect(second.state, second.reason).toBe('succeeded');
    expect(res.failures).toEqual([]);
    expect(answerRuns(res.answers)).toEqual(['v1', 'v2']);
  });

  it('a raw TCP component falls back to stop-then-start, says why, and the next deploy does not ask again', async () => {
    const port = await freePort();
    const id = await createComponent(h, { name: names.tcp, source: { type: 'git', repo: repo.dir, branch: 'main' }, deploy: { ports: [`127.0.0.1:${port}:9000`], healthcheck } });
    ids.push(id);
    const commit = await repo.commit('greeter', { Dockerfile: greeterDockerfile() });

    const first = await deployAndWait(h, id, { commit });
    expect(first.state, first.reason).toBe('succeeded');
    expect(await greeting(port)).toBe('220 ready');
    expect(await publishedPorts(id)).toEqual([port]);
    const running = h.store.data.components.find((c) => c.id === id)!.running!;
    expect(running.proxied).toBeUndefined();
    expect(running.directReason).toMatch(/^port 9000 (answered "220 r|refused an HTTP request|closed the connection)/);
    const log1 = await readDeployLog(h.dataDir, first.id);
    expect(log1).toMatch(/swap: zero-downtime through the proxy/);
    expect(log1).toMatch(/swap: automatic zero-downtime is not possible: port 9000 .*\(remembered/);
    const [c] = await containersOf(id);
    expect(c.Labels[PROXY_LABEL.direct]).toBe(running.directReason);

    const second = await deployAndWait(h, id, { commit });
    expect(second.state, second.reason).toBe('succeeded');
    const log2 = await readDeployLog(h.dataDir, second.id);
    expect(log2).not.toMatch(/swap: zero-downtime through the proxy/);
    expect(log2).toMatch(/automatic zero-downtime is not possible: port 9000/);
    expect(await greeting(port)).toBe('220 ready');
    // the proxy never took this component's port
    const [proxy] = await docker.listContainers({ filters: { label: [`${PROXY_LABEL.app}=${appIdFor(h.dataDir)}`] } });
    expect(proxy.Ports.map((p) => p.PublicPort)).not.toContain(port);
  });

  it('without the proxy image it deploys directly; once the image is back, a component turned back to automatic moves behind the proxy', async () => {
    const port = await freePort();
    await h.store.update((doc) => {
      doc.settings.proxy.image = 'autodeploy-test/no-such-proxy:0';
    });
    const id = await createComponent(h, { name: names.late, source: { type: 'git', repo: repo.dir, branch: 'main' }, deploy: { ports: [`127.0.0.1:${port}:8080`], zeroDowntime: true, healthcheck } });
    ids.push(id);
    // forced on with no proxy image: the deploy fails and says which image
    const forced = await deployAndWait(h, id, { commit: await repo.version('v1', caddyServingDockerfile()) });
    expect(forced.state).toBe('failed');
    expect(forced.reason).toContain('autodeploy-test/no-such-proxy:0');

    await h.components.update(id, { deploy: { zeroDowntime: null } });
    expect(h.store.data.components.find((c) => c.id === id)!.deploy).not.toHaveProperty('zeroDowntime');
    const direct = await deployAndWait(h, id, { commit: await repo.version('v1', caddyServingDockerfile()) });
    expect(direct.state, direct.reason).toBe('succeeded');
    expect(h.store.data.components.find((c) => c.id === id)!.running!.directReason).toMatch(/the proxy image autodeploy-test\/no-such-proxy:0 is not available/);
    expect(await publishedPorts(id)).toEqual([port]);
    expect(await httpText(port)).toBe('200 v1');

    await h.store.update((doc) => {
      doc.settings.proxy.image = TEST_PROXY_IMAGE;
    });
    const moved = await deployAndWait(h, id, { commit: await repo.version('v2', caddyServingDockerfile()) });
    expect(moved.state, moved.reason).toBe('succeeded');
    expect(await readDeployLog(h.dataDir, moved.id)).toMatch(/holds the host ports itself \(not yet behind the proxy\)/);
    expect(h.store.data.components.find((c) => c.id === id)!.running).toMatchObject({ proxied: true });
    expect(await publishedPorts(id)).toEqual([]);
    expect(await httpText(port)).toBe('200 v2');
  });

  it('local names: with a names port set, every component behind the proxy also answers at <name>.localhost, and follows the setting', async () => {
    const settings = new SettingsService(h.store, h.events);
    const namesPort = await freePort();
    await settings.update({ proxy: { localNamesPort: namesPort } });
    // the setting moves the names of components already behind the proxy (web, late)
    await pollUntil('web by name', async () => (await byName(`${names.web}.localhost`, namesPort).catch(() => '')) === '200 v2', { timeoutMs: 60_000, intervalMs: 200 });
    expect(await byName(`${names.late}.localhost`, namesPort)).toBe('200 v2');
    const web = ids[0];
    const named = `http://${names.web}.localhost:${namesPort}`;
    await pollUntil('the name in the addresses', () => h.store.data.components.find((c) => c.id === web)!.running!.addresses?.includes(named));
    // a deploy keeps the name pointed at the new container; an unknown name is not routed
    const d = await deployAndWait(h, web, { commit: await repo.version('v3', caddyServingDockerfile()) });
    expect(d.state, d.reason).toBe('succeeded');
    expect(await byName(`${names.web}.localhost`, namesPort)).toBe('200 v3');
    expect(await byName('nobody.localhost', namesPort)).toMatch(/^404 No component behind the Auto Deploy proxy has the name nobody\.localhost/);
    // the raw TCP component has no name (it is not behind the proxy)
    expect(await byName(`${names.tcp}.localhost`, namesPort)).toMatch(/^404 /);

    await settings.update({ proxy: { localNamesPort: 0 } });
    await pollUntil('the names port closed', async () => !(await byName(`${names.web}.localhost`, namesPort).then(() => true, () => false)), { timeoutMs: 60_000, intervalMs: 200 });
    // the recorded addresses follow once the proxy has moved
    const addresses = () => h.store.data.components.find((c) => c.id === web)!.running!.addresses;
    await pollUntil('the name gone from the addresses', () => addresses()?.length === 1);
    expect(addresses()).toEqual([`http://127.0.0.1:${askedPort(h, web)}`]);
  });
});
