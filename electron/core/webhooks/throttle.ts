/**
 * Failed-authentication throttle: after `maxFailures` failures within `windowMs` from one
 * address, that address gets 429 until `windowMs` has passed since the last counted failure.
 * Memory is bounded: past `maxAddresses`, the oldest entries are dropped.
 */

export interface ThrottleOptions {
  maxFailures?: number;
  windowMs?: number;
  maxAddresses?: number;
}

interface Entry {
  count: number;
  windowStart: number;
  blockedUntil: number;
}

export class FailureThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxAddresses: number;

  constructor(
    options: ThrottleOptions = {},
    private readonly clock: () => number = Date.now,
  ) {
    this.maxFailures = options.maxFailures ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxAddresses = options.maxAddresses ?? 10_000;
  }

  isBlocked(address: string): boolean {
    const e = this.entries.get(address);
    return e !== undefined && e.blockedUntil > this.clock();
  }

  fail(address: string): void {
    const now = this.clock();
    let e = this.entries.get(address);
    if (!e || now - e.windowStart > this.windowMs) {
      this.entries.delete(address);
      e = { count: 0, windowStart: now, blockedUntil: 0 };
      this.entries.set(address, e);
      this.bound();
    }
    e.count++;
    if (e.count >= this.maxFailures) e.blockedUntil = now + this.windowMs;
  }

  private bound(): void {
    if (this.entries.size <= this.maxAddresses) return;
    // Map iteration is insertion order: the first entries are the oldest windows.
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxAddresses) break;
      this.entries.delete(key);
    }
  }
}
