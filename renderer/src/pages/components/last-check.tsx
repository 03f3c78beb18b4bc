/** A components-list cell: when catch-up last checked the component and what it found ("3 min ago · up to date"). */
import type { Component } from '../../../../shared/schemas/component';
import { TimeAgo } from '../../ui/time-ago';
import { CHECK_OUTCOME } from '../../lib/check-labels';

export function LastCheck({ component: c }: { component: Component }) {
  const check = c.lastCheck;
  if (!check) return <span className="muted">{c.autoBuild ? 'not yet' : 'not checked: auto-build off'}</span>;
  const failed = check.outcome === 'error';
  return (
    <span className="last-check" data-outcome={check.outcome}>
      <TimeAgo iso={check.at} className="muted" /> · <span className={failed ? 'bad-text' : undefined}>{CHECK_OUTCOME[check.outcome]}</span>
      {check.outcome === 'up-to-date' ? null : ' '}
      {check.outcome === 'up-to-date' ? null : (
        // the whole message is in the text (screen readers read it); the box only clips it on screen
        <span className={`check-message ellipsis ${failed ? 'bad-text' : 'muted'}`} title={check.message}>
          {check.message}
        </span>
      )}
    </span>
  );
}
