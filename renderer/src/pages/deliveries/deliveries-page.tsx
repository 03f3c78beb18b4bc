/** The delivery log: every webhook request received, whether it was verified, and what came of it. */
import { useState } from 'react';
import { DELIVERY_OUTCOMES } from '../../../../shared/delivery-outcomes';
import type { Delivery, DeliveryOutcome } from '../../../../shared/schemas/delivery';
import { routes } from '../../hooks/use-route';
import { useResource } from '../../hooks/use-resource';
import { providerName, triggerKindName } from '../../lib/source-names';
import { ErrorBox } from '../../ui/error-box';
import { PageHeading } from '../../ui/page-heading';
import { Table } from '../../ui/table';
import { TimeAgo } from '../../ui/time-ago';

const TONE: Record<DeliveryOutcome, string> = { queued: 'good', ignored: 'neutral', duplicate: 'neutral', rejected: 'bad' };

export function DeliveriesPage() {
  const [outcome, setOutcome] = useState<'' | DeliveryOutcome>('');
  const res = useResource('deliveries', (c) => c.listDeliveries({ limit: 300 }), (e) => e.type === 'delivery');
  const rows = (res.data ?? []).filter((d) => !outcome || d.outcome === outcome);
  return (
    <section aria-labelledby="deliveries-title">
      <div className="section-head">
        <PageHeading id="deliveries-title" title="Deliveries" />
        <div className="field inline-field">
          <label htmlFor="delivery-filter">Show</label>
          <select id="delivery-filter" value={outcome} onChange={(e) => setOutcome(e.target.value as '' | DeliveryOutcome)}>
            <option value="">all</option>
            {DELIVERY_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="hint">Every webhook request received, newest first. Nothing here contains a secret or a signature.</p>
      <ErrorBox error={res.error} title="Could not load the deliveries" />
      {res.data && rows.length === 0 ? (
        <p className="empty">{res.data.length === 0 ? 'No webhook has arrived yet.' : 'None with this outcome.'}</p>
      ) : rows.length > 0 ? (
        <Table className="deliveries" columns={['Received', 'From', 'Event', 'Verified', 'Component', 'Outcome']}>
          {rows.map((d) => (
            <DeliveryRow key={d.id} d={d} />
          ))}
        </Table>
      ) : res.loading ? (
        <p className="muted">Loading…</p>
      ) : null}
    </section>
  );
}

function DeliveryRow({ d }: { d: Delivery }) {
  return (
    <tr data-delivery-id={d.id}>
      <td className="nowrap">
        <TimeAgo iso={d.receivedAt} />
      </td>
      <td>
        {providerName(d.provider)}
        {d.trigger && d.provider !== 'api' ? <div className="muted">{triggerKindName(d.trigger)}</div> : null}
        {d.remoteAddress ? <div className="muted mono">{d.remoteAddress}</div> : null}
        {/* as the sender wrote it: anyone can forge it, so it is shown, never trusted */}
        {d.forwardedFor ? (
          <div className="muted mono ellipsis" title="X-Forwarded-For as sent (unverified)">
            fwd (as sent): {d.forwardedFor}
          </div>
        ) : null}
      </td>
      <td>
        {d.event ?? '—'}
        {d.summary ? <div className="muted mono ellipsis" title={d.summary}>{d.summary}</div> : null}
      </td>
      {/* Unsigned is normal for registries (the URL is the credential); refusals show as "rejected". */}
      <td>{d.verified ? 'yes' : <span className="muted">no</span>}</td>
      <td>{d.componentId ? <a href={routes.component(d.componentId)}>{d.componentName ?? d.componentId}</a> : <span className="muted">—</span>}</td>
      <td>
        <span className={`badge ${TONE[d.outcome]}`}>{d.outcome}</span> <span className="muted">{d.status}</span>
        {d.reason ? <div className="reason">{d.reason}</div> : null}
        {d.deployId ? (
          <div>
            <a href={routes.deploy(d.deployId)}>deploy</a>
          </div>
        ) : null}
      </td>
    </tr>
  );
}
