import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readDeployLog } from '../../electron/core/deploy/job/deploy-log';
import { describeDocker } from '../support/docker';
import type { GitRepo, Harness } from './helpers';
import { cleanupComponents, containersOf, httpText, openHarness, servingGitComponent, uniqueName } from './helpers';
import { killMidDeploy } from './kill-child';

await describeDocker('crash safety: the app killed mid-deploy, then restarted (real engine, real process)', () => {
  let h: Harness;
  let repo: GitRepo;
  let port: number;
  let componentId: string;
  const name = uniqueName('crash');

  beforeAll(async () => {
    ({ h, repo, port, componentId } = await servingGitComponent(name, 'v1'));
    // the next deploys sit in their health check long enough to be killed there
    await h.components.update(componentId, { deploy: { healthcheck: { timeoutSeconds: 300, stableSeconds: 300 } } });
    await h.close();
  });
  afterAll(async () => {
    await h?.close();
    await repo?.remove();
    await cleanupComponents([componentId], [name]);
  });

  it('killed during the swap: on restart the previous container runs again and history says "interrupted"', async () => {
    const v1Container = (await containersOf(componentId))[0];
    const deployId = await killMidDeploy(h.dataDir, componentId, await repo.version('v2'), /^\S+ swap: started /);

    // the state the crash left: the old container aside and stopped, the new one running
    const left = await containersOf(componentId);
    expect(left).toHaveLength(2);
    expect(left.find((c) => c.Id === v1Container.Id)?.Names[0]).toMatch(/-old-d_/);

    h = await openHarness(h.dataDir);
    const d = h.store.data.deploys.find((x) => x.id === deployId)!;
    expect(d.state).toBe('failed');
    expect(d.reason).toMatch(/^interrupted: the app stopped during this deploy; .*restored the previous container/);
    const now = await containersOf(componentId);
    expect(now.map((c) => [c.Id, c.State, c.Names[0]])).toEqual([[v1Container.Id, 'running', `/autodeploy-${name}`]]);
    expect(await httpText(port)).toBe('200 v1');
    const log = await readDeployLog(h.dataDir, deployId);
    expect(log).toMatch(/swap: started/);
    expect(log).toMatch(/interrupted: the app stopped during this deploy/);
    expect(log).toMatch(/recovery: removed the unconfirmed new container/);
    await h.close();
  });

  it('killed during the build: the running container is untouched and the checkout is cleaned up', async () => {
    const before = (await containersOf(componentId))[0];
    const deployId = await killMidDeploy(h.dataDir, componentId, await repo.version('v3'), /^\S+ checkout: [0-9a-f]{40}/);
    expect((await readdir(join(h.dataDir, 'work'))).length).toBeGreaterThan(0);

    h = await openHarness(h.dataDir);
    const d = h.store.data.deploys.find((x) => x.id === deployId)!;
    expect(d.state).toBe('failed');
    expect(d.reason).toBe('interrupted: the app stopped during this deploy');
    expect((await containersOf(componentId)).map((c) => [c.Id, c.State])).toEqual([[before.Id, 'running']]);
    expect(await httpText(port)).toBe('200 v1');
    await expect(readdir(join(h.dataDir, 'work'))).rejects.toThrow(/ENOENT/);
  });
});
