/** One deploy: what it was, how it ended and why, its live log, and cancel / put-back actions. */
import { useState } from 'react';
import { useClient } from '../../api/client-context';
import { navigate, routes } from '../../hooks/use-route';
import { useNow } from '../../hooks/use-now';
import { useResource } from '../../hooks/use-resource';
import { deployDuration, deployVersion, describeTrigger, formatTime, isActive, shortCommit } from '../../lib/format';
import { ConfirmButton } from '../../ui/confirm-button';
import { ErrorBox } from '../../ui/error-box';
import { PageHeading } from '../../ui/page-heading';
import { StateBadge } from '../../ui/state-badge';
import { LogView } from './log-view';

export function DeployPage({ deployId }: { deployId: string }) {
  const client = useClient();
  const [actionError, setActionError] = useState<unknown>();
  const res = useResource(`deploy:${deployId}`, (c) => c.getDeploy(deployId), undefined, (d, e) =>
    e.type === 'deploy' && e.deploy.id === deployId ? e.deploy : undefined,
  );
  const d = res.data;
  const now = useNow(!!d && isActive(d.state));

  const act = (fn: () => Promise<unknown>) => {
    setActionError(undefined);
    fn().catch(setActionError);
  };

  return (
    <section aria-labelledby="deploy-title" className="deploy-page">
      <p className="crumbs">
        <a href={routes.deploys()}>Deploys</a>
        {d ? (
          <>
            {' / '}
            <a href={routes.component(d.componentId)}>{d.componentName}</a>
          </>
        ) : null}
      </p>
      <div className="section-head">
        <PageHeading id="deploy-title" title={d ? `Deploy of ${d.componentName}` : res.error ? 'Deploy' : undefined}>
          {d ? `Deploy of ${d.componentName}` : 'Deploy'} {d ? <StateBadge state={d.state} /> : null}
        </PageHeading>
        {d ? (
          <div className="actions">
            {isActive(d.state) ? (
              <ConfirmButton label="Cancel deploy" question="Stop this deploy?" confirmLabel="Stop it" danger onConfirm={() => act(() => client.cancelDeploy(d.id))} />
            ) : null}
            {d.state === 'succeeded' ? (
              <ConfirmButton
                label="Put this version back"
                question={`Redeploy ${deployVersion(d) || 'this version'}?`}
                confirmLabel="Redeploy"
                onConfirm={() => act(() => client.rollback(d.componentId, { deployId: d.id }).then((next) => navigate(routes.deploy(next.id))))}
              />
            ) : null}
          </div>
        ) : null}
      </div>
      <ErrorBox error={res.error} title="Could not load the deploy" />
      <ErrorBox error={actionError} title="Not done" />
      {d?.reason && d.state !== 'succeeded' ? (
        <p className={`reason-box ${d.state === 'rolled-back' ? 'warn' : ''}`} role="status">
          <strong>{d.state === 'rolled-back' ? 'Rolled back' : d.state === 'failed' ? 'Failed' : 'Note'}:</strong> {d.reason}
        </p>
      ) : null}
      {d ? (
        <dl className="facts">
          <div>
            <dt>Trigger</dt>
            <dd>
              {describeTrigger(d)}
              {d.trigger.ref ? <span className="muted"> · {d.trigger.ref}</span> : null}
              {d.trigger.message ? <div className="muted">{d.trigger.message}</div> : null}
            </dd>
          </div>
          <div>
            <dt>Version</dt>
            <dd className="mono">{deployVersion(d) || '—'}</dd>
          </div>
          <div>
            <dt>Queued</dt>
            <dd>{formatTime(d.createdAt)}</dd>
          </div>
          <div>
            <dt>Duration</dt>
            <dd>{deployDuration(d, now) || '—'}</dd>
          </div>
          {d.result ? (
            <div className="wide">
              <dt>Image</dt>
              <dd className="mono ellipsis" title={d.result.image}>
                {d.result.image}
                {d.result.commit ? ` @ ${shortCommit(d.result.commit)}` : ''}
                {d.result.upToDate ? <span className="muted"> (already up to date)</span> : null}
              </dd>
            </div>
          ) : null}
          {d.supersededBy ? (
            <div>
              <dt>Superseded by</dt>
              <dd>
                <a href={routes.deploy(d.supersededBy)}>a newer deploy</a>
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      <h2>Log</h2>
      <LogView key={deployId} deployId={deployId} />
    </section>
  );
}
