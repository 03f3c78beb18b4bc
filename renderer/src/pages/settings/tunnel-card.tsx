/** The tunnel's live state: URL (copyable), previous URL, why it is down, start/stop. */
import { useState } from 'react';
import type { Status } from '../../../../shared/schemas/status';
import { useClient } from '../../api/client-context';
import { formatTime } from '../../lib/format';
import { CopyButton } from '../../ui/copy-button';

export function TunnelCard({ status, onError }: { status: Status | undefined; onError: (err: unknown) => void }) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const t = status?.tunnel;
  const on = !!t && t.state !== 'off';
  const toggle = () => {
    setBusy(true);
    onError(undefined);
    (on ? client.stopTunnel() : client.startTunnel()).catch(onError).finally(() => setBusy(false));
  };
  return (
    <section className="card tunnel" aria-labelledby="tunnel-title">
      <div className="section-head">
        <h2 id="tunnel-title">Public URL (tunnel)</h2>
        <button type="button" className={on ? undefined : 'primary'} disabled={busy || !t} onClick={toggle}>
          {on ? 'Stop tunnel' : 'Start tunnel'}
        </button>
      </div>
      {t ? (
        <dl className="facts">
          <div>
            <dt>State</dt>
            <dd>
              <span className={`badge ${t.state === 'online' ? 'good' : t.state === 'error' ? 'bad' : t.state === 'off' ? 'neutral' : 'busy'}`}>{t.state}</span>
              {t.reason ? <span className="muted"> {t.reason}</span> : null}
              {t.nextRetryAt ? <span className="muted"> · next try {formatTime(t.nextRetryAt)}</span> : null}
            </dd>
          </div>
          <div>
            <dt>URL</dt>
            <dd>
              {t.url ? (
                <>
                  <code>{t.url}</code> <CopyButton value={t.url} what="public URL" />
                </>
              ) : (
                <span className="muted">none — webhooks only reach {status.listenerUrl}</span>
              )}
              {t.subdomainMismatch ? <div className="warning">The server did not grant the subdomain “{t.requestedSubdomain}”.</div> : null}
            </dd>
          </div>
          {t.previousUrl ? (
            <div>
              <dt>Previous URL</dt>
              <dd>
                <code>{t.previousUrl}</code>
                {t.urlChangedAt ? <span className="muted"> (changed {formatTime(t.urlChangedAt)})</span> : null}
              </dd>
            </div>
          ) : null}
          <div>
            <dt>Server</dt>
            <dd>{t.host}</dd>
          </div>
        </dl>
      ) : null}
    </section>
  );
}
