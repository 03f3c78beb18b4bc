/**
 * "Check now": the engine asks the component's registry or repository at once (catch-up), and
 * the last check's time and result are shown, e.g. "Last checked 2 min ago: registry said 401: …".
 */
import { useState } from 'react';
import type { CatchUpCheck } from '../../../../shared/schemas/catch-up';
import type { Component } from '../../../../shared/schemas/component';
import { formatAge } from '../../../../shared/deploy-text';
import { useClient } from '../../api/client-context';
import { useNow } from '../../hooks/use-now';
import { CHECK_OUTCOME } from '../../lib/check-labels';

export function CheckNow({ component: c, onChecked }: { component: Component; onChecked: () => void }) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<CatchUpCheck | undefined>();
  const [failed, setFailed] = useState<string | undefined>();
  // "2 min ago" moves on while the page is open
  const now = useNow(true, 30_000);
  const last = answer && (!c.lastCheck || answer.at >= c.lastCheck.at) ? answer : c.lastCheck;
  const run = () => {
    setBusy(true);
    setFailed(undefined);
    client
      .checkComponent(c.id)
      .then(
        (check) => {
          setAnswer(check);
          onChecked();
        },
        (err: unknown) => setFailed(err instanceof Error ? err.message : String(err)),
      )
      .finally(() => setBusy(false));
  };
  return (
    <span className="check-now">
      <button type="button" disabled={busy} onClick={run} title="Ask the registry or repository for a newer version now">
        {busy ? 'Checking…' : 'Check now'}
      </button>
      {last ? (
        <span className={last.outcome === 'error' ? 'check-result bad-text' : 'check-result muted'} role="status">
          Last checked {formatAge(last.at, Math.max(now, Date.parse(last.at)))}: {CHECK_OUTCOME[last.outcome]} — {last.message}
        </span>
      ) : null}
      {failed ? (
        <span className="check-result bad-text" role="alert">
          {failed}
        </span>
      ) : null}
    </span>
  );
}
