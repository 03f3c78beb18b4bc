/**
 * hookId → component, by Map lookup instead of a scan per request. The map is rebuilt when the
 * components list changes (a new array or length, a `components-changed` event), when a hit
 * turns out stale, and — at most once a second — on a miss, in case a hook id was changed in
 * place without an event. A hit is confirmed against the component's current hook id with a
 * constant-time comparison.
 */
import type { EventBus } from '../events';
import type { StoredComponent } from '../store/document';
import type { Store } from '../store/store';
import { sameBytes } from '../util/safe-equal';

const HOOK_ID = /^[A-Za-z0-9_-]{22,128}$/;
const MISS_REBUILD_MS = 1000;

export class HookIndex {
  private map = new Map<string, StoredComponent>();
  private builtFrom: StoredComponent[] | null = null;
  private builtLength = -1;
  private builtAt = 0;
  private stale = true;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    events: EventBus,
    private readonly clock: () => number = Date.now,
  ) {
    this.unsubscribe = events.subscribe((e) => {
      if (e.type === 'components-changed') this.stale = true;
    });
  }

  static isWellFormed(hookId: string): boolean {
    return HOOK_ID.test(hookId);
  }

  lookup(hookId: string): StoredComponent | undefined {
    if (!HOOK_ID.test(hookId)) return undefined;
    const components = this.store.data.components;
    if (this.stale || components !== this.builtFrom || components.length !== this.builtLength) this.rebuild();
    let hit = this.confirm(hookId);
    // A known id whose component now has another id proves the map stale: rebuild at once.
    // Unknown ids rebuild at most once a second, so random guesses cannot force a rebuild each.
    if (!hit && (this.map.has(hookId) || this.clock() - this.builtAt >= MISS_REBUILD_MS)) {
      this.rebuild();
      hit = this.confirm(hookId);
    }
    return hit;
  }

  close(): void {
    this.unsubscribe();
  }

  private confirm(hookId: string): StoredComponent | undefined {
    const c = this.map.get(hookId);
    if (!c) return undefined;
    return sameBytes(Buffer.from(hookId), Buffer.from(c.hookId)) ? c : undefined;
  }

  private rebuild(): void {
    const components = this.store.data.components;
    this.map = new Map(components.map((c) => [c.hookId, c]));
    this.builtFrom = components;
    this.builtLength = components.length;
    this.builtAt = this.clock();
    this.stale = false;
  }
}
