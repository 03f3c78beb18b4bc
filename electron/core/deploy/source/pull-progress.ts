/**
 * Turns the engine's pull progress events into log lines without flooding the log: state
 * changes of each layer are logged, byte counts at most once a second per layer.
 */
import type { PullProgress } from '../engine/container-engine';

const MB = 1024 * 1024;
const fmt = (n: number): string => `${(n / MB).toFixed(1)} MB`;

export function pullProgressLogger(log: (line: string) => void, intervalMs = 1000): (p: PullProgress) => void {
  const lastStatus = new Map<string, string>();
  const lastAt = new Map<string, number>();
  return (p) => {
    if (!p.id) {
      log(`pull: ${p.status}`);
      return;
    }
    const counting = p.current !== undefined && p.total !== undefined && p.total > 0;
    const now = Date.now();
    if (lastStatus.get(p.id) === p.status) {
      if (!counting || now - (lastAt.get(p.id) ?? 0) < intervalMs) return;
    }
    lastStatus.set(p.id, p.status);
    lastAt.set(p.id, now);
    log(`pull: ${p.id} ${p.status}${counting ? ` ${fmt(p.current!)}/${fmt(p.total!)}` : ''}`);
  };
}
