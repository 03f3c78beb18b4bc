/** One component: what runs, its latest deploy live, actions, triggers, history, settings. */
import { lazy, Suspense, useState } from 'react';
import type { Component } from '../../../../shared/schemas/component';
import type { Deploy } from '../../../../shared/schemas/deploy';
import { useClient } from '../../api/client-context';
import { routes } from '../../hooks/use-route';
import { useResource } from '../../hooks/use-resource';
import { applyCatchUpEvent } from '../../lib/catch-up-events';
import { applyDeployEvent } from '../../lib/deploy-events';
import { isActive } from '../../lib/format';
import { ErrorBox } from '../../ui/error-box';
import { PageHeading } from '../../ui/page-heading';
import { RunningAddresses } from '../../ui/running-addresses';
import { TimeAgo } from '../../ui/time-ago';
import { DeployTable } from '../deploys/deploy-table';
import { LatestDeploy } from './latest-deploy';
import { DeleteComponent } from './delete-component';
import { DeployNow } from './deploy-now';
import { CheckNow } from './check-now';
import { RollbackButton } from './rollback-button';
import { SettingsSummary } from './settings-summary';
import { runningLabel, sourceLabel } from './labels';

// The triggers panel carries the tag-rule engine (RE2, semver) and zod: loaded on first use.
const TriggersPanel = lazy(() => import('../triggers/triggers-panel').then((m) => ({ default: m.TriggersPanel })));

export function ComponentPage({ id }: { id: string }) {
  const res = useResource(
    `component:${id}`,
    (c) => c.getComponent(id),
    (e) =>
      (e.type === 'components-changed' && (!e.componentId || e.componentId === id)) ||
      (e.type === 'deploy' && e.deploy.componentId === id && !isActive(e.deploy.state)),
    applyCatchUpEvent,
  );
  const deploys = useResource(`deploys:${id}`, (c) => c.listDeploys({ componentId: id, limit: 50 }), undefined, (list, e) => applyDeployEvent(list, e, id, 50));
  const c = res.data;
  if (!c)
    return (
      <section>
        <p className="crumbs">
          <a href={routes.components()}>Components</a>
        </p>
        {/* named once it failed, so the title and focus do not stay with the previous page */}
        {res.error ? <PageHeading id="component-title" title="Component" /> : null}
        <ErrorBox error={res.error} title="Could not load the component" />
        {res.loading ? <p className="muted">Loading…</p> : null}
      </section>
    );
  return (
    <section aria-labelledby="component-title" className="component-page">
      <p className="crumbs">
        <a href={routes.components()}>Components</a>
      </p>
      <div className="section-head">
        <PageHeading id="component-title" title={c.name} />
        <a className="button" href={routes.editComponent(c.id)}>
          Edit
        </a>
      </div>
      <Overview
        component={c}
        onChanged={() => {
          res.reload();
          deploys.reload();
        }}
        deploys={deploys.data ?? []}
      />
      <LatestDeploy deploy={deploys.data?.[0]} />
      <Suspense fallback={<p className="muted">Loading the triggers…</p>}>
        <TriggersPanel component={c} onSaved={res.reload} />
      </Suspense>
      <section aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <ErrorBox error={deploys.error} title="Could not load the history" />
        {deploys.data ? <DeployTable deploys={deploys.data} showComponent={false} /> : null}
      </section>
      <SettingsSummary component={c} />
      <DeleteComponent component={c} />
    </section>
  );
}

function Overview({ component: c, onChanged, deploys }: { component: Component; onChanged: () => void; deploys: readonly Deploy[] }) {
  const client = useClient();
  const [error, setError] = useState<unknown>();
  const act = (fn: () => Promise<unknown>) => {
    setError(undefined);
    fn().then(onChanged, setError);
  };
  return (
    <div className="card overview">
      <dl className="facts">
        <div>
          <dt>Source</dt>
          <dd className="mono ellipsis" title={sourceLabel(c)}>
            {sourceLabel(c)}
          </dd>
        </div>
        <div>
          <dt>Running</dt>
          <dd className="mono">
            {runningLabel(c)}
            {c.running ? (
              <span className="muted">
                {' '}
                since <TimeAgo iso={c.running.since} />
              </span>
            ) : null}
          </dd>
        </div>
        {c.running?.addresses?.length ? (
          <div className="wide">
            <dt>Open</dt>
            <dd>
              <RunningAddresses running={c.running} />
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Target</dt>
          <dd>{c.deploy.target === 'swarm' ? `Swarm service × ${c.deploy.replicas}` : 'Container'}</dd>
        </div>
      </dl>
      <div className="actions">
        <label className="switch-label">
          <input type="checkbox" checked={c.autoBuild} onChange={(e) => act(() => client.updateComponent(c.id, { autoBuild: e.target.checked }))} />
          Auto-build
        </label>
        <DeployNow component={c} onError={setError} onQueued={onChanged} />
        <CheckNow component={c} onChecked={onChanged} />
        <RollbackButton component={c} deploys={deploys} onConfirm={(deployId) => act(() => client.rollback(c.id, { deployId }))} />
      </div>
      <ErrorBox error={error} title="Not done" />
    </div>
  );
}
