/**
 * The zero-downtime swap: the new container starts next to the old one on the app network
 * (no host ports), must be healthy and accept connections, then the proxy's routes switch to
 * it in one config load; requests in flight on the old one finish (bounded), then it stops.
 * A new container that fails never reaches the proxy: the old one keeps serving throughout.
 */
import { connect } from 'node:net';
import type { ContainerDetails, ContainerEngine } from '../../engine/container-engine';
import { Cancelled } from '../../errors';
import { containerName, containerSpecFor } from '../container-spec';
import type { ReplaceOptions, ReplaceOutcome } from '../container-replace';
import { STOP_TIMEOUT_SECONDS, findCurrentContainer } from '../container-replace';
import { discardNew } from '../discard-new';
import { HealthCheckFailed, waitHealthy } from '../health-check';
import { inFlight } from './caddy-admin';
import { notHttp } from './speaks-http';
import type { ProxyEnv } from './proxy-container';
import { applyConfig, currentConfig, ensureNetwork, localNameOf, withProxyLock } from './proxy-container';
import type { ProxiedPort } from './proxy-plan';
import { PROXY_LABEL, PROXY_NETWORK, upstreamAlias, withComponentRoutes } from './proxy-plan';

/** How long requests in flight on the old container may take after the switch. */
export const DRAIN_TIMEOUT_MS = 10_000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface ProxySwapOptions extends ReplaceOptions {
  proxy: ProxyEnv;
  ports: ProxiedPort[];
  /**
   * Automatic mode: every port must answer HTTP, and a port that does not, or a proxy that
   * cannot take the routes, ends in `direct` (the old container untouched) instead of failing.
   */
  auto?: boolean;
}
/** Automatic mode only: this deploy should go the direct way; `remember` when it is the component's nature. */
export interface GoDirect {
  ok: false;
  direct: string;
  remember: boolean;
}

const newName = (componentName: string, deployId: string): string => `${containerName(componentName)}-new-${deployId}`;

function tcpOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port, timeout: 1000 });
    const done = (ok: boolean): void => {
      s.destroy();
      resolve(ok);
    };
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
    s.once('timeout', () => done(false));
  });
}

/** Healthy is not enough to take traffic: every proxied port must accept connections. */
async function waitListening(ip: string, ports: ProxiedPort[], timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const p of ports) {
    while (!(await tcpOpen(ip, p.containerPort))) {
      if (signal?.aborted) throw new Cancelled();
      if (Date.now() > deadline) throw new HealthCheckFailed(`port ${p.containerPort} of the new container accepts no connection after ${Math.round(timeoutMs / 1000)}s`);
      await sleep(50);
    }
  }
}

export async function proxySwap(opts: ProxySwapOptions): Promise<ReplaceOutcome | GoDirect> {
  const { engine, component, deployId, log, signal, ports } = opts;
  const old = await findCurrentContainer(engine, component);
  if (signal?.aborted) throw new Cancelled();
  const alias = upstreamAlias(deployId);
  log(`swap: zero-downtime through the proxy; ${old ? `${old.name} (${old.id.slice(0, 12)}) keeps serving until the new container is ready` : 'no previous container'}`);
  await ensureNetwork(engine);

  const base = containerSpecFor(component, opts.image, deployId, opts.commit);
  let newId: string | undefined;
  try {
    newId = await engine.createContainer({
      ...base,
      name: newName(component.name, deployId),
      ports: [],
      network: PROXY_NETWORK,
      networkAliases: [alias],
      labels: { ...base.labels, [PROXY_LABEL.upstream]: alias },
    });
    if (component.deploy.network) await engine.connectNetwork(component.deploy.network, newId);
    await engine.startContainer(newId);
    const ip = await engine.containerNetworkAddress(newId, PROXY_NETWORK);
    if (!ip) throw new Error(`the new container has no address on ${PROXY_NETWORK}`);
    log(`swap: started ${newName(component.name, deployId)} (${newId.slice(0, 12)}) from ${opts.image} at ${ip}`);
    const hc = component.deploy.healthcheck;
    await waitHealthy({ engine, containerId: newId, imageHasHealthcheck: opts.imageHasHealthcheck, healthcheck: hc, log, ...(signal ? { signal } : {}), probeBase: `http://${ip}:${ports[0].containerPort}` });
    await waitListening(ip, ports, hc.timeoutSeconds * 1000, signal);
    log(`health: ${ports.map((p) => p.containerPort).join(', ')} accepting connections`);
    if (opts.auto) {
      const problem = await firstNotHttp(ip, ports);
      if (problem) return await goDirect(engine, newId, problem, true);
    }
    if (signal?.aborted) throw new Cancelled();
  } catch (err) {
    return failNew(opts, old, newId, err);
  }

  // the switch: from here on the new container serves, so a cancel no longer undoes anything
  const holdsHostPorts = !!old?.running && !old.labels[PROXY_LABEL.upstream] && old.ports.some((p) => p.hostPort > 0);
  let admin: string;
  let oldAlias: string | null = old?.labels[PROXY_LABEL.upstream] ?? null;
  try {
    admin = await withProxyLock(opts.proxy.appId, async () => {
      const { config, proxy } = await currentConfig(engine, opts.proxy);
      if (holdsHostPorts && old) {
        log(`swap: ${old.name} holds the host ports itself (not yet behind the proxy): stopping it so the proxy can take them — a short gap this one time`);
        await engine.stopContainer(old.id, STOP_TIMEOUT_SECONDS);
        oldAlias = null;
      }
      return applyConfig(engine, opts.proxy, proxy, withComponentRoutes(config, component.id, ports, alias, localNameOf(opts.proxy, component.name)), log);
    });
  } catch (err) {
    if (holdsHostPorts && old) await engine.startContainer(old.id).catch(() => undefined);
    const reason = `could not switch the proxy: ${(err as Error).message}`;
    if (opts.auto) return goDirect(engine, newId, reason, false);
    return failNew(opts, old, newId, new Error(reason));
  }
  log(`proxy: ${ports.map((p) => `${p.hostIp || '*'}:${p.hostPort}`).join(', ')} now go to ${newId.slice(0, 12)} (${alias})`);

  if (old) {
    if (oldAlias) await drain(admin, ports.map((p) => `${oldAlias}:${p.containerPort}`), log);
    try {
      await engine.stopContainer(old.id, STOP_TIMEOUT_SECONDS);
      await engine.removeContainer(old.id);
      log(`swap: stopped and removed the previous container ${old.id.slice(0, 12)}`);
    } catch (err) {
      log(`swap: could not remove the previous container ${old.id.slice(0, 12)}: ${(err as Error).message}`);
    }
  }
  await engine.renameContainer(newId, containerName(component.name)).catch((err: Error) => log(`swap: could not rename the new container: ${err.message}`));
  return { ok: true, containerId: newId };
}

/** The new container never served: it goes, the old one was never touched (or is running again). */
async function goDirect(engine: ContainerEngine, newId: string, why: string, remember: boolean): Promise<GoDirect> {
  await engine.removeContainer(newId);
  return { ok: false, direct: why, remember };
}

async function firstNotHttp(ip: string, ports: ProxiedPort[]): Promise<string | null> {
  for (const p of ports) {
    const problem = await notHttp(ip, p.containerPort);
    if (problem) return `port ${p.containerPort} ${problem}`;
  }
  return null;
}

async function drain(admin: string, addresses: string[], log: (l: string) => void): Promise<void> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  for (;;) {
    const counts = await Promise.all(addresses.map((a) => inFlight(admin, a).catch(() => 0)));
    const busy = counts.reduce((a, b) => a + b, 0);
    if (busy === 0) return log('swap: no request left in flight on the previous container');
    if (Date.now() > deadline) return log(`swap: ${busy} request(s) still in flight on the previous container after ${DRAIN_TIMEOUT_MS / 1000}s; stopping it anyway`);
    await sleep(100);
  }
}

async function failNew(opts: ProxySwapOptions, old: ContainerDetails | null, newId: string | undefined, err: unknown): Promise<ReplaceOutcome> {
  const { engine, log } = opts;
  const { cancelled, reason, lastLines } = await discardNew(engine, newId, err, log);
  const serving = !!old && (await engine.inspectContainer(old.id))?.running === true;
  if (old) log(serving ? `swap: the proxy was not changed; ${old.name} kept serving` : `swap: the previous container ${old.name} is not running`);
  return { ok: false, reason, ...(lastLines ? { lastLines } : {}), hadPrevious: !!old, restored: serving || (!!old && !old.running), cancelled };
}
