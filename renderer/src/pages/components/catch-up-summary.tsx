/**
 * Catch-up at a glance, above the components list: when the engine last asked the registries
 * and repositories itself and what it found, e.g. "Catch-up: checked 3 min ago · up to date ·
 * every 5 min", or which components' last check failed.
 */
import type { CatchUpOutcome } from '../../../../shared/schemas/catch-up';
import type { Component } from '../../../../shared/schemas/component';
import type { Status } from '../../../../shared/schemas/status';
import { TimeAgo } from '../../ui/time-ago';
import { checkInterval } from '../../lib/check-labels';

export interface CheckSummary {
  /** The newest check of any component (ISO), if any ran. */
  lastAt?: string;
  /** "up to date" (all), or "2 up to date", "1 with nothing to deploy", "1 new version deploying", ... in a fixed order. */
  findings: string[];
  /** Names of the components whose last check failed. */
  failed: string[];
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** What the components' last checks found, counted. */
export function summarizeChecks(components: readonly Component[]): CheckSummary {
  const count = new Map<CatchUpOutcome, number>();
  let lastAt: string | undefined;
  const failed: string[] = [];
  for (const c of components) {
    const check = c.lastCheck;
    if (!check) continue;
    count.set(check.outcome, (count.get(check.outcome) ?? 0) + 1);
    if (!lastAt || check.at > lastAt) lastAt = check.at;
    if (check.outcome === 'error') failed.push(c.name);
  }
  const n = (o: CatchUpOutcome): number => count.get(o) ?? 0;
  const checked = [...count.values()].reduce((a, b) => a + b, 0);
  const findings: string[] = [];
  if (n('up-to-date')) findings.push(n('up-to-date') === checked ? 'up to date' : `${n('up-to-date')} up to date`);
  if (n('nothing')) findings.push(`${n('nothing')} with nothing to deploy`);
  if (n('queued')) findings.push(plural(n('queued'), 'new version deploying', 'new versions deploying'));
  if (n('ignored')) findings.push(plural(n('ignored'), 'new version not deployed', 'new versions not deployed'));
  return { ...(lastAt ? { lastAt } : {}), findings, failed };
}

export function CatchUpSummary({ components, status }: { components: readonly Component[]; status: Status }) {
  const loop = status.catchUp;
  if (!loop || components.length === 0) return null;
  const s = summarizeChecks(components);
  return (
    <p className="catch-up-summary" id="catch-up-summary">
      <strong>Catch-up:</strong>{' '}
      {!status.autoDeploy ? <>paused with auto-deploy · </> : null}
      {s.lastAt ? (
        <>
          checked <TimeAgo iso={s.lastAt} />
        </>
      ) : (
        'not checked yet'
      )}
      {s.findings.map((f) => (
        <span key={f}> · {f}</span>
      ))}
      {s.failed.length ? (
        <span className="bad-text">
          {' '}
          · {plural(s.failed.length, 'check', 'checks')} failed: {s.failed.join(', ')}
        </span>
      ) : null}
      <span className="muted"> · {checkInterval(loop.intervalSeconds)}</span>
    </p>
  );
}
