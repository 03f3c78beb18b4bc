/**
 * When catch-up checks run, and how politely: at start, on wake from sleep, when the tunnel
 * comes back or changes its URL, when auto-deploy or a component's auto-build is switched back
 * on, every `settings.catchUp.intervalSeconds` (0 = only those events), and when asked.
 * One check per component at a time, a few at once in all, each round jittered; after an
 * error a component's automatic checks back off (longer if the registry sent `Retry-After`).
 * Results stay in memory (no db.json write per check).
 */
import type { CatchUpCheck, CatchUpReason, CatchUpStatus } from '../../../shared/schemas/catch-up';
import type { ApiEvent } from '../../../shared/api';
import type { EventBus } from '../events';
import type { StoredComponent } from '../store/document';
import type { Store } from '../store/store';
import { backoffDelay } from '../../../shared/backoff';
import { sleep } from '../../../shared/sleep';
import { CheckError } from './check-error';
import { checkComponent } from './component-check';
import type { CheckContext, Judged } from './component-check';
import { WakeDetector } from './wake-detector';

export interface CatchUpOptions extends CheckContext {
  store: Store;
  events: EventBus;
  /** Spread of a round's checks (default 2 s at start and on events, 10% of the interval on it). */
  jitterMs?: number;
  /** First backoff after an error (default 30 s), doubling up to `maxBackoffMs` (default 1 h). */
  backoffBaseMs?: number;
  maxBackoffMs?: number;
  /** Checks running at once over all components (default 4). */
  concurrency?: number;
  /** Wake detection (headless); the engine's wall clock is `clock`. */
  wakeTickMs?: number;
  wakeJumpMs?: number;
  random?: () => number;
  onError?: (err: unknown) => void;
}

const checkable = (c: StoredComponent): boolean => c.autoBuild && (c.source.type === 'image' || c.source.type === 'git');

export class CatchUp {
  private readonly results = new Map<string, CatchUpCheck>();
  private readonly inFlight = new Map<string, Promise<CatchUpCheck>>();
  private readonly failures = new Map<string, { count: number; until: number }>();
  private readonly judged: Judged = new Map();
  private readonly queue: (() => void)[] = [];
  private running = 0;
  private intervalTimer?: NodeJS.Timeout;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private unsubscribe?: () => void;
  private readonly wake: WakeDetector;
  private lastCheckAt?: number;
  private stopped = true;
  /** Each component's auto-build switch as last seen, to notice it being turned back on. */
  private autoBuild = new Map<string, boolean>();
  private autoDeploy = true;
  private tunnelOnline = false;
  private intervalSeconds = 300;

  constructor(private readonly o: CatchUpOptions) {
    this.wake = new WakeDetector({ clock: o.clock, tickMs: o.wakeTickMs, jumpMs: o.wakeJumpMs, onWake: () => this.checkAll('wake') });
  }

  /** After the engine is up: the first round, the interval, the event subscriptions. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const s = this.o.store.data.settings;
    this.autoDeploy = s.autoDeploy;
    this.intervalSeconds = s.catchUp.intervalSeconds;
    this.autoBuild = new Map(this.o.store.data.components.map((c) => [c.id, c.autoBuild]));
    this.unsubscribe = this.o.events.subscribe((e) => this.onEvent(e));
    this.wake.start();
    this.scheduleInterval();
    this.checkAll('start');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.wake.stop();
    if (this.intervalTimer) clearTimeout(this.intervalTimer);
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    this.queue.length = 0;
    // a check stuck on a slow registry must not hold up quitting (each has its own timeout too)
    await Promise.race([Promise.allSettled([...this.inFlight.values()]), sleep(5000, { unref: true })]);
  }

  /** Desktop: Electron's powerMonitor `resume`. */
  resumed(): void {
    this.checkAll('wake');
  }

  lastCheck(componentId: string): CatchUpCheck | undefined {
    return this.results.get(componentId);
  }

  status(): CatchUpStatus {
    const failing = [...this.results.values()].filter((r) => r.outcome === 'error').length;
    return {
      intervalSeconds: this.intervalSeconds,
      ...(this.lastCheckAt !== undefined ? { lastCheckAt: new Date(this.lastCheckAt).toISOString() } : {}),
      failing,
    };
  }

  /**
   * Every checkable component, jittered; components backing off after an error wait. Nothing
   * runs while auto-deploy is paused (a check could only be told "paused").
   */
  checkAll(reason: CatchUpReason): void {
    if (this.stopped || !this.o.store.data.settings.autoDeploy) return;
    const now = this.o.clock();
    const spread = this.o.jitterMs ?? (reason === 'interval' ? Math.min(60_000, this.intervalSeconds * 100) : 2000);
    for (const c of this.o.store.data.components) {
      if (!checkable(c) || this.inFlight.has(c.id) || this.pending.has(c.id)) continue;
      const f = this.failures.get(c.id);
      if (f && f.until > now) continue;
      const timer = setTimeout(() => {
        this.pending.delete(c.id);
        this.check(c.id, reason).catch((err: unknown) => this.o.onError?.(err));
      }, Math.floor((this.o.random ?? Math.random)() * spread));
      timer.unref();
      this.pending.set(c.id, timer);
    }
  }

  /** One check now (joins one already running for the component). */
  check(componentId: string, reason: CatchUpReason): Promise<CatchUpCheck> {
    const running = this.inFlight.get(componentId);
    if (running) return running;
    const p = this.slot(() => this.run(componentId, reason)).finally(() => this.inFlight.delete(componentId));
    this.inFlight.set(componentId, p);
    return p;
  }

  private async run(componentId: string, reason: CatchUpReason): Promise<CatchUpCheck> {
    const component = this.o.store.data.components.find((c) => c.id === componentId);
    const now = (): string => new Date(this.o.clock()).toISOString();
    if (!component) return { at: now(), reason, outcome: 'nothing', message: 'the component was removed' };
    let result: CatchUpCheck;
    try {
      result = await checkComponent(this.o, component, reason, this.judged);
      this.failures.delete(componentId);
    } catch (err) {
      if (!(err instanceof CheckError)) this.o.onError?.(err);
      const count = (this.failures.get(componentId)?.count ?? 0) + 1;
      const wait = Math.max(
        err instanceof CheckError ? (err.retryAfterMs ?? 0) : 0,
        backoffDelay(count, { baseMs: this.o.backoffBaseMs ?? 30_000, maxMs: Math.max(this.o.maxBackoffMs ?? 3_600_000, this.o.backoffBaseMs ?? 30_000) }, this.o.random),
      );
      const until = this.o.clock() + wait;
      this.failures.set(componentId, { count, until });
      const message = err instanceof Error ? err.message.slice(0, 300) : String(err);
      result = { at: now(), reason, outcome: 'error', message, failures: count, retryAfter: new Date(until).toISOString() };
    }
    this.lastCheckAt = this.o.clock();
    const before = this.results.get(componentId);
    this.results.set(componentId, result);
    // every check, so clients can say when it ran; the component changed only when the result did
    this.o.events.emit({ type: 'catch-up', componentId, check: structuredClone(result) });
    if (before?.outcome !== result.outcome || before.message !== result.message) {
      this.o.events.emit({ type: 'components-changed', componentId });
    }
    return result;
  }

  /** Bounded concurrency over all components. */
  private slot<T>(task: () => Promise<T>): Promise<T> {
    const limit = this.o.concurrency ?? 4;
    return new Promise<T>((resolve, reject) => {
      const go = (): void => {
        this.running++;
        task()
          .then(resolve, reject)
          .finally(() => {
            this.running--;
            this.queue.shift()?.();
          });
      };
      if (this.running < limit) go();
      else this.queue.push(go);
    });
  }

  private scheduleInterval(): void {
    if (this.intervalTimer) clearTimeout(this.intervalTimer);
    this.intervalTimer = undefined;
    if (this.stopped || this.intervalSeconds <= 0) return;
    this.intervalTimer = setTimeout(() => {
      this.checkAll('interval');
      this.scheduleInterval();
    }, this.intervalSeconds * 1000);
    this.intervalTimer.unref();
  }

  private onEvent(e: ApiEvent): void {
    switch (e.type) {
      case 'settings-changed': {
        const wasPaused = !this.autoDeploy;
        this.autoDeploy = e.settings.autoDeploy;
        if (e.settings.catchUp.intervalSeconds !== this.intervalSeconds) {
          this.intervalSeconds = e.settings.catchUp.intervalSeconds;
          this.scheduleInterval();
        }
        if (wasPaused && this.autoDeploy) {
          this.judged.clear();
          this.checkAll('auto-deploy');
        }
        return;
      }
      case 'components-changed': {
        const components = this.o.store.data.components;
        for (const { id, autoBuild: on } of components) {
          // switched back on (a new component has nothing deployed to catch up with)
          if (!on || this.autoBuild.get(id) !== false || this.stopped || !this.autoDeploy) continue;
          this.judged.delete(id);
          this.check(id, 'auto-build').catch((err: unknown) => this.o.onError?.(err));
        }
        // A new map only when a switch or the set of components changed: this event also follows
        // every changed catch-up result (all 100 in the first round with 100 components), and a
        // map rebuilt each time left V8's young generation larger at rest (≈ 2 MB resident).
        if (this.autoBuild.size !== components.length || components.some((c) => this.autoBuild.get(c.id) !== c.autoBuild)) {
          this.autoBuild = new Map(components.map((c) => [c.id, c.autoBuild]));
        }
        return;
      }
      case 'tunnel': {
        const online = e.tunnel.state === 'online';
        if (online && !this.tunnelOnline) this.checkAll('tunnel');
        this.tunnelOnline = online;
        return;
      }
      case 'tunnel-url-changed':
        this.checkAll('tunnel');
        return;
      default:
        return;
    }
  }
}
