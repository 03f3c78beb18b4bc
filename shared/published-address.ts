/**
 * Published ports as addresses a person can open. Docker reports a port bound on every
 * interface as 0.0.0.0 (or ::); that is reachable here at 127.0.0.1, and also from the network,
 * which the dashboard warns about. Pure, shared by the deploy engine, the dashboard and the tray.
 */
export interface PublishedAddressInput {
  hostIp: string;
  hostPort: number;
  protocol: string;
}

const ALL_INTERFACES = new Set(['', '0.0.0.0', '::', '[::]']);

/** `http://host:port` for each published tcp port, all-interface bindings shown as 127.0.0.1; no duplicates. */
export function publishedAddresses(ports: readonly PublishedAddressInput[]): string[] {
  const out: string[] = [];
  for (const p of ports) {
    if (p.protocol !== 'tcp' || !p.hostPort) continue;
    const ip = ALL_INTERFACES.has(p.hostIp) ? '127.0.0.1' : p.hostIp;
    const host = ip.includes(':') && !ip.startsWith('[') ? `[${ip}]` : ip;
    const url = `http://${host}:${p.hostPort}`;
    if (!out.includes(url)) out.push(url);
  }
  return out;
}

/** Whether any tcp port is published on every interface (reachable from the network). */
export function publishedOnAllInterfaces(ports: readonly PublishedAddressInput[]): boolean {
  return ports.some((p) => p.protocol === 'tcp' && !!p.hostPort && ALL_INTERFACES.has(p.hostIp));
}

/** A port mapping as the form writes it, restricted to the loopback interface. */
export function loopbackOnly(mapping: string): string {
  const m = /^(?:(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(?:(\d{1,5})?:)?(\d{1,5}(?:\/(?:tcp|udp))?)$/.exec(mapping.trim());
  if (!m) return mapping;
  const [, , hostPort, container] = m;
  // "127.0.0.1::8080" asks Docker for a random host port on loopback
  return `127.0.0.1:${hostPort ?? ''}:${container}`;
}

/** Whether a mapping already binds to a specific (not every) interface. */
export function bindsSpecificInterface(mapping: string): boolean {
  return /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):/.test(mapping.trim()) && !/^0\.0\.0\.0:/.test(mapping.trim());
}
