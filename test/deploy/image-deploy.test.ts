import { afterAll, beforeAll, expect, it } from 'vitest';
import { readDeployLog } from '../../electron/core/deploy/job/deploy-log';
import { BASE_IMAGE } from '../support/docker';
import { describeEngines } from '../support/engines';
import { freePort, startRegistry } from '../support/registry';
import type { TestRegistry } from '../support/registry';
import type { Harness } from './helpers';
import { SERVE, buildWithCli, cleanupComponents, containersOf, createComponent, deployAndWait, httpText, openHarness, run, uniqueName } from './helpers';

await describeEngines('deploy from a registry (real engine, loopback registry)', (e) => {
  let h: Harness;
  let registry: TestRegistry;
  let port: number;
  let componentId: string;
  let repo: string;
  const name = uniqueName('img');
  const ids: string[] = [];

  /** Build a served version with the CLI, push it as `repo:tag`, and drop the local copy. */
  async function push(version: string, tag: string, dockerfile = `FROM ${BASE_IMAGE}\nCOPY version /www/version\n${SERVE}\n`): Promise<void> {
    const ref = `${repo}:${tag}`;
    await buildWithCli(ref, dockerfile, { version: `${version}\n` }, e.cli);
    await run('docker', [...e.cli, 'push', ref]);
    await run('docker', [...e.cli, 'rmi', ref]);
  }

  beforeAll(async () => {
    registry = await startRegistry();
    repo = `${registry.host}/team/${name}`;
    h = await openHarness(undefined, { engine: e.engine });
    port = await freePort();
    componentId = await createComponent(h, {
      name,
      source: { type: 'image', image: `${repo}:latest` },
      triggers: { image: { tagPattern: '' } },
      deploy: { ports: [`127.0.0.1:${port}:8080`], healthcheck: { timeoutSeconds: 30, stableSeconds: 1 } },
    });
    ids.push(componentId);
  });
  afterAll(async () => {
    await h?.close();
    await cleanupComponents(ids, [name], e.docker);
    const images = await e.docker.listImages({ filters: { reference: [`${repo}`] } }).catch(() => []);
    for (const img of images) await e.docker.getImage(img.Id).remove({ force: true }).catch(() => undefined);
    await registry?.stop();
  });

  it('pulls v1 then v2 of a tag from the registry; the container runs v2', async () => {
    await push('v1', 'latest');
    const d1 = await deployAndWait(h, componentId);
    expect(d1.state, d1.reason).toBe('succeeded');
    expect(await httpText(port)).toBe('200 v1');

    await push('v2', 'latest');
    const d2 = await deployAndWait(h, componentId);
    expect(d2.state, d2.reason).toBe('succeeded');
    expect(await httpText(port)).toBe('200 v2');
    expect(d2.result?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(d2.result?.digest).not.toBe(d1.result?.digest);
    const containers = await containersOf(componentId, e.docker);
    expect(containers).toHaveLength(1);
    expect(containers[0].Labels['autodeploy.deploy']).toBe(d2.id);

    // the digest recorded is the registry's for that tag
    const head = await fetch(`http://${registry.host}/v2/team/${name}/manifests/latest`, {
      method: 'HEAD',
      headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' },
    });
    expect(d2.result?.digest).toBe(head.headers.get('docker-content-digest'));
    const log = await readDeployLog(h.dataDir, d2.id);
    expect(log).toMatch(/registry: .*:latest is sha256:/);
    expect(log).toMatch(/pull: .*(Pull complete|Download complete|Downloaded newer image)/);
  });

  it('the same digest again is "already up to date" and restarts nothing', async () => {
    const before = await e.docker.getContainer((await containersOf(componentId, e.docker))[0].Id).inspect();
    const d = await deployAndWait(h, componentId);
    expect(d.state).toBe('succeeded');
    expect(d.reason).toBe('already up to date');
    expect(d.result?.upToDate).toBe(true);
    const after = await e.docker.getContainer(before.Id).inspect();
    expect(after.State.StartedAt).toBe(before.State.StartedAt);
    expect(await readDeployLog(h.dataDir, d.id)).toContain('already up to date');
    expect(d.result?.containerId).toBe(before.Id);
  });

  it('deploys the tag a request names, resolved on the registry', async () => {
    await push('v3', 'v3');
    const d = await deployAndWait(h, componentId, { tag: 'v3', digest: `sha256:${'0'.repeat(64)}` });
    expect(d.state, d.reason).toBe('succeeded');
    expect(d.result?.tag).toBe('v3');
    expect(await httpText(port)).toBe('200 v3');
    // a forged digest hint is only noted: the registry decides
    expect(await readDeployLog(h.dataDir, d.id)).toMatch(/the webhook named sha256:0+, but the registry says sha256:/);
  });

  it('a tag missing on the registry fails clearly and changes nothing', async () => {
    const before = (await containersOf(componentId, e.docker))[0];
    const d = await deployAndWait(h, componentId, { tag: 'v404' });
    expect(d.state).toBe('failed');
    expect(d.reason).toMatch(/^pull failed: registry: .*v404 does not exist/);
    expect((await containersOf(componentId, e.docker))[0].Id).toBe(before.Id);
  });

  it('a new image whose container exits at once is rolled back', async () => {
    const before = (await containersOf(componentId, e.docker))[0];
    await push('bad', 'bad', `FROM ${BASE_IMAGE}\nCMD ["/bin/sh","-c","echo cannot start >&2; exit 1"]\n`);
    const d = await deployAndWait(h, componentId, { tag: 'bad' });
    expect(d.state).toBe('rolled-back');
    expect(d.reason).toContain('cannot start');
    const after = await containersOf(componentId, e.docker);
    expect(after.map((c) => c.Id)).toEqual([before.Id]);
    expect(await httpText(port)).toBe('200 v3');
  });

  it('rejects bad input before queueing anything', async () => {
    const count = h.store.data.deploys.length;
    await expect(h.manager.request({ componentId, trigger: { kind: 'api' }, target: { tag: 'bad tag!' } })).rejects.toMatchObject({ code: 'validation' });
    await expect(h.manager.request({ componentId, trigger: { kind: 'api' }, target: { commit: 'abc123' } })).rejects.toMatchObject({ code: 'validation' });
    await expect(h.manager.request({ componentId, trigger: { kind: 'api' }, target: { image: 'sha256:' + 'f'.repeat(64) } })).rejects.toMatchObject({ code: 'validation' });
    await expect(h.manager.request({ componentId: 'c_nope', trigger: { kind: 'api' }, target: {} })).rejects.toMatchObject({ code: 'not_found' });
    expect(h.store.data.deploys.length).toBe(count);
  });

  it('removes the component resources: container and images', async () => {
    const imageIds = h.store.data.deploys.filter((d) => d.componentId === componentId && d.result?.imageId).map((d) => d.result!.imageId!);
    expect(imageIds.length).toBeGreaterThan(0);
    expect(await h.manager.removeComponentResources(componentId, true)).toBe(true);
    expect(await containersOf(componentId, e.docker)).toEqual([]);
    for (const id of new Set(imageIds)) {
      const exists = await e.docker.getImage(id).inspect().then(() => true, () => false);
      expect(exists, id).toBe(false);
    }
  });
});
