/** The newest deploy of a component, with its log streaming while it runs. */
import { useState } from 'react';
import type { Deploy } from '../../../../shared/schemas/deploy';
import { useClient } from '../../api/client-context';
import { routes } from '../../hooks/use-route';
import { useNow } from '../../hooks/use-now';
import { deployDuration, deployVersion, describeTrigger, isActive } from '../../lib/format';
import { ConfirmButton } from '../../ui/confirm-button';
import { ErrorBox } from '../../ui/error-box';
import { StateBadge } from '../../ui/state-badge';
import { LogView } from '../deploys/log-view';

export function LatestDeploy({ deploy: d }: { deploy: Deploy | undefined }) {
  const client = useClient();
  const [error, setError] = useState<unknown>();
  const now = useNow(!!d && isActive(d.state));
  return (
    <section className="card latest-deploy" aria-labelledby="latest-title">
      <div className="section-head">
        <h2 id="latest-title">Latest deploy</h2>
        <div className="actions">
          {d && isActive(d.state) ? (
            <ConfirmButton
              label="Cancel deploy"
              question="Stop this deploy?"
              confirmLabel="Stop it"
              danger
              small
              onConfirm={() => {
                setError(undefined);
                client.cancelDeploy(d.id).catch(setError);
              }}
            />
          ) : null}
          {d ? <a href={routes.deploy(d.id)}>Open</a> : null}
        </div>
      </div>
      {d ? (
        <>
          <p className="latest-line" aria-live="polite">
            <StateBadge state={d.state} /> <span className="mono">{deployVersion(d)}</span> <span className="muted">{describeTrigger(d)}</span>{' '}
            <span className="muted">{deployDuration(d, now)}</span>
          </p>
          <ErrorBox error={error} title="Not cancelled" />
          {d.reason && d.state !== 'succeeded' ? <p className={`reason-box ${d.state === 'rolled-back' ? 'warn' : ''}`}>{d.reason}</p> : null}
          <LogView key={d.id} deployId={d.id} label={`Log of the latest deploy (${d.state})`} />
        </>
      ) : (
        <p className="muted">Nothing deployed yet. Use “Deploy now”, or push to a trigger below.</p>
      )}
    </section>
  );
}
