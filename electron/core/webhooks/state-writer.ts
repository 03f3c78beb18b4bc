/**
 * Write-behind for what the listener persists per request — delivery-log entries and
 * remembered delivery ids. Each `store.update` rewrites (and fsyncs) the whole db.json, so
 * under a burst of deliveries a write per request would spend the CPU on serializing the
 * document. Instead, changes wait `delayMs` (longer while writes are slow: the document is
 * written at most about 5% of the time, so serializing it cannot stall answers for long) and
 * go in as one update. Lookups see pending changes at once, and `delivery` events are emitted
 * when the batch reaches the document, so a client that re-reads the log on the event finds
 * the entry.
 */
import type { Delivery } from '../../../shared/schemas/delivery';
import type { EventBus } from '../events';
import type { Store } from '../store/store';

export const SEEN_RETENTION_MS = 48 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 10 * 60 * 1000;
const MAX_DELAY_MS = 5000;

export class HookStateWriter {
  private deliveries: Delivery[] = [];
  private readonly seen = new Map<string, string | null>();
  private timer: NodeJS.Timeout | null = null;
  private lastPrune = 0;
  private lastWriteMs = 0;

  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
    private readonly onError: (err: unknown) => void,
    private readonly clock: () => number = Date.now,
    private readonly delayMs = 100,
  ) {}

  addDelivery(delivery: Delivery): void {
    this.deliveries.push(delivery);
    this.schedule();
  }

  /** Remember (ISO time) or forget (null) a delivery id. */
  setSeen(key: string, at: string | null): void {
    this.seen.set(key, at);
    this.schedule();
  }

  /** When the id was remembered, pending changes included; undefined when not. */
  seenAt(key: string): string | undefined {
    const pending = this.seen.get(key);
    if (pending !== undefined) return pending ?? undefined;
    return this.store.data.seenDeliveries[key];
  }

  /** Apply everything pending now (on close, and in tests). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.deliveries.length === 0 && this.seen.size === 0) return Promise.resolve();
    const deliveries = this.deliveries;
    const seen = [...this.seen];
    this.deliveries = [];
    this.seen.clear();
    const now = this.clock();
    const prune = now - this.lastPrune >= PRUNE_EVERY_MS;
    if (prune) this.lastPrune = now;
    const written = this.store.update((doc) => {
      const limit = doc.settings.deliveryLogLimit;
      // Pending entries are oldest first; the log is newest first.
      doc.deliveries.unshift(...deliveries.slice(-limit).reverse());
      if (doc.deliveries.length > limit) doc.deliveries.length = limit;
      for (const [key, at] of seen) {
        if (at === null) delete doc.seenDeliveries[key];
        else doc.seenDeliveries[key] = at;
      }
      if (prune) {
        for (const [key, at] of Object.entries(doc.seenDeliveries)) {
          if (now - Date.parse(at) >= SEEN_RETENTION_MS) delete doc.seenDeliveries[key];
        }
      }
    });
    // The batch is in the document now (store.update applies it at once): announce it.
    for (const delivery of deliveries) this.events.emit({ type: 'delivery', delivery });
    const started = performance.now();
    return written.then(
      () => {
        this.lastWriteMs = performance.now() - started;
      },
      this.onError,
    );
  }

  private schedule(): void {
    if (this.delayMs <= 0) {
      void this.flush();
      return;
    }
    if (this.timer) return;
    const delay = Math.min(MAX_DELAY_MS, Math.max(this.delayMs, 20 * this.lastWriteMs));
    this.timer = setTimeout(() => void this.flush(), delay);
    this.timer.unref();
  }
}
