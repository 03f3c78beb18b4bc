/** Words for catch-up checks, shared by "Check now", the components list and the status facts. */
import type { CatchUpOutcome } from '../../../shared/schemas/catch-up';

export const CHECK_OUTCOME: Record<CatchUpOutcome, string> = {
  'up-to-date': 'up to date',
  queued: 'new version, deploying',
  ignored: 'new version, not deployed',
  nothing: 'nothing to deploy',
  error: 'check failed',
};

/** How often the engine checks by itself: "every 5 min", "every 90 s", or none (events only). */
export function checkInterval(seconds: number): string {
  if (seconds <= 0) return 'no timed checks (start, wake and tunnel only)';
  if (seconds % 3600 === 0) return `every ${seconds / 3600} h`;
  if (seconds % 60 === 0) return `every ${seconds / 60} min`;
  return `every ${seconds} s`;
}
