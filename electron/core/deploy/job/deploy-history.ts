/**
 * Deploy records in the store: newest first, bounded by settings.historyLimit (never dropping
 * an unfinished one), every change persisted and emitted as a `deploy` event.
 */
import { cleanText } from '../../../../shared/clean-text';
import type { Deploy } from '../../../../shared/schemas/deploy';
import { isFinal } from '../../../../shared/schemas/deploy';
import type { EventBus } from '../../events';
import type { Store } from '../../store/store';

/** Reasons are shown in lists; whole logs live in the log file. */
const REASON_MAX = 4000;

export class DeployHistory {
  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
    /** Called with the ids of records dropped by the bound (their log files go too). */
    private readonly onDropped: (ids: string[]) => void,
  ) {}

  get(id: string): Deploy | undefined {
    const d = this.store.data.deploys.find((x) => x.id === id);
    return d ? structuredClone(d) : undefined;
  }

  list(filter: (d: Deploy) => boolean): Deploy[] {
    return this.store.data.deploys.filter(filter).map((d) => structuredClone(d));
  }

  async add(deploy: Deploy): Promise<Deploy> {
    let dropped: string[] = [];
    const write = this.store.update((doc) => {
      doc.deploys.unshift(structuredClone(deploy));
      const limit = doc.settings.historyLimit;
      if (doc.deploys.length > limit) {
        const keep: Deploy[] = [];
        for (const d of doc.deploys) {
          if (keep.length < limit || !isFinal(d.state)) keep.push(d);
          else dropped.push(d.id);
        }
        doc.deploys = keep;
      }
    });
    this.events.emit({ type: 'deploy', deploy: structuredClone(deploy) });
    await write;
    if (dropped.length) this.onDropped(dropped);
    dropped = [];
    return structuredClone(deploy);
  }

  /** Apply a change; emits at once and resolves when it is on disk. */
  async patch(id: string, change: Partial<Deploy>): Promise<Deploy | undefined> {
    let copy: Deploy | undefined;
    const write = this.store.update((doc) => {
      const d = doc.deploys.find((x) => x.id === id);
      if (!d) return;
      Object.assign(d, change);
      // reasons quote git, build and container output: no terminal escapes, bounded
      if (d.reason) d.reason = cleanText(d.reason, REASON_MAX);
      if (isFinal(d.state)) d.finishedAt ??= new Date().toISOString();
      copy = structuredClone(d);
    });
    if (copy) this.events.emit({ type: 'deploy', deploy: structuredClone(copy) });
    await write;
    return copy;
  }
}
