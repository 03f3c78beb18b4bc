/**
 * Duplicate detection. Provider delivery ids of QUEUED deliveries are remembered in
 * the SeenJournal (`seen-deliveries.log`, survives restarts) for 48 h, so a
 * replay or a provider's retry is answered "duplicate" without a second deploy. Only queued deliveries are remembered: a
 * redelivery of one that was ignored (say, auto-build was off) is processed again, which is what
 * a user pressing "Redeliver" after fixing the setup expects.
 * Also, in memory: image digests recently requested per component, so one image pushed under
 * several tags in separate deliveries (registries send one event per tag) deploys once.
 */
import { createHash } from 'node:crypto';
import type { HookStateWriter } from './state-writer';
import { SEEN_RETENTION_MS } from './state-writer';

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
  private readonly digests = new Map<string, { deployId: string; at: number }>();

  constructor(
    private readonly writer: HookStateWriter,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * The journal key: a digest of component, provider and delivery id (22 characters instead
   * of ~60, and no provider-chosen text on disk).
   */
  static key(componentId: string, provider: string, deliveryId: string): string {
    return createHash('sha256').update(`${componentId}\n${provider}\n${deliveryId}`).digest('base64url').slice(0, 22);
  }

  seen(key: string): boolean {
    const at = this.writer.seenAt(key);
    return at !== undefined && this.clock() - Date.parse(at) < SEEN_RETENTION_MS;
  }

  /** Remember now (visible to the next lookup at once; persisted with the next batch). */
  remember(key: string): void {
    this.writer.setSeen(key, new Date(this.clock()).toISOString());
  }

  /** Undo `remember` when the deploy request failed, so a retry is not called a duplicate. */
  forget(key: string): void {
    this.writer.setSeen(key, null);
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
