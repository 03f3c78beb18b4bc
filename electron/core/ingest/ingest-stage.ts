/**
 * The ingest stage as one object shared by every way a push can arrive: the webhook listener
 * and the engine's own catch-up checks. Both go through the same gates, duplicate checks
 * (delivery ids, recently requested digests), matching and queue, and both write the delivery
 * log, so a webhook and a catch-up that find the same version make one deploy.
 */
import type { TriggerKind } from '../../../shared/schemas/component';
import type { Delivery } from '../../../shared/schemas/delivery';
import type { DeployTrigger } from '../../../shared/schemas/deploy';
import type { EventBus } from '../events';
import type { DeployScheduler } from '../ports';
import type { StoredComponent } from '../store/document';
import type { Store } from '../store/store';
import { DeliveryDedup } from './dedup';
import { deliveryId } from './delivery-log';
import type { ParsedDelivery } from './parsed-event';
import { processDelivery } from './pipeline';
import type { DeliveryFields, HookAnswer } from './pipeline';
import { SeenJournal } from './seen-journal';
import { HookStateWriter, SEEN_RETENTION_MS } from './state-writer';

export interface IngestStageDeps {
  store: Store;
  scheduler: Pick<DeployScheduler, 'request'>;
  events: EventBus;
  clock?: () => number;
  onError?: (err: unknown) => void;
  /** How long delivery-log entries may wait to be written together (default 250 ms). */
  writeDelayMs?: number;
}

export class IngestStage {
  readonly clock: () => number;
  private readonly writer: HookStateWriter;
  private readonly journal: SeenJournal;
  private readonly dedup: DeliveryDedup;
  private loaded?: Promise<void>;

  constructor(private readonly deps: IngestStageDeps) {
    this.clock = deps.clock ?? Date.now;
    const onError = deps.onError ?? ((err: unknown) => console.error('ingest:', err));
    this.journal = new SeenJournal(deps.store.dataDir, SEEN_RETENTION_MS, this.clock);
    this.writer = new HookStateWriter(deps.store, this.journal, deps.events, onError, this.clock, deps.writeDelayMs ?? 250);
    this.dedup = new DeliveryDedup(this.writer, this.clock);
    this.pipeline = { ...deps, dedup: this.dedup, clock: this.clock, onError };
  }

  private readonly pipeline: Parameters<typeof processDelivery>[0];

  /** Delivery ids seen before a restart must be known before the first delivery. */
  load(): Promise<void> {
    return (this.loaded ??= this.journal.load());
  }

  /** Gates, dedup, match, queue. `deployKind` overrides the deploy's trigger kind (catch-up). */
  async process(component: StoredComponent, kind: TriggerKind, parsed: ParsedDelivery, deployKind?: DeployTrigger['kind']): Promise<HookAnswer> {
    await this.load();
    return processDelivery(this.pipeline, component, kind, parsed, deployKind);
  }

  /** Add a delivery-log entry (written with the next batch). */
  record(fields: DeliveryFields, remoteAddress: string, receivedAt: number, extra: Pick<Delivery, 'forwardedFor' | 'count'> = {}): void {
    this.writer.addDelivery({ id: deliveryId(), receivedAt: new Date(receivedAt).toISOString(), remoteAddress, ...extra, ...fields });
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }
}
