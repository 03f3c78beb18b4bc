/**
 * Start-up (and drift) repair of proxy mode: the app adopts the proxy container it finds by
 * label, makes each component's routes dial the container that should serve, removes what an
 * interrupted swap left, and drops routes of components that no longer exist.
 */
import type { StoredComponent } from '../../../store/document';
import type { ContainerEngine, ContainerSummary } from '../../engine/container-engine';
import { LABEL, containerName } from '../container-spec';
import type { ReconcileResult } from '../reconcile';
import { getConfig } from './caddy-admin';
import type { ProxyEnv } from './proxy-container';
import { applyConfig, currentConfig, findProxy, localNameOf, runningAdmin, withProxyLock } from './proxy-container';
import { PROXY_LABEL, componentsRouted, proxyPlan, routedAlias, withComponentRoutes, withNamesPort } from './proxy-plan';

const short = (id: string): string => id.slice(0, 12);

/** Containers of the component that were started behind the proxy. */
export async function proxiedContainers(engine: ContainerEngine, componentId: string): Promise<ContainerSummary[]> {
  return (await engine.listContainers({ [LABEL.component]: componentId })).filter((c) => !!c.labels[PROXY_LABEL.upstream]);
}

/**
 * One component: the container its route dials is the one that serves (the switch is atomic,
 * so the route is the truth); without a usable route, the recorded or a running container.
 */
export async function reconcileProxied(engine: ContainerEngine, env: ProxyEnv, comp: StoredComponent, behind: ContainerSummary[], succeeded: Set<string>): Promise<ReconcileResult> {
  return withProxyLock(env.appId, async () => {
    const notes: string[] = [];
    const { config, proxy } = await currentConfig(engine, env);
    const alias = routedAlias(config, comp.id);
    const routed = alias ? behind.find((c) => c.labels[PROXY_LABEL.upstream] === alias) : undefined;
    const keep =
      routed ??
      behind.find((c) => c.id === comp.running?.containerId) ??
      behind.find((c) => c.state === 'running' && succeeded.has(c.labels[LABEL.deploy] ?? '')) ??
      behind.find((c) => c.state === 'running');
    if (!keep) return { notes };
    if (keep.state !== 'running') {
      await engine.startContainer(keep.id);
      notes.push(`recovery: started ${keep.name} (${short(keep.id)}) again`);
    }
    const plan = proxyPlan(comp);
    const keepAlias = keep.labels[PROXY_LABEL.upstream];
    if (plan.proxied) {
      const desired = withComponentRoutes(config, comp.id, plan.ports, keepAlias, localNameOf(env, comp.name));
      if (!proxy || !routed || JSON.stringify(desired) !== JSON.stringify(config)) {
        await applyConfig(engine, env, proxy, desired, (l) => notes.push(`recovery: ${l}`));
        notes.push(`recovery: the proxy's routes for ${comp.name} were repaired: they go to ${keep.name} (${short(keep.id)})`);
      }
    }
    for (const c of behind) {
      if (c.id === keep.id) continue;
      await engine.removeContainer(c.id);
      notes.push(`recovery: removed ${c.name} (${short(c.id)}, deploy ${c.labels[LABEL.deploy] ?? '?'}), which the proxy does not route to`);
    }
    if (keep.name !== containerName(comp.name)) await engine.renameContainer(keep.id, containerName(comp.name)).catch(() => undefined);
    return { notes, kept: keep };
  });
}

/** Routes of components that no longer exist are dropped (their host ports freed). */
export async function pruneRoutes(engine: ContainerEngine, env: ProxyEnv, existing: Set<string>, log: (l: string) => void): Promise<void> {
  await withProxyLock(env.appId, async () => {
    const proxy = await findProxy(engine, env.appId);
    if (!proxy) return;
    let config = await getConfig(await runningAdmin(engine, proxy));
    const gone = [...componentsRouted(config)].filter((id) => !existing.has(id));
    if (!gone.length) return;
    for (const id of gone) config = withComponentRoutes(config, id, [], null);
    log(`proxy: dropping the routes of ${gone.length} removed component(s)`);
    await applyConfig(engine, env, proxy, config, log);
  });
}

/** A component that left proxy mode takes its host ports back before its next swap. */
export async function releaseRoutes(engine: ContainerEngine, env: ProxyEnv, componentId: string, log: (l: string) => void): Promise<void> {
  await withProxyLock(env.appId, async () => {
    const proxy = await findProxy(engine, env.appId);
    if (!proxy) return;
    const config = await getConfig(await runningAdmin(engine, proxy));
    if (!componentsRouted(config).has(componentId)) return;
    log('proxy: the component is no longer in zero-downtime mode; the proxy gives its host ports back');
    await applyConfig(engine, env, proxy, withComponentRoutes(config, componentId, [], null), log);
  });
}

/**
 * The names port changed in the settings: every routed component gets its name route on the
 * new port (or all go, at 0). The proxy is re-created, since its published ports change.
 */
export async function refreshLocalNames(engine: ContainerEngine, env: ProxyEnv, components: StoredComponent[], log: (l: string) => void): Promise<void> {
  await withProxyLock(env.appId, async () => {
    const proxy = await findProxy(engine, env.appId);
    if (!proxy) return;
    const config = await getConfig(await runningAdmin(engine, proxy));
    let desired = withNamesPort(config, env.localNamesPort());
    for (const comp of components) {
      const alias = routedAlias(config, comp.id);
      const plan = proxyPlan(comp);
      if (alias && plan.proxied) desired = withComponentRoutes(desired, comp.id, plan.ports, alias, localNameOf(env, comp.name));
    }
    if (JSON.stringify(desired) === JSON.stringify(config)) return;
    log(`proxy: local names ${env.localNamesPort() > 0 ? `now on port ${env.localNamesPort()}` : 'turned off'}`);
    await applyConfig(engine, env, proxy, desired, log);
  });
}
