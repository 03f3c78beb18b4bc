/**
 * The managed public tunnel: one localtunnel client at a time, pointed only at the webhook
 * listener. It owns what the client leaves to its user (docs/tunnel.md §6 and §8): bounded
 * registration, death detection (socket errors, a no-socket watchdog, a liveness probe through
 * the public URL), reconnecting with backoff, and noticing when the granted URL changes.
 */
import type { Settings } from '../../../shared/schemas/settings';
import type { TunnelStatus } from '../../../shared/schemas/status';
import type { EventBus } from '../events';
import type { TunnelController } from '../ports';
import { backoffDelay } from '../../../shared/backoff';
import { httpLivenessProbe, type LivenessProbe, type ProbeOutcome } from './liveness-probe';
import { RegistrationError } from './register';
import { readTunnelConfig, type TunnelConfig } from './tunnel-config';
import { openSession, type TunnelSession } from './tunnel-session';
import { initialState, reduce, sameStatus, type MachineState, type TunnelInput } from './tunnel-state';

export interface TunnelTiming {
  /** Bound on one attempt: registration plus the first tunnel socket. */
  registerTimeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Interval of the liveness probe through the public URL (the first runs right after online). */
  livenessIntervalMs: number;
  /** Timeout of one default liveness probe. */
  probeTimeoutMs: number;
  /** Zero connected tunnel sockets for this long = dead (the client replaces sockets at once). */
  noSocketGraceMs: number;
  /**
   * When a requested subdomain is not granted, try once more after this delay before accepting
   * another name: right after a reconnect the server may still hold our own old tunnel (the
   * reference server keeps a name 1 s after its last socket closed).
   */
  subdomainRetryDelayMs: number;
  /** Consecutive failed attempts after which `reconnecting` is reported as `error`. */
  errorAfterFailures: number;
  /** Consecutive inconclusive probes (timeouts, resets) that count as a dead tunnel. */
  inconclusiveProbeLimit: number;
  /**
   * A tunnel lost sooner than this after coming online is flapping: the next attempt waits
   * with backoff instead of starting at once, so a tunnel that dies right away cannot loop.
   */
  stableAfterMs: number;
}

export const DEFAULT_TUNNEL_TIMING: TunnelTiming = {
  registerTimeoutMs: 15_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
  livenessIntervalMs: 30_000,
  probeTimeoutMs: 10_000,
  noSocketGraceMs: 5_000,
  subdomainRetryDelayMs: 2_500,
  errorAfterFailures: 3,
  inconclusiveProbeLimit: 2,
  stableAfterMs: 60_000,
};

export interface TunnelManagerOptions {
  events: EventBus;
  /** Read at every attempt, so a stop/start applies changed settings. */
  settings: () => Settings['tunnel'];
  /** The webhook listener's port: the only thing the tunnel forwards to. */
  localPort: () => number;
  /** The listener's bind address (a wildcard is mapped to loopback); default 127.0.0.1. */
  localHost?: () => string;
  /** Ports that must never be tunnelled to (the control API's): refused with an error. */
  neverExpose?: () => readonly number[];
  /**
   * Called when a granted public URL differs from the last known one, including the first grant
   * when none was known (`previous` undefined), so the caller can persist it as `knownUrl`.
   * The `tunnel-url-changed` event is emitted only for a change from one URL to another.
   */
  onUrlChange?: (url: string | undefined, previous: string | undefined) => void;
  probe?: LivenessProbe;
  timing?: Partial<TunnelTiming>;
  /** The public URL webhooks were last registered with (persisted), to detect a change at start. */
  knownUrl?: string;
  random?: () => number;
}

type Settled = 'online' | 'error' | 'off';
const isSettled = (s: TunnelStatus['state']): s is Settled => s === 'online' || s === 'error' || s === 'off';

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class TunnelManager implements TunnelController {
  private readonly timing: TunnelTiming;
  private readonly probe: LivenessProbe;
  private machine: MachineState;
  /** Bumped by start/stop: async work from an older generation drops its result. */
  private generation = 0;
  private session: TunnelSession | undefined;
  private attemptAbort: AbortController | undefined;
  private probeAbort: AbortController | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private livenessTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private subdomainRetried = false;
  private inconclusiveProbes = 0;
  /** Consecutive losses of tunnels that had not been up for `stableAfterMs`. */
  private flaps = 0;
  private onlineSince = 0;
  private readonly settleWaiters = new Set<() => void>();
  private closed = false;

  constructor(private readonly options: TunnelManagerOptions) {
    this.timing = { ...DEFAULT_TUNNEL_TIMING, ...options.timing };
    this.probe = options.probe ?? httpLivenessProbe({ timeoutMs: this.timing.probeTimeoutMs });
    this.machine = initialState(this.safeHost(), options.knownUrl);
  }

  status(): TunnelStatus {
    const status = { ...this.machine.status };
    if (status.state === 'off') {
      // while off, show what a start would use (settings may have changed since)
      const settings = this.options.settings();
      status.host = this.safeHost(settings.host);
      if (settings.subdomain) status.requestedSubdomain = settings.subdomain;
      else delete status.requestedSubdomain;
    }
    return status;
  }

  /**
   * Starts the tunnel, or retries at once when it is in `error`. Resolves when it is online or
   * the attempt failed (retries then continue in the background), at the latest after a bound.
   */
  async start(): Promise<TunnelStatus> {
    if (this.closed) throw new Error('the tunnel manager is closed');
    const state = this.machine.status.state;
    if (state === 'online') return this.status();
    if (state === 'off' || state === 'error') {
      this.cancelWork();
      const gen = ++this.generation;
      this.failures = 0;
      this.flaps = 0;
      this.subdomainRetried = false;
      const settings = this.options.settings();
      this.apply({ type: 'start', host: this.safeHost(settings.host), requestedSubdomain: settings.subdomain || undefined });
      void this.attempt(gen);
    }
    return this.waitSettled();
  }

  /** Applies changed settings (host, subdomain): a running tunnel is replaced, an off one stays off. */
  async restart(): Promise<TunnelStatus> {
    if (this.machine.status.state === 'off') return this.status();
    await this.stop();
    return this.start();
  }

  async stop(): Promise<TunnelStatus> {
    this.generation++;
    this.cancelWork();
    this.apply({ type: 'stop' });
    return this.status();
  }

  /** Shutdown: everything closed, no timers left; later start() calls are refused. */
  async close(): Promise<void> {
    this.closed = true;
    await this.stop();
    for (const wake of this.settleWaiters) wake();
    this.settleWaiters.clear();
  }

  private safeHost(raw?: string): string {
    const host = raw ?? this.options.settings().host;
    return host.trim().replace(/\/+$/, '');
  }

  private cancelWork(): void {
    clearTimeout(this.retryTimer);
    clearTimeout(this.livenessTimer);
    this.retryTimer = undefined;
    this.livenessTimer = undefined;
    this.attemptAbort?.abort();
    this.attemptAbort = undefined;
    this.probeAbort?.abort();
    this.probeAbort = undefined;
    this.session?.close();
    this.session = undefined;
  }

  private apply(input: TunnelInput): void {
    const before = this.machine.status;
    const t = reduce(this.machine, input);
    this.machine = t.state;
    if (!sameStatus(before, t.state.status)) this.options.events.emit({ type: 'tunnel', tunnel: this.status() });
    if (t.urlChange) {
      this.options.events.emit({ type: 'tunnel-url-changed', url: t.urlChange.url, previousUrl: t.urlChange.previousUrl });
    }
    if (t.newUrl) {
      try {
        this.options.onUrlChange?.(t.newUrl.url, t.newUrl.previousUrl);
      } catch {
        // a faulty callback must not break the tunnel
      }
    }
    if (isSettled(t.state.status.state)) {
      for (const wake of this.settleWaiters) wake();
      this.settleWaiters.clear();
    }
  }

  private waitSettled(): Promise<TunnelStatus> {
    if (isSettled(this.machine.status.state) || this.closed) return Promise.resolve(this.status());
    // one attempt, a subdomain retry and a second attempt, plus slack
    const bound = 2 * this.timing.registerTimeoutMs + this.timing.subdomainRetryDelayMs + 1_000;
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.settleWaiters.delete(wake);
        resolve(this.status());
      };
      const timer = setTimeout(wake, bound);
      this.settleWaiters.add(wake);
    });
  }

  private schedule(gen: number, delayMs: number): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (gen === this.generation) void this.attempt(gen);
    }, delayMs);
  }

  private async attempt(gen: number): Promise<void> {
    let config: TunnelConfig;
    try {
      config = readTunnelConfig(
        this.options.settings(),
        this.options.localHost?.() ?? '127.0.0.1',
        this.options.localPort(),
        this.options.neverExpose?.() ?? [],
      );
    } catch (err) {
      this.apply({ type: 'failed', reason: errorMessage(err), toError: true });
      return;
    }
    const abort = new AbortController();
    this.attemptAbort = abort;
    let session: TunnelSession;
    try {
      session = await openSession({
        ...config,
        timeoutMs: this.timing.registerTimeoutMs,
        noSocketGraceMs: this.timing.noSocketGraceMs,
        signal: abort.signal,
        onLost: (reason) => {
          if (this.session === session) this.onLost(gen, reason);
        },
      });
    } catch (err) {
      if (gen !== this.generation) return;
      this.attemptAbort = undefined;
      this.failed(gen, err);
      return;
    }
    if (gen !== this.generation) {
      session.close();
      return;
    }
    this.attemptAbort = undefined;
    this.adopt(gen, config, session);
  }

  private failed(gen: number, err: unknown): void {
    this.failures++;
    const reason = errorMessage(err);
    if (err instanceof RegistrationError && !err.retryable) {
      // the server said no for a reason retrying will not change (invalid name, wrong URL)
      this.apply({ type: 'failed', reason, toError: true });
      return;
    }
    const delay = backoffDelay(this.failures, { baseMs: this.timing.backoffBaseMs, maxMs: this.timing.backoffMaxMs }, this.options.random);
    const toError = this.failures >= this.timing.errorAfterFailures;
    this.apply({ type: 'failed', reason, retryAt: new Date(Date.now() + delay), toError });
    this.schedule(gen, delay);
  }

  private adopt(gen: number, config: TunnelConfig, session: TunnelSession): void {
    const mismatch = config.subdomain !== undefined && session.clientId !== config.subdomain;
    if (mismatch && !this.subdomainRetried) {
      session.close();
      this.subdomainRetried = true;
      const delay = this.timing.subdomainRetryDelayMs;
      this.apply({
        type: 'waiting',
        reason: `subdomain "${config.subdomain}" is taken on ${config.host}; trying again before accepting another name`,
        retryAt: new Date(Date.now() + delay),
      });
      this.schedule(gen, delay);
      return;
    }
    this.subdomainRetried = false;
    this.failures = 0;
    this.inconclusiveProbes = 0;
    this.session = session;
    this.onlineSince = Date.now();
    const note = mismatch
      ? `requested subdomain "${config.subdomain}" was not granted (taken?); the server gave "${session.clientId}"`
      : undefined;
    this.apply({ type: 'online', url: session.url, subdomainMismatch: mismatch, note, at: new Date() });
    if (session.lostReason !== undefined) {
      this.onLost(gen, session.lostReason);
      return;
    }
    this.scheduleProbe(gen, 0);
  }

  private onLost(gen: number, reason: string): void {
    if (gen !== this.generation || this.session === undefined) return;
    this.cancelWork();
    this.apply({ type: 'lost', reason });
    this.failures = 0;
    this.flaps = Date.now() - this.onlineSince < this.timing.stableAfterMs ? this.flaps + 1 : 0;
    if (this.flaps === 0) {
      // first try at once: most losses are a server restart or a network blip already over
      this.schedule(gen, 0);
      return;
    }
    const delay = backoffDelay(this.flaps, { baseMs: this.timing.backoffBaseMs, maxMs: this.timing.backoffMaxMs }, this.options.random);
    this.apply({ type: 'waiting', reason: `${reason} (the tunnel keeps dropping; pausing before the next attempt)`, retryAt: new Date(Date.now() + delay) });
    this.schedule(gen, delay);
  }

  private scheduleProbe(gen: number, delayMs: number): void {
    clearTimeout(this.livenessTimer);
    this.livenessTimer = setTimeout(() => {
      this.livenessTimer = undefined;
      void this.runProbe(gen);
    }, delayMs);
  }

  private async runProbe(gen: number): Promise<void> {
    const session = this.session;
    if (gen !== this.generation || session === undefined) return;
    const abort = new AbortController();
    this.probeAbort = abort;
    let outcome: ProbeOutcome;
    try {
      outcome = await this.probe(session.url, abort.signal);
    } catch (err) {
      outcome = { kind: 'inconclusive', reason: `liveness check failed: ${errorMessage(err)}` };
    }
    if (gen !== this.generation || this.session !== session) return;
    this.probeAbort = undefined;
    switch (outcome.kind) {
      case 'alive':
        this.inconclusiveProbes = 0;
        this.apply({ type: 'probe' });
        break;
      case 'dead':
        this.onLost(gen, outcome.reason);
        return;
      case 'unresolvable':
      case 'note':
        this.inconclusiveProbes = 0;
        this.apply({ type: 'probe', note: outcome.reason });
        break;
      case 'inconclusive':
        this.inconclusiveProbes++;
        if (this.inconclusiveProbes >= this.timing.inconclusiveProbeLimit) {
          this.onLost(gen, outcome.reason);
          return;
        }
        this.apply({ type: 'probe', note: outcome.reason });
        break;
    }
    this.scheduleProbe(gen, this.timing.livenessIntervalMs);
  }
}
