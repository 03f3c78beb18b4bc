/**
 * The delivery log: every webhook request and what came of it, newest first, bounded by
 * `settings.deliveryLogLimit`, so "why didn't my push deploy?" has an answer. Entries carry
 * no secrets, signatures or bodies. Writes go through the Store, which coalesces them.
 */
import type { Delivery } from '../../../shared/schemas/delivery';
import type { EventBus } from '../events';
import type { Store } from '../store/store';

export interface DeliveryQuery {
  componentId?: string;
  limit?: number;
}

export function recordDelivery(store: Store, events: EventBus, delivery: Delivery, onError: (err: unknown) => void): void {
  store
    .update((doc) => {
      doc.deliveries.unshift(delivery);
      const limit = doc.settings.deliveryLogLimit;
      if (doc.deliveries.length > limit) doc.deliveries.length = limit;
    })
    .catch(onError);
  events.emit({ type: 'delivery', delivery });
}

/** Newest first; filtered by component; `limit` defaults to 100. */
export function listDeliveries(store: Store, query: DeliveryQuery = {}): Delivery[] {
  const limit = Math.max(1, Math.min(query.limit ?? 100, 10_000));
  const all = store.data.deliveries;
  const out: Delivery[] = [];
  for (const d of all) {
    if (query.componentId !== undefined && d.componentId !== query.componentId) continue;
    out.push(d);
    if (out.length >= limit) break;
  }
  return out;
}
