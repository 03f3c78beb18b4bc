/**
 * What a catch-up check found: the engine asked the registry or the repository itself (after a
 * start, a wake from sleep, a tunnel reconnect, on its interval, or because the user asked).
 * Kept in memory by the engine and shown on each component and in status.
 */
export type CatchUpReason = 'start' | 'interval' | 'wake' | 'tunnel' | 'auto-deploy' | 'auto-build' | 'manual';

export type CatchUpOutcome =
  /** What runs is the newest the source offers. */
  | 'up-to-date'
  /** A newer version was found and sent through the same gates as a webhook: a deploy was queued. */
  | 'queued'
  /** A newer version was found but the gates or rules said no (keyword, tag rule, paused, ...). */
  | 'ignored'
  /** Nothing to compare: never deployed, or the source offers nothing the rule accepts. */
  | 'nothing'
  /** The registry or repository could not be asked; never a deploy. */
  | 'error';

export interface CatchUpCheck {
  /** When the check finished (ISO time). */
  at: string;
  reason: CatchUpReason;
  outcome: CatchUpOutcome;
  /** For people: "registry said 401: ...", "v2 queued as deploy d_...", "main@4d2a8b9 has no @deploy". */
  message: string;
  /** The version found: a tag (image) or a commit (git). */
  found?: string;
  deployId?: string;
  /** Errors in a row; the next automatic check waits longer after each (backoff). */
  failures?: number;
  /** After an error: no automatic check before this time (ISO). */
  retryAfter?: string;
}

/** For status: the catch-up loop as a whole. */
export interface CatchUpStatus {
  intervalSeconds: number;
  /** The last check of any component (ISO time). */
  lastCheckAt?: string;
  /** Components whose last check ended in an error. */
  failing: number;
}
