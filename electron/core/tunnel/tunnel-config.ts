/**
 * Turns the persisted tunnel settings plus the listener's address into what one tunnel attempt
 * needs, with a clear message for anything the client would otherwise choke on silently
 * (a trailing slash on the host makes client 2.0.2 retry forever, docs/tunnel.md §2).
 */
import type { Settings } from '../../../shared/schemas/settings';
import { TUNNEL_SUBDOMAIN_MESSAGE, isTunnelSubdomain } from '../../../shared/tunnel-subdomain';

export interface TunnelConfig {
  /** Server base URL without trailing slash. */
  host: string;
  subdomain?: string;
  localHost: string;
  localPort: number;
}

export class TunnelConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TunnelConfigError';
  }
}


export function normalizeHost(raw: string): string {
  const trimmed = raw.trim().replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new TunnelConfigError(`tunnel server "${raw}" is not a URL (expected e.g. https://localtunnel.me)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TunnelConfigError(`tunnel server "${raw}" must be an http:// or https:// URL`);
  }
  if (url.search || url.hash) throw new TunnelConfigError(`tunnel server "${raw}" must not have a query or fragment`);
  if (url.username || url.password) throw new TunnelConfigError(`tunnel server "${raw}" must not contain credentials`);
  return trimmed;
}

/** A wildcard bind address is not something to connect to; the listener is reachable on loopback. */
export function connectableHost(bindHost: string): string {
  const h = bindHost.trim();
  if (h === '' || h === '0.0.0.0') return '127.0.0.1';
  if (h === '::' || h === '[::]') return '::1';
  return h;
}

export function readTunnelConfig(
  settings: Settings['tunnel'],
  localHost: string,
  localPort: number,
  neverExpose: readonly number[] = [],
): TunnelConfig {
  const host = normalizeHost(settings.host);
  const subdomain = settings.subdomain === '' ? undefined : settings.subdomain;
  // the server would answer 403 on every retry (a name saved under the earlier, looser rule)
  if (subdomain !== undefined && !isTunnelSubdomain(subdomain)) {
    throw new TunnelConfigError(`requested subdomain "${subdomain}": ${TUNNEL_SUBDOMAIN_MESSAGE}`);
  }
  if (!Number.isInteger(localPort) || localPort < 1 || localPort > 65535) {
    throw new TunnelConfigError('the webhook listener is not listening yet, so there is nothing to tunnel to');
  }
  if (neverExpose.includes(localPort)) {
    // defence in depth: the tunnel must only ever reach the webhook listener
    throw new TunnelConfigError(`refusing to tunnel to port ${localPort}: it is not the webhook listener's port`);
  }
  return { host, subdomain, localHost: connectableHost(localHost), localPort };
}
