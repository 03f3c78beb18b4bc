/** Display helpers: times, durations, short ids. */
import type { Deploy, DeployState } from '../../../shared/schemas/deploy';

export function formatTime(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** Compact, for tables: the time today, else month and day (and year if not this one). */
export function formatShortTime(iso: string | undefined, now = new Date()): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  if (d.toDateString() === now.toDateString()) return time;
  const sameYear = d.getFullYear() === now.getFullYear();
  return `${d.toLocaleDateString(undefined, { month: 'short', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) })}, ${time}`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** Start to finish, or start to `now` while it runs; empty before it starts. */
export function deployDuration(deploy: Deploy, now: number): string {
  if (!deploy.startedAt) return '';
  const start = Date.parse(deploy.startedAt);
  const end = deploy.finishedAt ? Date.parse(deploy.finishedAt) : now;
  return formatDuration(end - start);
}

export const shortCommit = (sha: string | undefined): string => (sha ? sha.slice(0, 8) : '');

const ACTIVE: ReadonlySet<DeployState> = new Set(['queued', 'building', 'pulling', 'deploying']);
export const isActive = (state: DeployState): boolean => ACTIVE.has(state);
export const isRunning = (state: DeployState): boolean => state === 'building' || state === 'pulling' || state === 'deploying';

/** What version a deploy is about: tag, commit or rolled-back image. */
export function deployVersion(deploy: Deploy): string {
  const t = deploy.target;
  const r = deploy.result;
  if (r?.tag ?? t.tag) return `:${r?.tag ?? t.tag}`;
  if (r?.commit ?? t.commit) return shortCommit(r?.commit ?? t.commit);
  if (t.image) return t.image;
  return '';
}

export { describeTrigger } from './source-names';
