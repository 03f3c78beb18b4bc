/**
 * App lifecycle rules of a tray app: one instance (a second launch focuses the first), the
 * last window closing does not quit, and quitting waits — boundedly — for the engine to stop.
 */
import type { App } from 'electron';

/** Returns false (and quits) when another instance already runs. */
export function claimSingleInstance(
  app: Pick<App, 'requestSingleInstanceLock' | 'on' | 'quit'>,
  onSecondInstance: () => void,
): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => onSecondInstance());
  return true;
}

export interface GracefulQuitOptions {
  /** Passed to the engine's own bounded stop. */
  timeoutMs?: number;
  /** Extra time before giving up on a stop that ignores its own limit. */
  graceMs?: number;
  onQuitting?: () => void;
  log?: (message: string) => void;
}

export class GracefulQuit {
  private state: 'running' | 'stopping' | 'stopped' = 'running';

  constructor(
    private readonly app: Pick<App, 'on' | 'exit'>,
    private readonly stop: (timeoutMs: number) => Promise<void>,
    private readonly opts: GracefulQuitOptions = {},
  ) {}

  get quitting(): boolean {
    return this.state !== 'running';
  }

  install(): void {
    // Without a listener Electron quits when the last window closes; the tray keeps us alive.
    this.app.on('window-all-closed', () => undefined);
    this.app.on('before-quit', (event) => {
      if (this.state === 'stopped') return;
      event.preventDefault();
      if (this.state === 'stopping') return;
      this.state = 'stopping';
      this.opts.onQuitting?.();
      void this.stopBounded().then(() => {
        this.state = 'stopped';
        this.app.exit(0);
      });
    });
  }

  private async stopBounded(): Promise<void> {
    const timeoutMs = this.opts.timeoutMs ?? 10_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.opts.log?.(`engine did not stop within ${timeoutMs + (this.opts.graceMs ?? 2000)} ms; quitting anyway`);
        resolve();
      }, timeoutMs + (this.opts.graceMs ?? 2000));
    });
    const stopped = this.stop(timeoutMs).catch((err: unknown) => this.opts.log?.(`engine stop failed: ${String(err)}`));
    await Promise.race([stopped, limit]);
    clearTimeout(timer);
  }
}
