/** Names, labels and the container/service description of a component (pure). */
import { createHash } from 'node:crypto';
import type { DeploySettings } from '../../../../shared/schemas/component';
import type { StoredComponent } from '../../store/document';
import type { ContainerSpec, PortBinding, ServiceSpecInput } from '../engine/container-engine';

export const LABEL = {
  component: 'autodeploy.component',
  deploy: 'autodeploy.deploy',
  managed: 'autodeploy.managed',
  commit: 'autodeploy.commit',
  /** Hash of the deploy settings the container was created with. */
  config: 'autodeploy.config',
} as const;

export const containerName = (componentName: string): string => `autodeploy-${componentName}`;
export const oldContainerName = (componentName: string, deployId: string): string => `autodeploy-${componentName}-old-${deployId}`;
// deploy ids are newId('d'): "d_" + 12 base64url characters
const OLD_SUFFIX = /^autodeploy-.+-old-(d_[A-Za-z0-9_-]{12})$/;
/** A container we kept aside during a swap (`autodeploy-<name>-old-<deployId>`). */
export const isOldName = (name: string): boolean => OLD_SUFFIX.test(name);
/** `-old-<deployId>` → deployId */
export const deployIdOfOldName = (name: string): string | undefined => OLD_SUFFIX.exec(name)?.[1];
export const serviceName = containerName;

/** `[ip:][hostPort:]containerPort[/proto]` (validated by the component schema). */
export function parsePort(mapping: string): PortBinding {
  const slash = mapping.lastIndexOf('/');
  const protocol = slash >= 0 && /^(tcp|udp)$/.test(mapping.slice(slash + 1)) ? (mapping.slice(slash + 1) as 'tcp' | 'udp') : 'tcp';
  let rest = slash >= 0 && protocol === mapping.slice(slash + 1) ? mapping.slice(0, slash) : mapping;
  let hostIp: string | undefined;
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']:');
    hostIp = rest.slice(1, end);
    rest = rest.slice(end + 2);
  }
  const parts = rest.split(':');
  if (parts.length === 3) hostIp = parts.shift();
  const containerPort = Number(parts.pop());
  const host = parts.pop();
  return {
    containerPort,
    protocol,
    ...(hostIp ? { hostIp } : {}),
    ...(host ? { hostPort: Number(host) } : {}),
  };
}

export function labelsFor(component: StoredComponent, deployId: string, commit?: string): Record<string, string> {
  return {
    [LABEL.component]: component.id,
    [LABEL.deploy]: deployId,
    [LABEL.managed]: 'true',
    ...(commit ? { [LABEL.commit]: commit } : {}),
  };
}

/** Changes when anything the container is created from changes (ports, env, volumes, ...). */
export function configHash(component: StoredComponent): string {
  const { adoptContainer: _a, keepImages: _k, healthcheck: _h, ...runtime } = component.deploy;
  return createHash('sha256').update(JSON.stringify({ ...runtime, name: component.name })).digest('hex').slice(0, 16);
}

export function containerSpecFor(component: StoredComponent, image: string, deployId: string, commit?: string): ContainerSpec {
  const d: DeploySettings = component.deploy;
  return {
    name: containerName(component.name),
    image,
    env: d.env,
    ...(d.command?.length ? { command: d.command } : {}),
    ports: d.ports.map(parsePort),
    volumes: d.volumes,
    restart: d.restart,
    ...(d.network ? { network: d.network } : {}),
    labels: { ...labelsFor(component, deployId, commit), [LABEL.config]: configHash(component) },
  };
}

export function serviceSpecFor(component: StoredComponent, image: string, deployId: string, commit?: string): ServiceSpecInput {
  // serviceName is containerName, so the container spec's name is the service's too
  const { restart: _restart, ...spec } = containerSpecFor(component, image, deployId, commit);
  const d = component.deploy;
  return { ...spec, replicas: d.replicas, monitorSeconds: Math.max(d.healthcheck.stableSeconds, 1) };
}
