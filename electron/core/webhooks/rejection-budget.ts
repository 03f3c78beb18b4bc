/**
 * What a failed request may cost: its answer, always (a 401/404 is computed in microseconds and
 * never delays or blocks anyone else), and one delivery-log row only within a budget. Rows are
 * the expensive part (each batch rewrites db.json) and the log is bounded, so unlimited rows
 * would let anyone push a user's real deliveries out of it. Per hook (and one budget for
 * unknown URLs), at most `rowsPerWindow` rejected requests are logged per window; the rest are
 * counted and folded into one row when the window ends.
 *
 * This replaces a per-address failed-auth throttle: behind localtunnel every request comes
 * from 127.0.0.1 and X-Forwarded-For is whatever the sender wrote (docs/tunnel.md,
 * "Measured against the real server"), so a per-address block either blocked every sender at once or none. Nothing here
 * refuses a request; a request that verifies is never affected.
 */

export interface RejectionBudgetOptions {
  rowsPerWindow?: number;
  windowMs?: number;
  /** Most keys tracked at once (memory bound); a new key past it evicts the oldest window. */
  maxKeys?: number;
}

interface Window {
  start: number;
  logged: number;
  folded: number;
  /** What the folded rows were, for the summary row (the last one seen). */
  sample?: unknown;
  timer?: NodeJS.Timeout;
}

export interface FoldedRejections<T> {
  key: string;
  count: number;
  since: number;
  sample: T;
}

export class RejectionBudget<T> {
  private readonly windows = new Map<string, Window>();
  private readonly rowsPerWindow: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;

  constructor(
    private readonly onFolded: (folded: FoldedRejections<T>) => void,
    options: RejectionBudgetOptions = {},
    private readonly clock: () => number = Date.now,
  ) {
    this.rowsPerWindow = options.rowsPerWindow ?? 20;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** True: log this rejection as its own row. False: it was counted for the window's summary row. */
  admit(key: string, sample: T): boolean {
    const now = this.clock();
    let w = this.windows.get(key);
    if (w && now - w.start >= this.windowMs) {
      this.close(key, w);
      w = undefined;
    }
    if (!w) {
      w = { start: now, logged: 0, folded: 0 };
      this.windows.set(key, w);
      this.bound();
    }
    if (w.logged < this.rowsPerWindow) {
      w.logged++;
      return true;
    }
    w.folded++;
    w.sample = sample;
    if (!w.timer) {
      const window = w;
      w.timer = setTimeout(() => this.close(key, window), Math.max(0, window.start + this.windowMs - now));
      w.timer.unref();
    }
    return false;
  }

  /** Emit every pending summary now (shutdown). */
  flush(): void {
    for (const [key, w] of [...this.windows]) this.close(key, w);
  }

  private close(key: string, w: Window): void {
    clearTimeout(w.timer);
    if (this.windows.get(key) === w) this.windows.delete(key);
    if (w.folded > 0) this.onFolded({ key, count: w.folded, since: w.start, sample: w.sample as T });
    w.folded = 0;
  }

  private bound(): void {
    for (const [key, w] of this.windows) {
      if (this.windows.size <= this.maxKeys) break;
      this.close(key, w);
    }
  }
}
