/**
 * What a catch-up check found: the engine asked the registry or the repository itself (after a
 * start, a wake from sleep, a tunnel reconnect, on its interval, or because the user asked).
 * Kept in memory by the engine and shown on each component and in status.
 */
import * as z from 'zod';

export const catchUpReason = z.enum(['start', 'interval', 'wake', 'tunnel', 'auto-deploy', 'auto-build', 'manual']);
export type CatchUpReason = z.infer<typeof catchUpReason>;

export const catchUpOutcome = z.enum([
  /** What runs is the newest the source offers. */
  'up-to-date',
  /** A newer version was found and sent through the same gates as a webhook: a deploy was queued. */
  'queued',
  /** A newer version was found but the gates or rules said no (keyword, tag rule, paused, ...). */
  'ignored',
  /** Nothing to compare: never deployed, or the source offers nothing the rule accepts. */
  'nothing',
  /** The registry or repository could not be asked; never a deploy. */
  'error',
]);
export type CatchUpOutcome = z.infer<typeof catchUpOutcome>;

export const catchUpCheck = z.strictObject({
  /** When the check finished (ISO time). */
  at: z.iso.datetime(),
  reason: catchUpReason,
  outcome: catchUpOutcome,
  /** For people: "registry said 401: ...", "v2 queued as deploy d_...", "main@4d2a8b9 has no @deploy". */
  message: z.string(),
  /** The version found: a tag (image) or a commit (git). */
  found: z.string().optional(),
  deployId: z.string().optional(),
  /** Errors in a row; the next automatic check waits longer after each (backoff). */
  failures: z.number().int().positive().optional(),
  /** After an error: no automatic check before this time (ISO). */
  retryAfter: z.iso.datetime().optional(),
});
export type CatchUpCheck = z.infer<typeof catchUpCheck>;

/** For status: the catch-up loop as a whole. */
export const catchUpStatus = z.strictObject({
  intervalSeconds: z.number().int().nonnegative(),
  /** The last check of any component (ISO time). */
  lastCheckAt: z.iso.datetime().optional(),
  /** Components whose last check ended in an error. */
  failing: z.number().int().nonnegative(),
});
export type CatchUpStatus = z.infer<typeof catchUpStatus>;

/** The `catch-up` event: sent after every check (also one that found what the last found), so "checked 3 min ago" stays true. */
export const catchUpEvent = z.strictObject({ type: z.literal('catch-up'), componentId: z.string(), check: catchUpCheck });
export type CatchUpEvent = z.infer<typeof catchUpEvent>;
