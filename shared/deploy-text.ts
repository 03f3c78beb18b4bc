/**
 * Short human texts about deploys (version label, duration, age, state mark), shared by the
 * tray menu and the desktop notifications so both say the same thing the same way.
 */
import type { Deploy, DeployState } from './schemas/deploy';

/** The version a deploy put (or tried to put) in place: tag, else short commit, else image tag. */
export function versionOf(d: Pick<Deploy, 'result' | 'target'>): string | undefined {
  const tag = d.result?.tag ?? d.target.tag;
  if (tag) return tag;
  const commit = d.result?.commit ?? d.target.commit;
  if (commit) return commit.slice(0, 7);
  const image = d.result?.image ?? d.target.image;
  if (!image || image.startsWith('sha256:')) return undefined;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  const at = image.indexOf('@');
  return colon > -1 ? image.slice(colon + 1, at > colon ? at : undefined) : undefined;
}

/** Milliseconds from start (or creation) to finish, when finished. */
export function deployDurationMs(d: Pick<Deploy, 'createdAt' | 'startedAt' | 'finishedAt'>): number | undefined {
  if (!d.finishedAt) return undefined;
  const ms = Date.parse(d.finishedAt) - Date.parse(d.startedAt ?? d.createdAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** "0.4 s", "2.5 s", "12 s", "2 min 5 s", "1 h 3 min". */
export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 10) return `${Number(s.toFixed(1))} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const totalS = Math.round(s);
  if (totalS < 3600) {
    const m = Math.floor(totalS / 60);
    const rest = totalS % 60;
    return rest ? `${m} min ${rest} s` : `${m} min`;
  }
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** "just now", "3 min ago", "2 h ago", "4 d ago" (a clock running behind reads "just now"). */
export function formatAge(iso: string, now: number): string {
  const s = (now - Date.parse(iso)) / 1000;
  if (!Number.isFinite(s) || s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

/** When the deploy last changed: finished, else started, else created. */
export const deployTime = (d: Pick<Deploy, 'createdAt' | 'startedAt' | 'finishedAt'>): string =>
  d.finishedAt ?? d.startedAt ?? d.createdAt;

export const STATE_LABEL: Record<DeployState, string> = {
  queued: 'queued',
  building: 'building…',
  pulling: 'pulling…',
  deploying: 'deploying…',
  succeeded: 'succeeded',
  failed: 'failed',
  'rolled-back': 'rolled back',
  superseded: 'superseded',
  cancelled: 'cancelled',
  skipped: 'skipped',
};

export const STATE_MARK: Record<DeployState, string> = {
  queued: '…',
  building: '⟳',
  pulling: '⟳',
  deploying: '⟳',
  succeeded: '✓',
  failed: '✗',
  'rolled-back': '↩',
  superseded: '–',
  cancelled: '–',
  skipped: '–',
};

/** First non-empty line, trimmed and capped (notifications and menu items are one line). */
export function firstLine(text: string | undefined, max = 160): string | undefined {
  const line = text
    ?.split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  if (!line) return undefined;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
