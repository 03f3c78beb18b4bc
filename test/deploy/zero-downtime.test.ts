/**
 * Zero-downtime deploys through the app's reverse proxy (the real Caddy binary in a container),
 * for git builds, a failing version and a rollback: a client asking every 10 ms sees no failed
 * request and exactly one change of answer.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readDeployLog } from '../../electron/core/deploy/job/deploy-log';
import { PROXY_LABEL, appIdFor } from '../../electron/core/deploy/runtime/proxy/proxy-plan';
import { TEST_PROXY_IMAGE, caddyServingDockerfile, caddyUnavailableReason, removeProxyOf } from '../support/caddy-image';
import { BASE_IMAGE, dockerUnavailableReason } from '../support/docker';
import { answerRuns, pollDuring, startPoller } from '../support/poller';
import { describeWith } from '../support/prerequisite';
import { freePort } from '../support/registry';
import type { GitRepo, Harness } from './helpers';
import { killMidDeploy } from './kill-child';
import { cleanupComponents, containersOf, createComponent, deployAndWait, docker, httpText, openHarness, uniqueName, waitFinal } from './helpers';
import { openProxyRig } from './proxy-rig';

await describeWith('zero-downtime deploys through the proxy (real engine, real Caddy)', [dockerUnavailableReason(), caddyUnavailableReason()], () => {
  let h: Harness;
  let repo: GitRepo;
  let port: number;
  let componentId: string;
  const name = uniqueName('zdt');

  beforeAll(async () => {
    ({ h, repo } = await openProxyRig());
    port = await freePort();
    componentId = await createComponent(h, {
      name,
      source: { type: 'git', repo: repo.dir, branch: 'main' },
      deploy: { ports: [`127.0.0.1:${port}:8080`], zeroDowntime: true, healthcheck: { timeoutSeconds: 30, stableSeconds: 0.5 } },
    });
  });
  afterAll(async () => {
    await h?.close();
    await repo?.remove();
    await cleanupComponents([componentId], [name]);
    if (h) await removeProxyOf(h.dataDir);
  });

  it('first deploy: the proxy holds the host port, the container publishes none', async () => {
    const d = await deployAndWait(h, componentId, { commit: await repo.version('v1', caddyServingDockerfile()) });
    expect(d.state, d.reason).toBe('succeeded');
    expect(await httpText(port)).toBe('200 v1');
    const [c] = await containersOf(componentId);
    expect(c.Names[0]).toBe(`/autodeploy-${name}`);
    expect(c.Ports.filter((p) => p.PublicPort)).toEqual([]);
    const proxies = await docker.listContainers({ filters: { label: [`${PROXY_LABEL.app}=${appIdFor(h.dataDir)}`] } });
    expect(proxies).toHaveLength(1);
    const proxy = await docker.getContainer(proxies[0].Id).inspect();
    expect(proxy.HostConfig.RestartPolicy?.Name).toBe('unless-stopped');
    expect(proxy.Config.Image).toBe(TEST_PROXY_IMAGE);
    // the admin API is published on loopback only
    expect(proxy.NetworkSettings.Ports['2019/tcp']?.map((b) => b.HostIp)).toEqual(['127.0.0.1']);
    expect(proxy.NetworkSettings.Ports['8080/tcp']).toBeUndefined();
    expect(proxy.NetworkSettings.Ports[`${port}/tcp`]?.[0]).toMatchObject({ HostIp: '127.0.0.1', HostPort: String(port) });
  });

  it('a git build deploy: no request fails and the answer switches v1 → v2 once', async () => {
    const commit = await repo.version('v2', caddyServingDockerfile());
    const { result: d, seen: res } = await pollDuring(`http://127.0.0.1:${port}/version`, () => deployAndWait(h, componentId, { commit }));
    expect(d.state, d.reason).toBe('succeeded');
    expect(res.failures).toEqual([]);
    expect(answerRuns(res.answers)).toEqual(['v1', 'v2']);
    expect(res.sent).toBeGreaterThan(50);
    const log = await readDeployLog(h.dataDir, d.id);
    expect(log).toMatch(/proxy: 127\.0\.0\.1:\d+ now go to/);
    expect(log).toMatch(/swap: no request left in flight on the previous container/);
    expect(await containersOf(componentId)).toHaveLength(1);
  });

  it('a failing new version: no request fails, the old one keeps answering, the deploy is rolled back', async () => {
    const before = (await containersOf(componentId))[0];
    const commit = await repo.commit('broken', { Dockerfile: `FROM ${BASE_IMAGE}\nCMD ["/bin/sh","-c","echo cannot start >&2; exit 1"]\n` });
    const { result: d, seen: res } = await pollDuring(`http://127.0.0.1:${port}/version`, () => deployAndWait(h, componentId, { commit }), 0);
    expect(d.state).toBe('rolled-back');
    expect(d.reason).toContain('cannot start');
    expect(res.failures).toEqual([]);
    expect(answerRuns(res.answers)).toEqual(['v2']);
    expect((await containersOf(componentId)).map((c) => c.Id)).toEqual([before.Id]);
    expect(await readDeployLog(h.dataDir, d.id)).toMatch(/the proxy was not changed/);
  });

  it('a rollback: no request fails and the answer switches v2 → v1 once', async () => {
    const { result: done, seen: res } = await pollDuring(`http://127.0.0.1:${port}/version`, async () => waitFinal(h, (await h.manager.rollback(componentId)).id));
    expect(done.state, done.reason).toBe('succeeded');
    expect(res.failures).toEqual([]);
    expect(answerRuns(res.answers)).toEqual(['v2', 'v1']);
  });

  it('the app killed mid-swap: the old version answers throughout; on restart the leftover new container is removed', async () => {
    await h.components.update(componentId, { deploy: { healthcheck: { timeoutSeconds: 300, stableSeconds: 300 } } });
    await h.close();
    const before = (await containersOf(componentId))[0];
    const poller = startPoller(`http://127.0.0.1:${port}/version`);
    const deployId = await killMidDeploy(h.dataDir, componentId, await repo.version('v3', caddyServingDockerfile()), /^\S+ swap: started /);
    expect(await containersOf(componentId)).toHaveLength(2);

    h = await openHarness(h.dataDir);
    const res = await poller.stop();
    expect(res.failures).toEqual([]);
    expect(answerRuns(res.answers)).toEqual(['v1']);
    const d = h.store.data.deploys.find((x) => x.id === deployId)!;
    expect(d.state).toBe('failed');
    expect(d.reason).toMatch(/^interrupted: the app stopped during this deploy; .*removed autodeploy-.*-new-d_.*which the proxy does not route to/);
    expect((await containersOf(componentId)).map((c) => [c.Id, c.State, c.Names[0]])).toEqual([[before.Id, 'running', `/autodeploy-${name}`]]);
    expect(await httpText(port)).toBe('200 v1');
  });

  it('the app killed right after the switch: on restart the new version is kept and recorded as running, with the proxy\'s address', async () => {
    await h.components.update(componentId, { deploy: { healthcheck: { timeoutSeconds: 30, stableSeconds: 0.5 } } });
    await h.close();
    const deployId = await killMidDeploy(h.dataDir, componentId, await repo.version('v4', caddyServingDockerfile()), /^\S+ proxy: .* now go to /);

    h = await openHarness(h.dataDir);
    expect(await httpText(port)).toBe('200 v4');
    const running = h.store.data.components.find((c) => c.id === componentId)!.running!;
    expect(running.deployId).toBe(deployId);
    expect(running).toMatchObject({ proxied: true, addresses: [`http://127.0.0.1:${port}`] });
    const [kept, ...others] = await containersOf(componentId);
    expect(others).toEqual([]);
    expect([kept.Id, kept.Names[0]]).toEqual([running.containerId, `/autodeploy-${name}`]);
  });
});
