import { afterAll, beforeAll, expect, it } from 'vitest';
import { readDeployLog } from '../../electron/core/deploy/job/deploy-log';
import { BASE_IMAGE, describeDocker, ensureBaseImage } from '../support/docker';
import { startRegistry } from '../support/registry';
import type { TestRegistry } from '../support/registry';
import type { Harness } from './helpers';
import { SERVE, buildWithCli, cleanupComponents, createComponent, deployAndWait, docker, openHarness, run, uniqueName } from './helpers';

interface ServiceView {
  Spec: { TaskTemplate: { ContainerSpec: { Image: string } }; UpdateConfig?: { FailureAction?: string; Monitor?: number } };
  UpdateStatus?: { State?: string };
}

await describeDocker('Swarm target: rolling update with Swarm rollback (real engine in swarm mode)', () => {
  let h: Harness;
  let registry: TestRegistry;
  let repo: string;
  let componentId: string;
  let weInitialised = false;
  const name = uniqueName('swarm');

  async function push(version: string, dockerfile = `FROM ${BASE_IMAGE}\nCOPY version /www/version\n${SERVE}\n`): Promise<void> {
    await buildWithCli(`${repo}:latest`, dockerfile, { version: `${version}\n` });
    await run('docker', ['push', `${repo}:latest`]);
  }
  const service = async (): Promise<ServiceView> => (await docker.getService(`autodeploy-${name}`).inspect()) as ServiceView;

  beforeAll(async () => {
    await ensureBaseImage();
    const state = (await run('docker', ['info', '--format', '{{.Swarm.LocalNodeState}}'])).stdout.trim();
    if (state !== 'active') {
      await run('docker', ['swarm', 'init', '--advertise-addr', '127.0.0.1']);
      weInitialised = true;
    }
    registry = await startRegistry();
    repo = `${registry.host}/team/${name}`;
    h = await openHarness();
    componentId = await createComponent(h, {
      name,
      source: { type: 'image', image: `${repo}:latest` },
      deploy: { target: 'swarm', replicas: 1, healthcheck: { timeoutSeconds: 60, stableSeconds: 2 } },
    });
  });
  afterAll(async () => {
    await h?.close();
    await cleanupComponents(componentId ? [componentId] : [], [name]);
    const images = await docker.listImages({ filters: { reference: [repo] } }).catch(() => []);
    for (const img of images) await docker.getImage(img.Id).remove({ force: true }).catch(() => undefined);
    await registry?.stop();
    if (weInitialised) await run('docker', ['swarm', 'leave', '--force']);
  });

  it('creates the service, then updates it to a new image', async () => {
    await push('v1');
    const d1 = await deployAndWait(h, componentId);
    expect(d1.state, d1.reason).toBe('succeeded');
    expect(d1.result?.serviceId).toBeTruthy();
    expect((await service()).Spec.TaskTemplate.ContainerSpec.Image).toBe(`${repo}:latest@${d1.result!.digest!}`);

    await push('v2');
    const d2 = await deployAndWait(h, componentId);
    expect(d2.state, d2.reason).toBe('succeeded');
    const s = await service();
    expect(s.Spec.TaskTemplate.ContainerSpec.Image).toBe(`${repo}:latest@${d2.result!.digest!}`);
    expect(s.Spec.UpdateConfig?.FailureAction).toBe('rollback');
    expect(s.UpdateStatus?.State).toBe('completed');
    expect(h.store.data.components.find((c) => c.id === componentId)?.running).toMatchObject({ deployId: d2.id, serviceId: d1.result!.serviceId });
  });

  it('the same digest is "already up to date"; changed settings roll out without a new image', async () => {
    const same = await deployAndWait(h, componentId);
    expect(same).toMatchObject({ state: 'succeeded', reason: 'already up to date' });
    await h.components.update(componentId, { deploy: { env: { MODE: 'blue' } } });
    const d = await deployAndWait(h, componentId);
    expect(d.state, d.reason).toBe('succeeded');
    expect(await readDeployLog(h.dataDir, d.id)).toMatch(/rolling update of autodeploy-.* to new settings/);
    const spec = (await docker.getService(`autodeploy-${name}`).inspect()) as { Spec: { TaskTemplate: { ContainerSpec: { Env?: string[] } } } };
    expect(spec.Spec.TaskTemplate.ContainerSpec.Env).toEqual(['MODE=blue']);
  });

  it('an image that fails is rolled back by Swarm and recorded as rolled-back', async () => {
    const good = (await service()).Spec.TaskTemplate.ContainerSpec.Image;
    await push('bad', `FROM ${BASE_IMAGE}\nCMD ["/bin/sh","-c","echo broken >&2; exit 3"]\n`);
    const d = await deployAndWait(h, componentId);
    expect(d.state, d.reason).toBe('rolled-back');
    expect(d.reason).toMatch(/Swarm rolled the update back/);
    const s = await service();
    expect(s.Spec.TaskTemplate.ContainerSpec.Image).toBe(good);
    expect(s.UpdateStatus?.State).toBe('rollback_completed');
    expect(await readDeployLog(h.dataDir, d.id)).toMatch(/swarm: rolling update of autodeploy-.* \(failure action: rollback\)/);
  });
});
