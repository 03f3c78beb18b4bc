/**
 * Notices that the machine slept (headless: there is no powerMonitor). Timers stand still
 * while a machine sleeps but the wall clock does not, so a tick that finds the wall clock far
 * ahead of where the tick interval says it should be means the machine was away.
 * The clock is injectable so a test can jump it.
 */
export interface WakeDetectorOptions {
  /** Wall clock, epoch ms. */
  clock: () => number;
  /** How often to look (default 30 s; costs nothing measurable). */
  tickMs?: number;
  /** A gap this much longer than a tick counts as a sleep (default 60 s). */
  jumpMs?: number;
  onWake: (awayMs: number) => void;
}

export class WakeDetector {
  private timer?: NodeJS.Timeout;
  private last = 0;

  constructor(private readonly options: WakeDetectorOptions) {}

  start(): void {
    if (this.timer) return;
    const tickMs = this.options.tickMs ?? 30_000;
    const jumpMs = this.options.jumpMs ?? 60_000;
    this.last = this.options.clock();
    this.timer = setInterval(() => {
      const now = this.options.clock();
      const gap = now - this.last;
      this.last = now;
      if (gap > tickMs + jumpMs || gap < -jumpMs) this.options.onWake(gap);
    }, tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
