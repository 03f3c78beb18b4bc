/** All components at a glance: source, what runs, last deploy, last catch-up check, auto-build switch. */
import { useState } from 'react';
import type { Component } from '../../../../shared/schemas/component';
import type { Deploy } from '../../../../shared/schemas/deploy';
import { useClient } from '../../api/client-context';
import { routes } from '../../hooks/use-route';
import { useResource } from '../../hooks/use-resource';
import { applyCatchUpEventToList } from '../../lib/catch-up-events';
import { applyDeployEvent } from '../../lib/deploy-events';
import { ErrorBox } from '../../ui/error-box';
import { PageHeading } from '../../ui/page-heading';
import { RunningAddresses } from '../../ui/running-addresses';
import { StateBadge } from '../../ui/state-badge';
import { Table } from '../../ui/table';
import { TimeAgo } from '../../ui/time-ago';
import { CatchUpSummary } from './catch-up-summary';
import { runningLabel, sourceLabel } from './labels';
import { LastCheck } from './last-check';

export function ComponentsPage() {
  const client = useClient();
  const [actionError, setActionError] = useState<unknown>();
  const components = useResource(
    'components',
    (c) => c.listComponents(),
    (e) => e.type === 'components-changed' || (e.type === 'deploy' && e.deploy.state === 'succeeded'),
    applyCatchUpEventToList,
  );
  const status = useResource('status:components', (c) => c.getStatus(), (e) => e.type === 'status-changed' || e.type === 'settings-changed');
  const deploys = useResource('deploys:recent', (c) => c.listDeploys({ limit: 200 }), undefined, (list, e) => applyDeployEvent(list, e));
  const latest = new Map<string, Deploy>();
  for (const d of deploys.data ?? []) if (!latest.has(d.componentId)) latest.set(d.componentId, d);

  const toggle = (c: Component, autoBuild: boolean) => {
    setActionError(undefined);
    client.updateComponent(c.id, { autoBuild }).then(components.reload, setActionError);
  };
  const deployNow = (c: Component) => {
    setActionError(undefined);
    client.deployNow(c.id).then(deploys.reload, setActionError);
  };

  return (
    <section aria-labelledby="components-title">
      <div className="section-head">
        <PageHeading id="components-title" title="Components" />
        <a className="button primary" href={routes.newComponent()}>
          New component
        </a>
      </div>
      {components.data && status.data ? <CatchUpSummary components={components.data} status={status.data} /> : null}
      <ErrorBox error={components.error} title="Could not load the components" />
      <ErrorBox error={actionError} title="Not done" />
      {components.data?.length === 0 ? (
        <div className="empty card">
          <p>No components yet.</p>
          <p className="muted">A component is one container this machine keeps up to date: from a registry image or built from a git repository.</p>
          <a className="button primary" href={routes.newComponent()}>
            Create the first one
          </a>
        </div>
      ) : components.data ? (
        <Table className="components" columns={['Name', 'Source', 'Running', 'Last deploy', 'Last check', 'Auto-build', { hidden: 'Actions' }]}>
          {components.data.map((c) => {
            const last = latest.get(c.id);
            return (
              <tr key={c.id} data-component={c.name}>
                <th scope="row" className="nowrap">
                  <a href={routes.component(c.id)}>{c.name}</a>
                </th>
                <td className="mono ellipsis" title={sourceLabel(c)}>
                  {sourceLabel(c)}
                </td>
                <td>
                  <span className="mono">{runningLabel(c)}</span> <RunningAddresses running={c.running} compact />
                </td>
                <td>
                  {last ? (
                    <a href={routes.deploy(last.id)} className="plain">
                      <StateBadge state={last.state} /> <TimeAgo className="muted" iso={last.createdAt} />
                    </a>
                  ) : (
                    <span className="muted">never</span>
                  )}
                </td>
                <td>
                  <LastCheck component={c} />
                </td>
                <td>
                  <label className="switch">
                    <input type="checkbox" checked={c.autoBuild} onChange={(e) => toggle(c, e.target.checked)} />
                    <span className="visually-hidden">Auto-build {c.name}</span>
                  </label>
                </td>
                <td>
                  <button type="button" className="small" onClick={() => deployNow(c)} aria-label={`Deploy now: ${c.name}`}>
                    Deploy now
                  </button>
                </td>
              </tr>
            );
          })}
        </Table>
      ) : components.loading ? (
        <p className="muted">Loading…</p>
      ) : null}
    </section>
  );
}
