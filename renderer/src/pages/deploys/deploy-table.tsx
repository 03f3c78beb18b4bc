/** Deploy history rows: state, what triggered it, which version, when, how long. */
import type { Deploy } from '../../../../shared/schemas/deploy';
import { routes } from '../../hooks/use-route';
import { useNow } from '../../hooks/use-now';
import { deployDuration, deployVersion, describeTrigger, isActive } from '../../lib/format';
import { StateBadge } from '../../ui/state-badge';
import { Table } from '../../ui/table';
import { TimeAgo } from '../../ui/time-ago';

export function DeployTable({ deploys, showComponent }: { deploys: Deploy[]; showComponent: boolean }) {
  const now = useNow(deploys.some((d) => isActive(d.state)));
  if (deploys.length === 0) return <p className="empty">No deploys yet.</p>;
  return (
    <Table className="deploys" columns={['State', showComponent && 'Component', 'Version', 'Trigger', 'Started', 'Duration', { hidden: 'Log' }]}>
      {deploys.map((d) => (
        <tr key={d.id} data-deploy-id={d.id}>
          <td>
            <StateBadge state={d.state} />
          </td>
          {showComponent ? (
            <td>
              <a href={routes.component(d.componentId)}>{d.componentName}</a>
            </td>
          ) : null}
          <td className="mono">{deployVersion(d) || '—'}</td>
          <td>
            {describeTrigger(d)}
            {d.trigger.message ? <div className="muted ellipsis" title={d.trigger.message}>{d.trigger.message}</div> : null}
            {d.reason && !isActive(d.state) && d.state !== 'succeeded' ? <div className="reason ellipsis" title={d.reason}>{d.reason}</div> : null}
          </td>
          <td className="nowrap">
            <TimeAgo iso={d.startedAt ?? d.createdAt} />
          </td>
          <td className="num">{deployDuration(d, now) || '—'}</td>
          <td>
            <a href={routes.deploy(d.id)} aria-label={`Log of deploy ${d.id}`}>
              Log
            </a>
          </td>
        </tr>
      ))}
    </Table>
  );
}
