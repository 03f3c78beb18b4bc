/**
 * Decides when to notify: once per finished deploy (as the user's settings allow), at once for
 * a tunnel URL change, and — when several deploys finish close together — one summary instead
 * of a stack of toasts. Deploy notifications wait for a short quiet spell to see whether a
 * burst is coming; the wait is bounded so a steady stream still gets reported.
 */
import type { ApiEvent } from '../../shared/api';
import type { Deploy } from '../../shared/schemas/deploy';
import { burstSummary, deployNotification, tunnelUrlNotification, type NotificationPrefs, type NotificationSpec } from '../../shared/notifications';

export interface Notifier {
  show(spec: NotificationSpec): void;
}

export interface DeployNotifierOptions {
  subscribe: (listener: (event: ApiEvent) => void) => () => void;
  prefs: NotificationPrefs;
  notifier: Notifier;
  /** More than this many in one batch become a summary. */
  burstThreshold?: number;
  quietMs?: number;
  maxWaitMs?: number;
}

const SEEN_LIMIT = 500;

export class DeployNotifier {
  private prefs: NotificationPrefs;
  private pending: { deploy: Deploy; spec: NotificationSpec }[] = [];
  private readonly seen = new Set<string>();
  private quiet?: ReturnType<typeof setTimeout>;
  private deadline?: ReturnType<typeof setTimeout>;
  private readonly unsubscribe: () => void;

  constructor(private readonly opts: DeployNotifierOptions) {
    this.prefs = opts.prefs;
    this.unsubscribe = opts.subscribe((event) => this.onEvent(event));
  }

  dispose(): void {
    this.unsubscribe();
    this.clearTimers();
    this.pending = [];
  }

  private onEvent(event: ApiEvent): void {
    if (event.type === 'settings-changed') this.prefs = event.settings.notifications;
    else if (event.type === 'tunnel-url-changed') {
      const spec = tunnelUrlNotification(event, this.prefs);
      if (spec) this.opts.notifier.show(spec);
    } else if (event.type === 'deploy') this.onDeploy(event.deploy);
  }

  private onDeploy(deploy: Deploy): void {
    // Every state change is an event; only the first final one of a deploy may notify.
    const spec = deployNotification(deploy, this.prefs);
    if (!spec || this.seen.has(deploy.id)) return;
    this.seen.add(deploy.id);
    if (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.values().next().value as string);
    this.pending.push({ deploy, spec });
    clearTimeout(this.quiet);
    this.quiet = setTimeout(() => this.flush(), this.opts.quietMs ?? 1500);
    this.deadline ??= setTimeout(() => this.flush(), this.opts.maxWaitMs ?? 5000);
  }

  private clearTimers(): void {
    clearTimeout(this.quiet);
    clearTimeout(this.deadline);
    this.quiet = undefined;
    this.deadline = undefined;
  }

  /** Show what is pending now: each one, or a summary when there are too many. */
  flush(): void {
    this.clearTimers();
    const batch = this.pending;
    this.pending = [];
    if (batch.length > (this.opts.burstThreshold ?? 3)) this.opts.notifier.show(burstSummary(batch.map((b) => b.deploy)));
    else for (const { spec } of batch) this.opts.notifier.show(spec);
  }
}
