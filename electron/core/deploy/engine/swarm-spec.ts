/** Our service description → Docker's ServiceSpec (rolling update, Swarm's own rollback). */
import type { ServiceSpecInput } from './container-engine';

const SECOND_NS = 1_000_000_000;

interface Mount {
  Type: 'bind' | 'volume';
  Source: string;
  Target: string;
  ReadOnly: boolean;
}

/** `source:/target[:ro|rw]` → a Swarm mount (a source starting with "/" is a host path). */
export function toMount(volume: string): Mount {
  const parts = volume.split(':');
  const mode = parts.length > 2 ? parts[parts.length - 1] : undefined;
  const [source = '', target = ''] = parts;
  return { Type: source.startsWith('/') ? 'bind' : 'volume', Source: source, Target: target, ReadOnly: mode === 'ro' };
}

export function toDockerServiceSpec(spec: ServiceSpecInput): Record<string, unknown> {
  const monitor = Math.max(1, spec.monitorSeconds) * SECOND_NS;
  return {
    Name: spec.name,
    Labels: spec.labels,
    TaskTemplate: {
      ContainerSpec: {
        Image: spec.image,
        Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
        // Like `docker run IMAGE cmd...`: replaces CMD, keeps the ENTRYPOINT.
        ...(spec.command?.length ? { Args: spec.command } : {}),
        // no component label on task containers: those stay Swarm's, never mistaken for ours
        Mounts: spec.volumes.map(toMount),
      },
      RestartPolicy: { Condition: 'any', Delay: SECOND_NS, MaxAttempts: 0 },
      ...(spec.network ? { Networks: [{ Target: spec.network }] } : {}),
    },
    Mode: { Replicated: { Replicas: spec.replicas } },
    UpdateConfig: { Parallelism: 1, Delay: 0, FailureAction: 'rollback', Monitor: monitor, MaxFailureRatio: 0, Order: 'start-first' },
    RollbackConfig: { Parallelism: 1, Delay: 0, FailureAction: 'pause', Monitor: monitor, MaxFailureRatio: 0, Order: 'stop-first' },
    EndpointSpec: {
      Ports: spec.ports
        .filter((p) => p.hostPort !== undefined)
        .map((p) => ({ Protocol: p.protocol, TargetPort: p.containerPort, PublishedPort: p.hostPort, PublishMode: 'ingress' })),
    },
  };
}
