/**
 * Write-behind for what the listener persists per request — delivery-log entries (db.json)
 * and remembered delivery ids (the SeenJournal). Each `store.update` rewrites (and fsyncs) the whole db.json, so
 * under a burst of deliveries a write per request would spend the CPU on serializing the
 * document. Instead, changes wait `delayMs` (longer while writes are slow: the document is
 * written at most about 5% of the time, so serializing it cannot stall answers for long) and
 * go in as one update. Lookups see pending changes at once, and `delivery` events are emitted
 * when the batch reaches the document, so a client that re-reads the log on the event finds
 * the entry.
 */
import { TEXT_LIMITS, cleanOptional } from '../../../shared/clean-text';
import type { Delivery } from '../../../shared/schemas/delivery';
import type { EventBus } from '../events';
import type { Store } from '../store/store';
import type { SeenJournal } from './seen-journal';

export const SEEN_RETENTION_MS = 48 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 10 * 60 * 1000;
const MAX_DELAY_MS = 5000;

export class HookStateWriter {
  private deliveries: Delivery[] = [];
  private seenChanged = false;
  private timer: NodeJS.Timeout | null = null;
  private lastPrune = 0;
  private lastWriteMs = 0;

  constructor(
    private readonly store: Store,
    private readonly journal: SeenJournal,
    private readonly events: EventBus,
    private readonly onError: (err: unknown) => void,
    private readonly clock: () => number = Date.now,
    private readonly delayMs = 100,
  ) {}

  addDelivery(delivery: Delivery): void {
    // reasons and summaries quote payload values (repository names, refs, tags)
    const clean: Delivery = {
      ...delivery,
      reason: cleanOptional(delivery.reason, TEXT_LIMITS.reason),
      summary: cleanOptional(delivery.summary, TEXT_LIMITS.summary),
      event: cleanOptional(delivery.event, TEXT_LIMITS.event),
    };
    for (const k of ['reason', 'summary', 'event'] as const) if (clean[k] === undefined) delete clean[k];
    this.deliveries.push(clean);
    this.schedule();
  }

  /** Remember (ISO time) or forget (null) a delivery id. */
  setSeen(key: string, at: string | null): void {
    this.journal.set(key, at);
    this.seenChanged = true;
    this.schedule();
  }

  /** When the id was remembered, pending changes included; undefined when not. */
  seenAt(key: string): string | undefined {
    return this.journal.get(key);
  }

  /** Apply everything pending now (on close, and in tests). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.deliveries.length === 0 && !this.seenChanged) return Promise.resolve();
    const deliveries = this.deliveries;
    this.deliveries = [];
    this.seenChanged = false;
    const now = this.clock();
    if (now - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = now;
      this.journal.prune();
    }
    const journaled = this.journal.flush();
    const logged =
      deliveries.length === 0
        ? Promise.resolve()
        : this.store.update((doc) => {
            const limit = doc.settings.deliveryLogLimit;
            // Pending entries are oldest first; the log is newest first.
            doc.deliveries.unshift(...deliveries.slice(-limit).reverse());
            if (doc.deliveries.length > limit) doc.deliveries.length = limit;
          });
    const written = Promise.all([journaled, logged]);
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
