import { afterAll, beforeAll, expect, it } from 'vitest';
import { readDeployLog } from '../../electron/core/deploy/job/deploy-log';
import { freePort } from '../support/registry';
import { BASE_IMAGE } from '../support/docker';
import { describeEngines } from '../support/engines';
import type { Harness } from './helpers';
import { GitRepo, SERVE, cleanupComponents, containersOf, createComponent, deployAndWait, httpText, openHarness, uniqueName, waitFinal } from './helpers';

await describeEngines('deploy from git (real engine, real repositories)', (e) => {
  let h: Harness;
  let repo: GitRepo;
  let port: number;
  let componentId: string;
  const name = uniqueName('git');
  const ids: string[] = [];

  beforeAll(async () => {
    h = await openHarness(undefined, { engine: e.engine });
    repo = await GitRepo.create();
    port = await freePort();
    componentId = await createComponent(h, {
      name,
      source: { type: 'git', repo: `file://${repo.dir}`, branch: 'main' },
      deploy: { ports: [`127.0.0.1:${port}:8080`], healthcheck: { timeoutSeconds: 30, stableSeconds: 1, http: { url: '/version', expectStatus: 200, timeoutSeconds: 5 } } },
    });
    ids.push(componentId);
  });
  afterAll(async () => {
    await h?.close();
    await repo?.remove();
    await cleanupComponents(ids, [name], e.docker);
  });

  it('deploys a commit: the container runs an image labelled with it and answers on its port', async () => {
    const v1 = await repo.version('v1');
    const d = await deployAndWait(h, componentId, { commit: v1 });
    expect(d.state, d.reason).toBe('succeeded');
    expect(d.result?.commit).toBe(v1);
    expect(await httpText(port)).toBe('200 v1');

    const [c] = await containersOf(componentId, e.docker);
    expect(c?.Names[0]).toBe(`/autodeploy-${name}`);
    expect(c?.Labels['autodeploy.deploy']).toBe(d.id);
    expect(c?.Labels['autodeploy.managed']).toBe('true');
    const image = await e.docker.getImage(c.ImageID).inspect();
    expect(image.Config.Labels['autodeploy.commit']).toBe(v1);
    // Podman lists local names under localhost/ (or docker.io/)
    expect(image.RepoTags.map((t) => t.replace(/^(localhost|docker\.io)\//, ''))).toContain(`autodeploy/${name}:${v1.slice(0, 12)}`);

    const running = h.store.data.components.find((x) => x.id === componentId)?.running;
    expect(running).toMatchObject({ deployId: d.id, commit: v1, containerId: c.Id });

    const log = await readDeployLog(h.dataDir, d.id);
    expect(log).toMatch(/checkout: [0-9a-f]{40} "version v1"/);
    expect(log).toMatch(/build: /);
    expect(log).toMatch(/health: HTTP probe .* answered 200/);
    expect(log).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z succeeded$/m);
  });

  it('a second commit replaces the container; the old one is removed', async () => {
    const before = (await containersOf(componentId, e.docker))[0];
    const v2 = await repo.version('v2');
    const d = await deployAndWait(h, componentId, { commit: v2 });
    expect(d.state, d.reason).toBe('succeeded');
    expect(await httpText(port)).toBe('200 v2');
    const after = await containersOf(componentId, e.docker);
    expect(after).toHaveLength(1);
    expect(after[0].Id).not.toBe(before.Id);
  });

  it('refuses a commit that is not on the configured branch', async () => {
    await repo.git('checkout', '-q', '-b', 'feature');
    const stray = await repo.version('stray');
    await repo.git('checkout', '-q', 'main');
    const before = (await containersOf(componentId, e.docker))[0];
    const d = await deployAndWait(h, componentId, { commit: stray });
    expect(d.state).toBe('failed');
    expect(d.reason).toMatch(/not on branch main/);
    expect((await containersOf(componentId, e.docker))[0].Id).toBe(before.Id);
    expect(await httpText(port)).toBe('200 v2');
  });

  it('a build that fails leaves the running container untouched', async () => {
    const before = await e.docker.getContainer((await containersOf(componentId, e.docker))[0].Id).inspect();
    const broken = await repo.commit('broken build', { Dockerfile: `FROM ${BASE_IMAGE}\nRUN echo about to fail && exit 3\n${SERVE}\n` });
    const d = await deployAndWait(h, componentId, { commit: broken });
    expect(d.state).toBe('failed');
    expect(d.reason).toMatch(/^build failed: .*(exit|returned a non-zero code).*3/);
    const log = await readDeployLog(h.dataDir, d.id);
    expect(log).toContain('about to fail');
    const after = await e.docker.getContainer(before.Id).inspect();
    expect(after.State.StartedAt).toBe(before.State.StartedAt);
    expect(after.State.Running).toBe(true);
    expect(await httpText(port)).toBe('200 v2');
  });

  it('a new version that exits at once is rolled back; the old container answers again', async () => {
    const before = (await containersOf(componentId, e.docker))[0];
    const crashing = await repo.commit('crashes', {
      Dockerfile: `FROM ${BASE_IMAGE}\nCOPY version /www/version\nCMD ["/bin/sh","-c","echo starting v-crash; echo fatal: no config >&2; exit 7"]\n`,
      version: 'v-crash\n',
    });
    const d = await deployAndWait(h, componentId, { commit: crashing });
    expect(d.state).toBe('rolled-back');
    expect(d.reason).toMatch(/exited with code 7|restarted/);
    expect(d.reason).toContain('fatal: no config');
    const after = await containersOf(componentId, e.docker);
    expect(after.map((c) => c.Id)).toEqual([before.Id]);
    expect(after[0].State).toBe('running');
    expect(after[0].Names[0]).toBe(`/autodeploy-${name}`);
    expect(await httpText(port)).toBe('200 v2');
  });

  it('a new version that fails its HTTP probe is rolled back', async () => {
    const before = (await containersOf(componentId, e.docker))[0];
    // serves, but without /version: the probe gets 404
    const noVersion = await repo.commit('no version file', { Dockerfile: `FROM ${BASE_IMAGE}\n${SERVE}\n` });
    const d = await deployAndWait(h, componentId, { commit: noVersion });
    expect(d.state).toBe('rolled-back');
    expect(d.reason).toMatch(/HTTP probe http:\/\/127\.0\.0\.1:\d+\/version answered 404, expected 200/);
    expect((await containersOf(componentId, e.docker)).map((c) => c.Id)).toEqual([before.Id]);
    expect(await httpText(port)).toBe('200 v2');
  });

  it('rolls back to the previous successful deploy on request', async () => {
    const d = await h.manager.rollback(componentId);
    expect(d.trigger.kind).toBe('rollback');
    const done = await waitFinal(h, d.id);
    expect(done.state, done.reason).toBe('succeeded');
    expect(await httpText(port)).toBe('200 v1');
    // shown by the reference the earlier deploy ran while it still names that image, not by id
    expect(done.result?.image).toBe(h.store.data.deploys.find((x) => x.id === done.target.rollbackOf)?.result?.image);
    expect(done.result?.image).toMatch(/^autodeploy\//);
    const events = h.seen.filter((e) => e.type === 'deploy' && e.deploy.id === d.id).map((e) => (e.type === 'deploy' ? e.deploy.state : ''));
    expect(events).toEqual(['queued', 'deploying', 'succeeded']);
  });

  it("waits for the image's own HEALTHCHECK: healthy after 1 s goes live", async () => {
    // ready only a second after start; Podman (no systemd) never runs the check by itself
    const cmd = ['/bin/sh', '-c', "trap 'exit 0' TERM; (sleep 1; echo ok > /tmp/ready) & httpd -f -p 8080 -h /www & wait"];
    const hc = await repo.commit('with a healthcheck', {
      Dockerfile: `FROM ${BASE_IMAGE}\nCOPY version /www/version\nHEALTHCHECK --interval=1s --timeout=2s --retries=5 CMD test -e /tmp/ready\nCMD ${JSON.stringify(cmd)}\n`,
      version: 'v-hc\n',
    });
    const d = await deployAndWait(h, componentId, { commit: hc });
    expect(d.state, d.reason).toBe('succeeded');
    expect(await readDeployLog(h.dataDir, d.id)).toMatch(/health: waiting for the container's HEALTHCHECK[\s\S]*health: health check: healthy/);
    expect(await httpText(port)).toBe('200 v-hc');
  });

  it("rolls back when the image's HEALTHCHECK reports unhealthy", async () => {
    const before = (await containersOf(componentId, e.docker))[0];
    const sick = await repo.commit('unhealthy', {
      Dockerfile: `FROM ${BASE_IMAGE}\nCOPY version /www/version\nHEALTHCHECK --interval=1s --timeout=5s --retries=2 CMD echo db unreachable; exit 1\n${SERVE}\n`,
      version: 'v-sick\n',
    });
    const d = await deployAndWait(h, componentId, { commit: sick });
    expect(d.state).toBe('rolled-back');
    expect(d.reason).toMatch(/HEALTHCHECK reports unhealthy: db unreachable/);
    expect((await containersOf(componentId, e.docker)).map((c) => c.Id)).toEqual([before.Id]);
    expect(await httpText(port)).toBe('200 v-hc');
  });

  it('keeps only the last N images of the component', async () => {
    await h.components.update(componentId, { deploy: { keepImages: 1 } });
    const v4 = await repo.version('v4');
    const d = await deployAndWait(h, componentId, { commit: v4 });
    expect(d.state, d.reason).toBe('succeeded');
    const images = await e.docker.listImages({ filters: { label: [`autodeploy.component=${componentId}`] } });
    expect(images.map((i) => i.Id)).toEqual([d.result!.imageId]);
    expect(await readDeployLog(h.dataDir, d.id)).toMatch(/images: removed old image/);
    await expect(h.manager.rollback(componentId)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('deleting the component after git deploys removes its containers and images and the component', async () => {
    const imageIds = new Set(h.store.data.deploys.filter((d) => d.componentId === componentId && d.result?.imageId).map((d) => d.result!.imageId!));
    expect(imageIds.size).toBeGreaterThan(0);
    expect(await h.components.remove(componentId, { removeContainer: true })).toEqual({ removedContainer: true });
    expect(h.store.data.components.find((c) => c.id === componentId)).toBeUndefined();
    expect(await containersOf(componentId, e.docker)).toEqual([]);
    expect(await e.docker.listImages({ filters: { label: [`autodeploy.component=${componentId}`] } })).toEqual([]);
    for (const id of imageIds) expect(await e.docker.getImage(id).inspect().then(() => id, () => null)).toBeNull();
  });
});
