/**
 * Duplicate detection. Provider delivery ids of QUEUED deliveries are remembered in
 * `store.data.seenDeliveries` (survives restarts) for 48 h, so a replay or a provider's retry
 * is answered "duplicate" without a second deploy. Only queued deliveries are remembered: a
 * redelivery of one that was ignored (say, auto-build was off) is processed again, which is what
 * a user pressing "Redeliver" after fixing the setup expects.
 * Also, in memory: image digests recently requested per component, so one image pushed under
 * several tags in separate deliveries (registries send one event per tag) deploys once.
 */
import type { Store } from '../store/store';

export const SEEN_RETENTION_MS = 48 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 10 * 60 * 1000;
const DIGEST_WINDOW_MS = 60 * 1000;
const MAX_RECENT_DIGESTS = 1000;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;

/** A provider's delivery id made safe to store and show (bounded, no control characters). */
export function cleanDeliveryId(id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  const clean = id.replace(CONTROL, '').trim().slice(0, 128);
  return clean === '' ? undefined : clean;
}

export class DeliveryDedup {
  private lastPrune = 0;
  private readonly digests = new Map<string, { deployId: string; at: number }>();

  constructor(
    private readonly store: Store,
    private readonly clock: () => number = Date.now,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  static key(componentId: string, provider: string, deliveryId: string): string {
    return `${componentId}|${provider}|${deliveryId}`;
  }

  seen(key: string): boolean {
    const at = this.store.data.seenDeliveries[key];
    return at !== undefined && this.clock() - Date.parse(at) < SEEN_RETENTION_MS;
  }

  /** Remember now (the mutation is synchronous, so a concurrent replay sees it at once). */
  remember(key: string): void {
    const now = this.clock();
    const prune = now - this.lastPrune >= PRUNE_EVERY_MS;
    if (prune) this.lastPrune = now;
    this.store
      .update((doc) => {
        doc.seenDeliveries[key] = new Date(now).toISOString();
        if (prune) {
          for (const [k, at] of Object.entries(doc.seenDeliveries)) {
            if (now - Date.parse(at) >= SEEN_RETENTION_MS) delete doc.seenDeliveries[k];
          }
        }
      })
      .catch(this.onError);
  }

  /** Undo `remember` when the deploy request failed, so a retry is not called a duplicate. */
  forget(key: string): void {
    this.store
      .update((doc) => {
        delete doc.seenDeliveries[key];
      })
      .catch(this.onError);
  }

  recentDigest(componentId: string, digest: string): string | undefined {
    const hit = this.digests.get(`${componentId}|${digest}`);
    return hit && this.clock() - hit.at < DIGEST_WINDOW_MS ? hit.deployId : undefined;
  }

  rememberDigest(componentId: string, digest: string, deployId: string): void {
    const key = `${componentId}|${digest}`;
    this.digests.delete(key);
    this.digests.set(key, { deployId, at: this.clock() });
    for (const k of this.digests.keys()) {
      if (this.digests.size <= MAX_RECENT_DIGESTS) break;
      this.digests.delete(k);
    }
  }
}
