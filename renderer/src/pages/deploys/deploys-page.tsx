/** Every deploy, newest first, kept live by deploy events. */
import { useResource } from '../../hooks/use-resource';
import { applyDeployEvent } from '../../lib/deploy-events';
import { ErrorBox } from '../../ui/error-box';
import { PageHeading } from '../../ui/page-heading';
import { DeployTable } from './deploy-table';

export function DeploysPage() {
  const deploys = useResource('deploys', (c) => c.listDeploys({ limit: 200 }), undefined, (list, e) => applyDeployEvent(list, e));
  return (
    <section aria-labelledby="deploys-title">
      <PageHeading id="deploys-title" title="Deploys" />
      <ErrorBox error={deploys.error} title="Could not load the deploys" />
      {deploys.data ? <DeployTable deploys={deploys.data} showComponent /> : deploys.loading ? <p className="muted">Loading…</p> : null}
    </section>
  );
}
