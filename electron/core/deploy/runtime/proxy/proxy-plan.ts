/**
 * Pure rules of proxy mode: which components go behind the proxy, the names and labels of the
 * proxy's parts, and the Caddy servers that route a component's host ports to a container.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { StoredComponent } from '../../../store/document';
import { parsePort } from '../container-spec';

/** The app-managed network component containers and the proxy share (never removed by the app). */
export const PROXY_NETWORK = 'autodeploy-net';
export const PROXY_LABEL = {
  /** On the proxy container: the id of the app (data dir) that owns it. */
  app: 'autodeploy.proxy',
  /** On a component container in proxy mode: its DNS alias on PROXY_NETWORK. */
  upstream: 'autodeploy.upstream',
  /**
   * On a container that automatic zero-downtime left publishing its own ports: why (e.g. a
   * port that does not answer HTTP), so later deploys go the direct way without asking again.
   */
  direct: 'autodeploy.direct',
} as const;
/** Caddy's admin API port inside the proxy container (published on 127.0.0.1 only). */
export const ADMIN_PORT = 2019;
/** Where the boot config is written in the proxy container (`--resume` prefers the autosave). */
export const BOOT_CONFIG_DIR = '/';
export const BOOT_CONFIG_NAME = 'autodeploy-caddy.json';

/** One app per data dir: its proxy container is found by this id. */
export const appIdFor = (dataDir: string): string => createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 12);
export const proxyContainerName = (appId: string): string => `autodeploy-proxy-${appId}`;
/** A lower-case DNS name per deploy (deploy ids mix cases, which DNS would fold). */
export const upstreamAlias = (deployId: string): string => `ad-${createHash('sha256').update(deployId).digest('hex').slice(0, 20)}`;

export interface ProxiedPort {
  /** '' = every address. */
  hostIp: string;
  hostPort: number;
  containerPort: number;
}
/**
 * `auto`: zeroDowntime is unset, so the proxy is tried, and the deploy falls back to
 * stop-then-start when a port does not answer HTTP or the proxy cannot run.
 */
export type ProxyPlan = { proxied: true; ports: ProxiedPort[]; auto: boolean } | { proxied: false; why?: string };

/**
 * Proxy mode needs the container target and only TCP ports with a fixed host port (Caddy's
 * core proxies HTTP; layer 4 needs the caddy-l4 plugin). `zeroDowntime: true` takes every such
 * port as HTTP; unset (the default) is automatic: the same components, checked for HTTP at
 * deploy time; false is off. `why` explains a component that asked for it but cannot have it.
 */
export function proxyPlan(component: StoredComponent): ProxyPlan {
  const d = component.deploy;
  if (d.target !== 'container' || d.zeroDowntime === false) return { proxied: false };
  const auto = d.zeroDowntime == null;
  const cannot = (why: string): ProxyPlan => (auto ? { proxied: false } : { proxied: false, why });
  if (!d.ports.length) return cannot('the component publishes no port');
  const ports: ProxiedPort[] = [];
  for (const mapping of d.ports) {
    const p = parsePort(mapping);
    if (p.protocol !== 'tcp') return cannot(`port ${mapping} is UDP: the proxy (Caddy without the layer-4 plugin) carries HTTP only`);
    if (p.hostPort === undefined) return cannot(`port ${mapping} has no fixed host port for the proxy to hold`);
    ports.push({ hostIp: p.hostIp ?? '', hostPort: p.hostPort, containerPort: p.containerPort });
  }
  return { proxied: true, ports, auto };
}

/** The Caddy server of the local names (`<name>.localhost:<port>`), one route per component. */
export const NAMES_SERVER = 'autodeploy-names';
const NAME_ROUTE_PREFIX = 'autodeploy-name|';
const nameRouteId = (componentId: string): string => `${NAME_ROUTE_PREFIX}${componentId}`;
/** Last on the names server: a name no component has gets a 404 saying so (Caddy's default is an empty 200). */
const UNKNOWN_NAME: CaddyRoute = {
  handle: [{ handler: 'static_response', status_code: 404, body: 'No component behind the Auto Deploy proxy has the name {http.request.host}.\n' }],
};
/** A component's local name: a DNS label under `localhost` (browsers resolve it to loopback). */
export const localHostOf = (componentName: string): string => `${componentName.replace(/_/g, '-')}.localhost`;
/** Where a component answers by name, when the names port is on. */
export interface LocalName {
  host: string;
  port: number;
}
export const localNameUrl = (n: LocalName): string => `http://${n.host}:${n.port}`;
export const isLocalNameUrl = (url: string): boolean => /^http:\/\/[^/:]+\.localhost:\d+$/.test(url);

/** `autodeploy|<componentId>|<hostIp>|<hostPort>`: the Caddy server of one published port. */
export const serverName = (componentId: string, p: ProxiedPort): string => `autodeploy|${componentId}|${p.hostIp}|${p.hostPort}`;
export function parseServerName(name: string): { componentId: string; hostIp: string; hostPort: number } | null {
  const m = /^autodeploy\|([^|]+)\|([^|]*)\|(\d+)$/.exec(name);
  return m ? { componentId: m[1], hostIp: m[2], hostPort: Number(m[3]) } : null;
}

export interface CaddyRoute {
  '@id'?: string;
  match?: Array<{ host: string[] }>;
  handle: Array<{ handler: string; upstreams?: Array<{ dial: string }>; [k: string]: unknown }>;
}
export interface CaddyServer {
  listen: string[];
  automatic_https?: { disable: boolean };
  routes: CaddyRoute[];
  [k: string]: unknown;
}
export interface CaddyConfig {
  admin?: { listen?: string; [k: string]: unknown };
  apps?: { http?: { servers?: Record<string, CaddyServer>; [k: string]: unknown }; [k: string]: unknown };
  [k: string]: unknown;
}

/** A route to `dial`: retries a lost SYN or a reset connection for a moment instead of answering 502. */
function proxyTo(dial: string): CaddyRoute['handle'][number] {
  return {
    handler: 'reverse_proxy',
    upstreams: [{ dial }],
    // a busy upstream can drop a SYN (busybox httpd's backlog is 9; the kernel resends
    // only after 1 s) or reset a fresh connection: redial soon, and retry idempotent
    // requests, for a moment instead of answering 502. Upstreams are on the local
    // bridge, where a dial that takes 300 ms has lost its SYN.
    transport: { protocol: 'http', dial_timeout: '300ms' },
    load_balancing: { try_duration: '5s', try_interval: '50ms', retry_match: [{ method: ['GET', 'HEAD', 'OPTIONS'] }] },
  };
}

/** Inside the proxy container each server listens on its host port's number. */
export function serverFor(p: ProxiedPort, alias: string): CaddyServer {
  return { listen: [`:${p.hostPort}`], automatic_https: { disable: true }, routes: [{ handle: [proxyTo(`${alias}:${p.containerPort}`)] }] };
}

export const emptyConfig = (): CaddyConfig => ({ admin: { listen: `0.0.0.0:${ADMIN_PORT}` }, apps: { http: { servers: {} } } });

/**
 * A copy of `config` whose servers for `componentId` are exactly `ports` → `alias` (none when
 * ports is empty), and whose names server routes `local.host` to the first port (none without
 * `local`; the server goes when no route is left).
 */
export function withComponentRoutes(config: CaddyConfig, componentId: string, ports: ProxiedPort[], alias: string | null, local?: LocalName | null): CaddyConfig {
  const next = structuredClone(config);
  const http = ((next.apps ??= {}).http ??= {});
  const servers = (http.servers ??= {});
  for (const name of Object.keys(servers)) if (parseServerName(name)?.componentId === componentId) delete servers[name];
  if (alias) for (const p of ports) servers[serverName(componentId, p)] = serverFor(p, alias);
  const names = servers[NAMES_SERVER];
  const routes = (names?.routes ?? []).filter((r) => r['@id']?.startsWith(NAME_ROUTE_PREFIX) && r['@id'] !== nameRouteId(componentId));
  if (alias && local && ports.length) {
    routes.push({ '@id': nameRouteId(componentId), match: [{ host: [local.host] }], handle: [proxyTo(`${alias}:${ports[0].containerPort}`)] });
  }
  const listen = local ? [`:${local.port}`] : names?.listen;
  if (routes.length && listen) servers[NAMES_SERVER] = { listen, automatic_https: { disable: true }, routes: [...routes, UNKNOWN_NAME] };
  else delete servers[NAMES_SERVER];
  next.admin = { ...next.admin, listen: `0.0.0.0:${ADMIN_PORT}` };
  return next;
}

/** The names server moved to `port` (0: gone with every name route). */
export function withNamesPort(config: CaddyConfig, port: number): CaddyConfig {
  const next = structuredClone(config);
  const servers = next.apps?.http?.servers;
  const names = servers?.[NAMES_SERVER];
  if (!servers || !names) return next;
  if (port > 0) names.listen = [`:${port}`];
  else delete servers[NAMES_SERVER];
  return next;
}

/** The alias a component's routes dial now (null when it has none). */
export function routedAlias(config: CaddyConfig, componentId: string): string | null {
  for (const [name, server] of Object.entries(config.apps?.http?.servers ?? {})) {
    if (parseServerName(name)?.componentId !== componentId) continue;
    const dial = server.routes[0]?.handle[0]?.upstreams?.[0]?.dial;
    if (dial) return dial.slice(0, dial.lastIndexOf(':'));
  }
  return null;
}

export const componentsRouted = (config: CaddyConfig): Set<string> =>
  new Set(Object.keys(config.apps?.http?.servers ?? {}).flatMap((n) => parseServerName(n)?.componentId ?? []));

/** The host ports the proxy container must publish for a config (the names port on loopback only). */
export function publishedPortsOf(config: CaddyConfig): ProxiedPort[] {
  return Object.entries(config.apps?.http?.servers ?? {}).flatMap(([n, server]) => {
    if (n === NAMES_SERVER) {
      const port = Number(server.listen[0]?.slice(server.listen[0].lastIndexOf(':') + 1));
      return port > 0 ? [{ hostIp: '127.0.0.1', hostPort: port, containerPort: port }] : [];
    }
    const s = parseServerName(n);
    return s ? [{ hostIp: s.hostIp, hostPort: s.hostPort, containerPort: s.hostPort }] : [];
  });
}
