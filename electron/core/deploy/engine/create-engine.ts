/** Makes the real engine (dockerode) and the reachability probe status shows. */
import type Docker from 'dockerode';
import type { DockerStatus } from '../../../../shared/schemas/status';
import type { DockerProbe } from '../../ports';
import type { ContainerEngine } from './container-engine';
import { DockerodeEngine } from './dockerode-engine';
import { EngineUnreachableError, unreachableMessage } from './engine-errors';

/** The real engine, found through DOCKER_HOST or the default socket unless a client is given. */
export function createContainerEngine(docker?: Docker): ContainerEngine {
  return new DockerodeEngine(docker);
}

/** Engine reachability for status (never throws). */
export function createDockerProbe(docker?: Docker | ContainerEngine): DockerProbe {
  const engine = docker && 'inspectContainer' in docker ? docker : createContainerEngine(docker);
  return {
    async status(): Promise<DockerStatus> {
      try {
        const v = await engine.version();
        let swarm: boolean | undefined;
        try {
          swarm = (await engine.info()).swarmActive;
        } catch {
          swarm = undefined;
        }
        return { ok: true, ...(v.name ? { engine: v.name } : {}), version: v.version, apiVersion: v.apiVersion, ...(swarm === undefined ? {} : { swarm }) };
      } catch (err) {
        const message = err instanceof EngineUnreachableError ? err.message : unreachableMessage((err as Error).message);
        return { ok: false, error: message };
      }
    },
  };
}
