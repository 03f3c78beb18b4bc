/**
 * The delivery log: every webhook request and what came of it, newest first, bounded by
 * `settings.deliveryLogLimit`, so "why didn't my push deploy?" has an answer. Entries carry
 * no secrets, signatures or bodies. The listener writes through HookStateWriter.
 */
import { randomBytes } from 'node:crypto';
import type { Delivery } from '../../../shared/schemas/delivery';
import type { Store } from '../store/store';

export interface DeliveryQuery {
  componentId?: string;
  limit?: number;
}

// Ids like store/secrets' newId ('dl_' + 9 random bytes, base64url), drawn from a pool: one
// randomBytes call per 512 deliveries instead of one each.
let pool = Buffer.alloc(0);
let offset = 0;
export function deliveryId(): string {
  if (offset + 9 > pool.length) {
    pool = randomBytes(9 * 512);
    offset = 0;
  }
  const id = pool.toString('base64url', offset, offset + 9);
  offset += 9;
  return `dl_${id}`;
}

/** Newest first; filtered by component; `limit` defaults to 100. */
export function listDeliveries(store: Store, query: DeliveryQuery = {}): Delivery[] {
  const limit = Math.max(1, Math.min(query.limit ?? 100, 10_000));
  const out: Delivery[] = [];
  for (const d of store.data.deliveries) {
    if (query.componentId !== undefined && d.componentId !== query.componentId) continue;
    out.push(d);
    if (out.length >= limit) break;
  }
  return out;
}
