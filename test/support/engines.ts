/**
 * Suites that must hold on every container engine the app supports run once per engine:
 * Docker (DOCKER_HOST or the default socket) and Podman (its Docker-compatible API, a service
 * started for the file by podman.ts). Each run gets a `TestEngine` whose fields are set before
 * the suite's own beforeAll hooks run.
 */
import Docker from 'dockerode';
import { afterAll, beforeAll } from 'vitest';
import type { ContainerEngine } from '../../electron/core/deploy/engine/container-engine';
import { createContainerEngine } from '../../electron/core/deploy/engine/create-engine';
import { dockerUnavailableReason, ensureBaseImage } from './docker';
import type { EngineClient } from './docker';
import { podmanUnavailableReason, startPodman } from './podman';
import type { TestPodman } from './podman';
import { describeWith } from './prerequisite';

export type EngineKind = 'docker' | 'podman';
export const ENGINE_KINDS: EngineKind[] = ['docker', 'podman'];

export interface TestEngine extends EngineClient {
  kind: EngineKind;
  /** The app's engine on it. */
  engine: ContainerEngine;
  /** `docker` CLI arguments that reach it (`-H …` for Podman). */
  cli: string[];
}

function dockerEngine(): TestEngine {
  const docker = new Docker();
  return { kind: 'docker', docker, engine: createContainerEngine(docker), cli: [] };
}

/**
 * `describe` once per engine (`name [docker]`, `name [podman]`), failing with the reason where
 * one cannot run. The base image exists on the engine before the body's hooks run.
 */
export async function describeEngines(name: string, body: (e: TestEngine) => void, kinds: EngineKind[] = ENGINE_KINDS): Promise<void> {
  for (const kind of kinds) {
    if (kind === 'docker') {
      const e = dockerEngine();
      await describeWith(`${name} [docker]`, [dockerUnavailableReason()], () => {
        beforeAll(async () => {
          await ensureBaseImage(e);
        });
        body(e);
      });
      continue;
    }
    // filled in by beforeAll, before any hook of the body runs
    const e = { kind: 'podman', cli: [] } as unknown as TestEngine;
    let podman: TestPodman | undefined;
    await describeWith(`${name} [podman]`, [podmanUnavailableReason()], () => {
      beforeAll(async () => {
        podman = await startPodman();
        Object.assign(e, { docker: podman.docker, host: podman.host, engine: createContainerEngine(podman.docker), cli: ['-H', podman.host] });
        await ensureBaseImage(e);
      }, 60_000);
      afterAll(async () => {
        await podman?.stop();
      });
      body(e);
    });
  }
}
