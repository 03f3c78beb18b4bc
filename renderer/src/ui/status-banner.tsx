/**
 * "Needs attention": Docker unreachable, engine warnings (e.g. a data file recovered),
 * auto-deploy paused, the tunnel failing, or the public URL changed (providers need the new one).
 */
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useClient } from '../api/client-context';
import { routes } from '../hooks/use-route';
import { useApiEvent } from '../hooks/use-api-event';
import { useNow } from '../hooks/use-now';
import { useResource } from '../hooks/use-resource';

const RECENT_MS = 24 * 60 * 60 * 1000;
const DISMISS_KEY = 'autodeploy.dismissedUrlChange';

interface Notice {
  id: string;
  tone: 'bad' | 'warn' | 'info';
  text: ReactNode;
  action?: ReactNode;
  dismiss?: () => void;
}

function readDismissed(): string | null {
  try {
    return localStorage.getItem(DISMISS_KEY);
  } catch {
    return null;
  }
}

export function StatusBanner() {
  const client = useClient();
  const status = useResource(
    'status:banner',
    (c) => c.getStatus(),
    (e) => e.type === 'status-changed' || e.type === 'tunnel' || e.type === 'tunnel-url-changed' || e.type === 'settings-changed',
  );
  const [dismissed, setDismissed] = useState(readDismissed);
  const [changed, setChanged] = useState<{ url?: string; previousUrl?: string } | null>(null);
  useApiEvent((e) => {
    if (e.type === 'tunnel-url-changed') setChanged({ url: e.url, previousUrl: e.previousUrl });
  });
  const mountedAt = useNow(false);
  const s = status.data;
  if (!s) return null;

  const notices: Notice[] = [];
  if (!s.docker.ok)
    notices.push({ id: 'docker', tone: 'bad', text: <>{s.docker.error ?? 'Docker engine not reachable'}. Deploys will fail until it is back.</> });
  s.warnings.forEach((w, i) => notices.push({ id: `warning-${i}`, tone: 'warn', text: w }));
  if (!s.autoDeploy)
    notices.push({
      id: 'paused',
      tone: 'info',
      text: 'Auto-deploy is paused: webhooks are answered “ignored”.',
      action: (
        <button type="button" className="small" onClick={() => void client.updateSettings({ autoDeploy: true }).then(status.reload, () => undefined)}>
          Resume
        </button>
      ),
    });
  if (s.tunnel.state === 'error') notices.push({ id: 'tunnel', tone: 'bad', text: <>The tunnel is down{s.tunnel.reason ? `: ${s.tunnel.reason}` : ''}.</> });
  const t = s.tunnel;
  const recent = t.urlChangedAt && t.previousUrl && mountedAt - Date.parse(t.urlChangedAt) < RECENT_MS;
  const changeId = t.urlChangedAt ?? changed?.url ?? '';
  if ((recent || changed) && dismissed !== changeId) {
    const from = changed?.previousUrl ?? t.previousUrl;
    const to = changed?.url ?? t.url;
    notices.push({
      id: 'url-changed',
      tone: 'warn',
      text: (
        <>
          The public URL changed{from ? <> from <code>{from}</code></> : null}
          {to ? <> to <code>{to}</code></> : null}: update the webhook URLs at your providers (each component shows its new ones).
        </>
      ),
      action: <a href={routes.components()}>Components</a>,
      dismiss: () => {
        try {
          localStorage.setItem(DISMISS_KEY, changeId);
        } catch {
          // storage unavailable: dismissed for this page only
        }
        setDismissed(changeId);
        setChanged(null);
      },
    });
  }
  if (notices.length === 0) return null;
  return (
    <div className="banner" role="region" aria-label="Needs attention">
      {notices.map((n) => (
        <div key={n.id} className={`notice ${n.tone}`} role="status" data-notice={n.id}>
          <span>{n.text}</span>
          {n.action}
          {n.dismiss ? (
            <button type="button" className="small" onClick={n.dismiss}>
              Dismiss
            </button>
          ) : null}
        </div>
      ))}
    </div>
  );
}


