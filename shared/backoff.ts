/**
 * Reconnect delays: exponential backoff with "equal jitter" (half fixed, half random), so a
 * fleet of clients restarted together by a server restart does not come back in lock-step,
 * yet every delay keeps a lower bound (a retry is never immediate after a failure).
 */
export interface BackoffOptions {
  /** Delay ceiling of the first retry (attempt 1). */
  baseMs: number;
  /** No delay is longer than this. */
  maxMs: number;
}

/**
 * Delay before retry number `attempt` (1-based): the ceiling `min(maxMs, baseMs·2^(attempt−1))`,
 * then a random value in [ceiling/2, ceiling]. `random` returns [0, 1) like Math.random.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  if (!Number.isFinite(attempt) || attempt < 1) throw new RangeError(`backoff attempt must be ≥ 1, got ${attempt}`);
  if (!(options.baseMs > 0) || !(options.maxMs >= options.baseMs)) {
    throw new RangeError(`backoff needs 0 < baseMs ≤ maxMs, got baseMs=${options.baseMs} maxMs=${options.maxMs}`);
  }
  // 2^exponent overflows to Infinity long before attempt matters; cap the exponent instead
  const exponent = Math.min(attempt - 1, 40);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * r);
}
