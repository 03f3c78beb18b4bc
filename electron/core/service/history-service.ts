/** Reads of the deploy history and the delivery log (both newest first, bounded in the store). */
import { ApiError } from '../../../shared/api';
import type { ListQuery } from '../../../shared/api';
import type { Delivery } from '../../../shared/schemas/delivery';
import type { Deploy } from '../../../shared/schemas/deploy';
import type { Store } from '../store/store';

const DEFAULT_LIMIT = 100;

function select<T extends { componentId?: string }>(items: T[], query: ListQuery = {}): T[] {
  const limit = Math.max(1, Math.min(Number(query.limit) || DEFAULT_LIMIT, 10_000));
  const out: T[] = [];
  for (const item of items) {
    if (query.componentId && item.componentId !== query.componentId) continue;
    out.push(item);
    if (out.length >= limit) break;
  }
  return structuredClone(out);
}

export class HistoryService {
  constructor(private readonly store: Store) {}

  deploys(query?: ListQuery): Deploy[] {
    return select(this.store.data.deploys, query);
  }

  deliveries(query?: ListQuery): Delivery[] {
    return select(this.store.data.deliveries, query);
  }

  deploy(id: string): Deploy {
    const d = this.store.data.deploys.find((x) => x.id === id);
    if (!d) throw new ApiError('not_found', `No deploy with id "${id}"`);
    return structuredClone(d);
  }
}
