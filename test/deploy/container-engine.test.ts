import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ContainerEngine } from '../../electron/core/deploy/engine/container-engine';
import { createContainerEngine, createDockerProbe } from '../../electron/core/deploy/engine/create-engine';
import { EngineError } from '../../electron/core/deploy/engine/engine-errors';
import { BASE_IMAGE, describeDocker, ensureBaseImage } from '../support/docker';
import { cleanupComponents, uniqueName } from './helpers';

/**
 * The semantics deploy logic relies on, checked against the real engine: missing things are
 * null or no-ops, repeated stops/starts are fine, logs come back demultiplexed, errors keep
 * their status. (Any other ContainerEngine implementation must pass the same suite.)
 */
await describeDocker('ContainerEngine port semantics (dockerode, real engine)', () => {
  let engine: ContainerEngine;
  const label = uniqueName('c_contract');
  const name = uniqueName('autodeploy-contract');
  let id: string;

  beforeAll(async () => {
    await ensureBaseImage();
    engine = createContainerEngine();
  });
  afterAll(async () => {
    await cleanupComponents([label], []);
  });

  it('reports version, info and status', async () => {
    const v = await engine.version();
    expect(v.apiVersion).toMatch(/^\d+\.\d+$/);
    expect(typeof (await engine.info()).swarmActive).toBe('boolean');
    expect(await createDockerProbe().status()).toMatchObject({ ok: true, version: v.version, apiVersion: v.apiVersion });
  });

  it('answers null for what does not exist, and removing it is a no-op', async () => {
    expect(await engine.inspectContainer('autodeploy-no-such-container-xyz')).toBeNull();
    expect(await engine.inspectImage('autodeploy/no-such-image:none')).toBeNull();
    expect(await engine.inspectService('autodeploy-no-such-service')).toBeNull();
    await engine.removeContainer('autodeploy-no-such-container-xyz');
    await engine.removeImage('autodeploy/no-such-image:none');
  });

  it('creates, lists by label, starts twice, logs, stops twice, renames and removes a container', async () => {
    id = await engine.createContainer({
      name,
      image: BASE_IMAGE,
      env: { WORD: 'contract' },
      command: ['/bin/sh', '-c', "echo out $WORD; echo err >&2; trap 'exit 0' TERM; sleep 600 & wait"],
      ports: [{ containerPort: 8080, protocol: 'tcp', hostIp: '127.0.0.1' }],
      volumes: [],
      restart: 'no',
      labels: { 'autodeploy.component': label },
    });
    expect((await engine.listContainers({ 'autodeploy.component': label })).map((c) => [c.id, c.name])).toEqual([[id, name]]);
    await engine.startContainer(id);
    await engine.startContainer(id);
    const c = await engine.inspectContainer(id);
    expect(c).toMatchObject({ running: true, health: 'none', restartCount: 0, labels: { 'autodeploy.component': label } });
    expect(c!.ports[0]).toMatchObject({ containerPort: 8080, hostIp: '127.0.0.1' });
    expect(c!.ports[0].hostPort).toBeGreaterThan(0);
    for (let i = 0; i < 50 && !(await engine.containerLogs(id, 10)).includes('err'); i++) await new Promise((r) => setTimeout(r, 100));
    expect((await engine.containerLogs(id, 10)).split('\n').filter(Boolean).sort()).toEqual(['err', 'out contract']);
    await engine.stopContainer(id, 5);
    await engine.stopContainer(id, 5);
    expect((await engine.inspectContainer(id))?.running).toBe(false);
    await engine.renameContainer(id, `${name}-renamed`);
    expect((await engine.inspectContainer(`${name}-renamed`))?.id).toBe(id);
    await engine.removeContainer(id);
    expect(await engine.inspectContainer(id)).toBeNull();
  });

  it('keeps the engine status of errors', async () => {
    const err = await engine.startContainer('autodeploy-no-such-container-xyz').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).statusCode).toBe(404);
  });
});
