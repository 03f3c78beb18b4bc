/**
 * The app's proxy container: one per app (found by its label, so a restarted app adopts it),
 * on the app network, `unless-stopped` so it outlives the app and comes back with the engine.
 * It publishes the admin API on 127.0.0.1 only and every routed host port; when the set of
 * host ports changes it must be re-created (Docker cannot add ports to a container).
 */
import type { ContainerDetails, ContainerEngine, PortBinding } from '../../engine/container-engine';
import { LABEL } from '../container-spec';
import { getConfig, loadConfig, waitAdmin } from './caddy-admin';
import type { CaddyConfig, LocalName } from './proxy-plan';
import { ADMIN_PORT, BOOT_CONFIG_DIR, BOOT_CONFIG_NAME, PROXY_LABEL, PROXY_NETWORK, localHostOf, localNameUrl, proxyContainerName, publishedPortsOf } from './proxy-plan';

export interface ProxyEnv {
  /** Which app owns the proxy (proxy-plan appIdFor). */
  appId: string;
  /** The configured proxy image (settings.proxy.image). */
  image: () => string;
  /** settings.proxy.localNamesPort (0 = off). */
  localNamesPort: () => number;
}

/** Where a component answers by name through the proxy, or null when the names port is off. */
export function localNameOf(env: ProxyEnv, componentName: string): LocalName | null {
  const port = env.localNamesPort();
  return port > 0 ? { host: localHostOf(componentName), port } : null;
}

/** The component's URL by name (`http://<name>.localhost:<port>`), or undefined when the names port is off. */
export function localNameUrlOf(env: ProxyEnv, componentName: string): string | undefined {
  const local = localNameOf(env, componentName);
  return local ? localNameUrl(local) : undefined;
}

const locks = new Map<string, Promise<unknown>>();
/** Proxy changes of one app, one at a time (read config → change → load). */
export function withProxyLock<T>(appId: string, fn: () => Promise<T>): Promise<T> {
  const prev = locks.get(appId) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  locks.set(appId, next.catch(() => undefined));
  return next;
}

export async function findProxy(engine: ContainerEngine, appId: string): Promise<ContainerDetails | null> {
  const [found] = await engine.listContainers({ [PROXY_LABEL.app]: appId });
  return found ? engine.inspectContainer(found.id) : null;
}

export function adminUrlOf(proxy: ContainerDetails): string | null {
  const p = proxy.ports.find((x) => x.containerPort === ADMIN_PORT && x.hostPort > 0);
  return p ? `http://127.0.0.1:${p.hostPort}` : null;
}

const wildcard = (ip: string): string => (ip === '0.0.0.0' || ip === '::' ? '' : ip);
const portKeys = (ports: Array<{ hostIp: string; hostPort: number }>): string =>
  [...new Set(ports.map((p) => `${wildcard(p.hostIp)}|${p.hostPort}`))].sort().join(',');

export async function ensureNetwork(engine: ContainerEngine): Promise<void> {
  await engine.createNetwork(PROXY_NETWORK, { [LABEL.managed]: 'true' });
}

/** Start a stopped proxy and give back its admin URL once it answers. */
export async function runningAdmin(engine: ContainerEngine, proxy: ContainerDetails): Promise<string> {
  let c = proxy;
  if (!c.running) {
    await engine.startContainer(c.id);
    c = (await engine.inspectContainer(c.id)) ?? c;
  }
  const admin = adminUrlOf(c);
  if (!admin) throw new Error(`the proxy container ${c.name} publishes no admin port`);
  await waitAdmin(admin);
  return admin;
}

/** The proxy's current routes, or an empty config when there is no proxy yet. */
export async function currentConfig(engine: ContainerEngine, env: ProxyEnv): Promise<{ config: CaddyConfig; proxy: ContainerDetails | null }> {
  const proxy = await findProxy(engine, env.appId);
  if (!proxy) return { config: {}, proxy: null };
  return { config: await getConfig(await runningAdmin(engine, proxy)), proxy };
}

/** The configured proxy image is here, pulled when missing; throws saying which image could not be had. */
export async function ensureImage(engine: ContainerEngine, image: string, log: (l: string) => void): Promise<void> {
  if (await engine.inspectImage(image)) return;
  log(`proxy: pulling ${image}`);
  try {
    await engine.pullImage(image, undefined, () => undefined);
  } catch (err) {
    throw new Error(`the proxy image ${image} is not available (settings.proxy.image): ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Make the proxy run `desired`: load it into the running proxy when its host ports already
 * match, else (re)create the proxy container with it as boot config. Returns the admin URL.
 */
export async function applyConfig(engine: ContainerEngine, env: ProxyEnv, proxy: ContainerDetails | null, desired: CaddyConfig, log: (l: string) => void): Promise<string> {
  const wanted = publishedPortsOf(desired);
  if (proxy && portKeys(proxy.ports.filter((p) => p.containerPort !== ADMIN_PORT)) === portKeys(wanted)) {
    const admin = await runningAdmin(engine, proxy);
    await loadConfig(admin, desired);
    return admin;
  }
  await ensureNetwork(engine);
  const image = env.image();
  await ensureImage(engine, image, log);
  if (proxy) {
    log(`proxy: re-creating ${proxy.name} to publish ${wanted.map((p) => p.hostPort).join(', ') || 'no ports'} (services behind it pause for a moment)`);
    await engine.removeContainer(proxy.id);
  } else {
    log(`proxy: creating ${proxyContainerName(env.appId)} from ${image}`);
  }
  const ports: PortBinding[] = [
    { containerPort: ADMIN_PORT, protocol: 'tcp', hostIp: '127.0.0.1' },
    ...wanted.map((p) => ({ containerPort: p.hostPort, protocol: 'tcp' as const, hostPort: p.hostPort, ...(p.hostIp ? { hostIp: p.hostIp } : {}) })),
  ];
  const id = await engine.createContainer({
    name: proxyContainerName(env.appId),
    image,
    env: { XDG_CONFIG_HOME: '/config', XDG_DATA_HOME: '/data' },
    // --resume: after an engine restart Caddy comes back with the routes it last had
    command: ['caddy', 'run', '--resume', '--config', `${BOOT_CONFIG_DIR}${BOOT_CONFIG_NAME}`],
    ports,
    volumes: [],
    restart: 'unless-stopped',
    network: PROXY_NETWORK,
    labels: { [PROXY_LABEL.app]: env.appId, [LABEL.managed]: 'true' },
  });
  try {
    await engine.putFile(id, BOOT_CONFIG_DIR, BOOT_CONFIG_NAME, JSON.stringify(desired));
    await engine.startContainer(id);
    const created = await engine.inspectContainer(id);
    return await runningAdmin(engine, created!);
  } catch (err) {
    const lines = await engine.containerLogs(id, 20).catch(() => '');
    await engine.removeContainer(id).catch(() => undefined);
    throw new Error(`the proxy did not start: ${(err as Error).message}${lines.trim() ? `\n${lines.trim()}` : ''}`, { cause: err });
  }
}
