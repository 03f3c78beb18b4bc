/**
 * Where a component's running container answers, as its running state records it: the
 * engine's own published ports, or — behind the zero-downtime proxy — the ports the proxy
 * holds for it and its local name. Used after a deploy and when start-up recovery records a
 * container that a crash left serving.
 */
import type { PublishedAddressInput } from '../../../../shared/published-address';
import { publishedAddresses, publishedOnAllInterfaces } from '../../../../shared/published-address';
import type { RunningState } from '../../../../shared/schemas/component';
import type { ContainerEngine } from '../engine/container-engine';
import type { ProxiedPort } from '../runtime/proxy/proxy-plan';

type Where = Pick<RunningState, 'addresses' | 'exposedToNetwork' | 'proxied'>;

function addressesFrom(ports: PublishedAddressInput[], log: (line: string) => void, localName?: string): Where {
  const addresses = [...publishedAddresses(ports), ...(localName ? [localName] : [])];
  if (addresses.length === 0) return {};
  const exposed = publishedOnAllInterfaces(ports);
  log(`running at ${addresses.join(', ')}${exposed ? ' (published on every interface: reachable from your network)' : ''}`);
  return { addresses, ...(exposed ? { exposedToNetwork: true } : {}) };
}

/** Behind the proxy: its host ports for the component, and the local name when that is on. */
export function proxiedWhere(ports: ProxiedPort[], localName: string | undefined, log: (line: string) => void): Where {
  return { ...addressesFrom(ports.map((p) => ({ ...p, protocol: 'tcp' })), log, localName), proxied: true };
}

/** A container publishing its own ports: from the engine's inspection (not the form). */
export async function publishedWhere(engine: ContainerEngine, containerId: string, log: (line: string) => void): Promise<Where> {
  try {
    return addressesFrom((await engine.inspectContainer(containerId))?.ports ?? [], log);
  } catch (err) {
    log(`could not read the published ports: ${(err as Error).message}`);
    return {};
  }
}
