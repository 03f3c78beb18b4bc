/** Settings and status: auto-deploy pause, tunnel, listener, Docker engine, notifications. */
import { useState } from 'react';
import type { Settings, SettingsPatch } from '../../../../shared/schemas/settings';
import { useClient } from '../../api/client-context';
import { useResource } from '../../hooks/use-resource';
import { CheckboxField } from '../../ui/field';
import { ErrorBox } from '../../ui/error-box';
import { PageHeading } from '../../ui/page-heading';
import { SettingsForm } from './settings-form';
import { StatusFacts } from './status-facts';
import { TunnelCard } from './tunnel-card';

export function SettingsPage() {
  const client = useClient();
  const [error, setError] = useState<unknown>();
  const settings = useResource('settings', (c) => c.getSettings(), (e) => e.type === 'settings-changed');
  const status = useResource(
    'status',
    (c) => c.getStatus(),
    (e) => e.type === 'status-changed' || e.type === 'tunnel' || e.type === 'tunnel-url-changed' || e.type === 'settings-changed' || e.type === 'catch-up',
  );
  const s = settings.data;
  const patch = (p: SettingsPatch) => {
    setError(undefined);
    client.updateSettings(p).then(settings.reload, setError);
  };
  return (
    <section aria-labelledby="settings-title" className="settings-page">
      <PageHeading id="settings-title" title="Settings" />
      <ErrorBox error={settings.error ?? status.error} title="Could not load the settings" />
      <ErrorBox error={error} title="Not saved" />
      {s ? (
        <>
          <div className="card">
            <CheckboxField
              id="settings-auto-deploy"
              label="Auto-deploy"
              checked={s.autoDeploy}
              onChange={(autoDeploy) => patch({ autoDeploy })}
              hint="When paused, webhooks are answered “ignored” and nothing deploys by itself; “Deploy now” still works."
            />
          </div>
          <TunnelCard status={status.data} onError={setError} />
          {status.data?.mode === 'headless' ? (
            <p className="card muted" id="desktop-only-note">
              Running headless (<code>serve</code>): desktop notifications and start at login belong to the desktop app and are not shown here.
            </p>
          ) : status.data ? (
            <fieldset className="card">
              <legend>Desktop app</legend>
              <p className="hint">Saved as you tick them.</p>
              <Notification s={s} field="succeeded" label="Notify when a deploy succeeded" patch={patch} />
              <Notification s={s} field="failed" label="Notify when a deploy failed" patch={patch} />
              <Notification s={s} field="rolledBack" label="Notify when a deploy was rolled back" patch={patch} />
              <Notification s={s} field="tunnelUrlChanged" label="Notify when the public URL changed" patch={patch} />
              <CheckboxField id="settings-start-at-login" label="Start Auto Deploy at login" checked={s.startAtLogin} onChange={(startAtLogin) => patch({ startAtLogin })} />
            </fieldset>
          ) : null}
          <SettingsForm key={settingsKey(s)} settings={s} listenerUrl={status.data?.listenerUrl} />
        </>
      ) : null}
      {status.data ? <StatusFacts status={status.data} /> : null}
    </section>
  );
}

/** The form re-initializes when the stored values change (saved here or elsewhere). */
const settingsKey = (s: Settings): string =>
  JSON.stringify([s.webhookHost, s.webhookPort, s.tunnel, s.maxConcurrentBuilds, s.historyLimit, s.deliveryLogLimit]);

function Notification({
  s,
  field,
  label,
  patch,
}: {
  s: Settings;
  field: keyof Settings['notifications'];
  label: string;
  patch: (p: SettingsPatch) => void;
}) {
  return <CheckboxField id={`notify-${field}`} label={label} checked={s.notifications[field]} onChange={(v) => patch({ notifications: { [field]: v } })} />;
}
