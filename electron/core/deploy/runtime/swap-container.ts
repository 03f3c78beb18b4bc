/**
 * Which swap a component's container gets: through the app's proxy (zero-downtime) or
 * stop-then-start. `zeroDowntime` unset is automatic: the proxy when every published port
 * answers HTTP, the app can reach containers' addresses (not Docker Desktop, rootless or a
 * remote engine) and the proxy can run; otherwise stop-then-start, said in the log, and — when
 * it is the component's nature (a port that is not HTTP) — remembered on the container, so
 * later deploys with the same settings do not ask again.
 */
import type { ReplaceOptions, ReplaceOutcome } from './container-replace';
import { findCurrentContainer, replaceContainer } from './container-replace';
import { LABEL, configHash } from './container-spec';
import type { ProxyEnv } from './proxy/proxy-container';
import { ensureImage, localNameUrlOf } from './proxy/proxy-container';
import type { ProxiedPort } from './proxy/proxy-plan';
import { PROXY_LABEL, proxyPlan } from './proxy/proxy-plan';
import { releaseRoutes } from './proxy/proxy-reconcile';
import { proxySwap } from './proxy/proxy-swap';

/**
 * `proxied`: the ports the proxy now holds for the new container, `localName` its URL by name
 * (names port on); `direct`: why automatic mode did not use the proxy.
 */
export type Swapped = ReplaceOutcome & { proxied?: ProxiedPort[]; localName?: string; direct?: string };

export async function swapContainer(opts: ReplaceOptions, proxy: ProxyEnv | undefined): Promise<Swapped> {
  const { engine, component, log } = opts;
  const plan = proxyPlan(component);
  if (!plan.proxied || !proxy) {
    if (!plan.proxied && plan.why) log(`swap: zero-downtime is on but not possible: ${plan.why}; stopping the old container before starting the new one`);
    // a component that left proxy mode takes its host ports back from the proxy first
    if (proxy) await releaseRoutes(engine, proxy, component.id, log);
    return replaceContainer(opts);
  }
  // the swap checks the new container at its own address before the switch
  const outOfReach = (await engine.info()).containerAddressesOutOfReach;
  if (plan.auto) {
    const remembered = await rememberedDirect(opts);
    if (remembered) return direct(opts, proxy, remembered, true);
    if (outOfReach) return direct(opts, proxy, `the app cannot reach containers' own addresses to check a new one before the switch (${outOfReach})`, false);
    try {
      await ensureImage(engine, proxy.image(), log);
    } catch (err) {
      return direct(opts, proxy, (err as Error).message, false);
    }
  } else if (outOfReach) {
    log(`swap: warning: zero-downtime is forced on, but the app may not reach the new container's address to check it (${outOfReach})`);
  }
  const out = await proxySwap({ ...opts, proxy, ports: plan.ports, auto: plan.auto });
  if ('direct' in out) return direct(opts, proxy, out.direct, out.remember);
  if (!out.ok) return out;
  const localName = localNameUrlOf(proxy, component.name);
  return { ...out, proxied: plan.ports, ...(localName ? { localName } : {}) };
}

/** Why the running container went the direct way, when it was created with today's settings. */
async function rememberedDirect(opts: ReplaceOptions): Promise<string | undefined> {
  const current = await findCurrentContainer(opts.engine, opts.component);
  const why = current?.labels[PROXY_LABEL.direct];
  return why && current.labels[LABEL.config] === configHash(opts.component) ? why : undefined;
}

async function direct(opts: ReplaceOptions, proxy: ProxyEnv, why: string, remember: boolean): Promise<Swapped> {
  const hint = remember ? ' (remembered while the deploy settings stay the same; set zero-downtime to "on" to force the proxy)' : '';
  opts.log(`swap: automatic zero-downtime is not possible: ${why}; stopping the old container before starting the new one${hint}`);
  await releaseRoutes(opts.engine, proxy, opts.component.id, opts.log);
  const out = await replaceContainer({ ...opts, ...(remember ? { labels: { ...opts.labels, [PROXY_LABEL.direct]: why } } : {}) });
  return out.ok ? { ...out, direct: why } : out;
}
