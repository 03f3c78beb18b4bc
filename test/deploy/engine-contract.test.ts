/**
 * One ContainerEngine contract (engine-contract.ts), three implementations: the in-memory fake
 * the fast tests use, the real Docker engine, and Podman's Docker-compatible API. Passing it
 * on all three is what lets a test on the fake stand for the real engines.
 */
import { describe, expect, it } from 'vitest';
import { createDockerProbe } from '../../electron/core/deploy/engine/create-engine';
import { FakeContainerEngine } from '../../electron/core/deploy/engine/fake-engine';
import { BASE_IMAGE } from '../support/docker';
import { describeEngines } from '../support/engines';
import { startRegistry } from '../support/registry';
import type { TestRegistry } from '../support/registry';
import { engineContract } from './engine-contract';
import { buildWithCli, run } from './helpers';

// as Docker (runs health checks by itself) and as Podman without systemd (only on demand)
describe.each([true, false])('ContainerEngine contract: in-memory fake (runs health checks: %s)', (runsHealthChecks) => {
  engineContract(async () => {
    const engine = new FakeContainerEngine({ runsHealthChecks });
    engine.addImage(BASE_IMAGE);
    return {
      engine,
      baseImage: BASE_IMAGE,
      publish: async (path, tag) => {
        const ref = `127.0.0.1:5000/${path}:${tag}`;
        engine.publish(ref, { cmd: ['/bin/sh', '-c', 'sleep 600'] });
        return ref;
      },
      cleanup: async () => undefined,
    };
  });
});

await describeEngines('ContainerEngine contract', (e) => {
  let registry: TestRegistry | undefined;
  const published: string[] = [];
  engineContract(async () => {
    registry = await startRegistry();
    return {
      engine: e.engine,
      baseImage: BASE_IMAGE,
      publish: async (path, tag) => {
        const ref = `${registry!.host}/${path}:${tag}`;
        await buildWithCli(ref, `FROM ${BASE_IMAGE}\nCMD ["sleep","600"]\n`, {}, e.cli);
        await run('docker', [...e.cli, 'push', ref]);
        await run('docker', [...e.cli, 'rmi', ref]);
        published.push(ref);
        return ref;
      },
      cleanup: async () => {
        for (const ref of published) await e.engine.removeImage(ref).catch(() => undefined);
        await registry?.stop();
      },
    };
  });

  it('status names the engine and its version', async () => {
    const status = await createDockerProbe(e.engine).status();
    expect(status).toMatchObject({ ok: true, engine: e.kind === 'docker' ? 'Docker Engine' : 'Podman Engine' });
    expect(status.version).toMatch(/^\d+\.\d+/);
  });
});
