import type { Component } from '../../../../shared/schemas/component';
import { shortCommit } from '../../lib/format';

export const sourceLabel = (c: Component): string =>
  c.source.type === 'image' ? c.source.image : `${c.source.repo} (${c.source.branch})`;

/** What is running now: tag or commit, or a dash. */
export function runningLabel(c: Component): string {
  const r = c.running;
  if (!r) return '—';
  if (r.tag) return r.tag;
  if (r.commit) return shortCommit(r.commit);
  return r.image;
}
