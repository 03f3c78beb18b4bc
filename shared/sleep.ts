/**
 * The one timer-as-promise, for the engine and the renderer alike: waits `ms`, or less when
 * `signal` aborts (it never rejects).
 */
export interface SleepOptions {
  signal?: AbortSignal;
  /** Let the process exit while waiting (for waits nobody must outlive, e.g. at shutdown). */
  unref?: boolean;
}

export function sleep(ms: number, options: SleepOptions = {}): Promise<void> {
  const { signal, unref = false } = options;
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    // Node's timers can be unref'd; a browser's are plain numbers
    if (unref) (t as { unref?: () => void }).unref?.();
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
