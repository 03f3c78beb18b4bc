/**
 * The real engine (createEngine: store, listener, ingest, deploy scheduler, catch-up) on a
 * temp data dir, stopped and started again like the app being quit and reopened.
 */
import { join } from 'node:path';
import { createEngine } from '../../electron/core/engine';
import type { Engine, EngineOptions } from '../../electron/core/engine';
import { FileKeySealer } from '../../electron/core/store/sealer';
import type { Delivery } from '../../shared/schemas/delivery';
import { pollUntil } from '../support/poll-until';
import { isFinal, type Deploy } from '../../shared/schemas/deploy';

export async function openEngine(dataDir: string, extra: Partial<EngineOptions> = {}): Promise<Engine> {
  const sealer = await FileKeySealer.open(join(dataDir, 'secret.key'));
  const engine = await createEngine({ dataDir, sealer, version: 'test', webhookPort: 0, catchUp: { jitterMs: 100 }, ...extra });
  await engine.start();
  return engine;
}

/** Asks the engine every 200 ms until `fn` gives a value (2 minutes at most unless told). */
export const waitFor = <T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> =>
  pollUntil(what, fn, { timeoutMs, intervalMs: 200 });

/** The first finished deploy of the component that `pick` accepts. */
export function finishedDeploy(engine: Engine, componentId: string, pick: (d: Deploy) => boolean, timeoutMs?: number): Promise<Deploy> {
  return waitFor(
    'a finished deploy',
    async () => (await engine.api.listDeploys({ componentId })).find((d) => isFinal(d.state) && pick(d)),
    timeoutMs,
  );
}

/** Wait until the component has been checked `n` more times after `since` (ISO time). */
export async function checksAfter(engine: Engine, componentId: string, since: string, n: number): Promise<void> {
  const seen = new Set<string>();
  await waitFor(`${n} catch-up checks`, async () => {
    const at = (await engine.api.getComponent(componentId)).lastCheck?.at;
    if (at && at > since) seen.add(at);
    return seen.size >= n ? true : undefined;
  }, 60_000);
}

export async function catchUpDeliveries(engine: Engine, componentId: string): Promise<Delivery[]> {
  return (await engine.api.listDeliveries({ componentId })).filter((d) => d.provider === 'catch-up');
}
