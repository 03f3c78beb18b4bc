/**
 * Start-up after a crash: deploys left unfinished are recorded as failed ("interrupted"),
 * and each component's containers are reconciled (reconcile.ts); what happened is written
 * to the interrupted deploy's log and reason.
 */
import type { Deploy } from '../../../../shared/schemas/deploy';
import { isFinal } from '../../../../shared/schemas/deploy';
import type { EventBus } from '../../events';
import type { StoredComponent } from '../../store/document';
import type { Store } from '../../store/store';
import type { RunningState } from '../../../../shared/schemas/component';
import type { ContainerEngine, ContainerSummary } from '../engine/container-engine';
import { LABEL } from '../runtime/container-spec';
import type { DeployHistory } from './deploy-history';
import { EngineUnreachableError } from '../engine/engine-errors';
import { reconcileComponent } from '../runtime/reconcile';
import type { ReconcileResult } from '../runtime/reconcile';
import type { ProxyEnv } from '../runtime/proxy/proxy-container';
import { localNameUrlOf } from '../runtime/proxy/proxy-container';
import { PROXY_LABEL, proxyPlan } from '../runtime/proxy/proxy-plan';
import { proxiedWhere, publishedWhere } from './running-where';
import { proxiedContainers, pruneRoutes, reconcileProxied } from '../runtime/proxy/proxy-reconcile';

export const INTERRUPTED_RUNNING = 'interrupted: the app stopped during this deploy';
export const INTERRUPTED_QUEUED = 'interrupted: the app stopped before this deploy started';

export interface RecoveryDeps {
  store: Store;
  engine: ContainerEngine;
  history: DeployHistory;
  events: EventBus;
  note: (deploy: Deploy, message: string) => Promise<void>;
  /** The app's reverse proxy (zero-downtime mode): adopted and its routes repaired. */
  proxy?: ProxyEnv;
}

const succeededIds = (deploys: Deploy[]): Set<string> => new Set(deploys.filter((d) => d.state === 'succeeded').map((d) => d.id));

/** `succeeded`: ids of succeeded deploys (made once per start, not per component: it scans the whole history). */
async function reconcileWith(deps: Pick<RecoveryDeps, 'store' | 'engine' | 'events' | 'proxy'>, comp: StoredComponent, interrupted: Set<string>, succeeded: Set<string>): Promise<string[]> {
  // containers started behind the proxy are reconciled with its routes; others as before
  const behind = deps.proxy ? await proxiedContainers(deps.engine, comp.id) : [];
  const res: ReconcileResult =
    deps.proxy && behind.length
      ? await reconcileProxied(deps.engine, deps.proxy, comp, behind, succeeded)
      : await reconcileComponent({ engine: deps.engine, component: comp, interrupted, succeeded });
  const kept = res.kept;
  const keptDeploy = kept?.labels[LABEL.deploy];
  if (kept && keptDeploy && comp.running?.containerId !== kept.id) {
    // the swap got past the health check (the old one is gone): record what actually runs
    const where = await whereKept(deps, comp, kept);
    await deps.store.update((doc) => {
      const c = doc.components.find((x) => x.id === comp.id);
      if (c) c.running = { deployId: keptDeploy, image: kept.image, imageId: kept.imageId, containerId: kept.id, since: new Date().toISOString(), ...where };
    });
    deps.events.emit({ type: 'components-changed', componentId: comp.id });
  }
  return res.notes;
}

/** Where the container recovery keeps answers: behind the proxy when it was started for it, else its own ports. */
async function whereKept(deps: Pick<RecoveryDeps, 'engine' | 'proxy'>, comp: StoredComponent, kept: ContainerSummary): Promise<Partial<RunningState>> {
  const plan = proxyPlan(comp);
  if (deps.proxy && kept.labels[PROXY_LABEL.upstream] && plan.proxied) {
    return proxiedWhere(plan.ports, localNameUrlOf(deps.proxy, comp.name), () => undefined);
  }
  return publishedWhere(deps.engine, kept.id, () => undefined);
}

/** Returns the ids of components that could not be reconciled (engine down): do it before their next job. */
export async function recoverAtStart(deps: RecoveryDeps): Promise<string[]> {
  const { store, history, note } = deps;
  const interrupted = history.list((d) => !isFinal(d.state));
  const reasons = new Map<string, string>();
  for (const d of interrupted) {
    const reason = d.state === 'queued' ? INTERRUPTED_QUEUED : INTERRUPTED_RUNNING;
    reasons.set(d.id, reason);
    await note(d, reason);
    await history.patch(d.id, { state: 'failed', reason });
  }
  const later: string[] = [];
  let engineDown: string | undefined;
  // first drop what the proxy routes for components that are gone, so repairing the others
  // does not re-create the proxy for ports nobody wants any more
  if (deps.proxy) await pruneRoutes(deps.engine, deps.proxy, new Set(store.data.components.map((c) => c.id)), () => undefined).catch(() => undefined);
  const succeeded = succeededIds(store.data.deploys);
  for (const comp of store.data.components) {
    if (comp.deploy.target === 'swarm') continue; // Swarm finishes or rolls back its own updates
    const mine = interrupted.filter((d) => d.componentId === comp.id);
    const newest = mine[0];
    if (engineDown) {
      later.push(comp.id);
      if (newest) await note(newest, `recovery: postponed until the engine answers (${engineDown})`);
      continue;
    }
    try {
      const notes = await reconcileWith(deps, comp, new Set(mine.map((d) => d.id)), succeeded);
      if (!notes.length) continue;
      if (!newest) continue;
      for (const n of notes) await note(newest, n);
      await history.patch(newest.id, { reason: `${reasons.get(newest.id)}; ${notes.map((n) => n.replace(/^recovery: /, '')).join('; ')}` });
    } catch (err) {
      if (err instanceof EngineUnreachableError) {
        engineDown = err.message;
        later.push(comp.id);
      }
      if (newest) await note(newest, `recovery: ${(err as Error).message}`);
    }
  }
  return later;
}

/** The postponed reconciliation of one component, run before its next job. */
export function reconcileOne(engine: ContainerEngine, comp: StoredComponent, deploys: Deploy[], store: Store, events: EventBus, proxy?: ProxyEnv): Promise<string[]> {
  const interrupted = new Set(deploys.filter((d) => d.componentId === comp.id && d.reason?.startsWith('interrupted')).map((d) => d.id));
  return reconcileWith({ engine, store, events, ...(proxy ? { proxy } : {}) }, comp, interrupted, succeededIds(store.data.deploys));
}
