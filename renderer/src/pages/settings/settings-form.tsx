/** Listener, tunnel and limit settings: edited together, validated by the engine's schema, saved at once. */
import '../../lib/zod-setup';
import { useState } from 'react';
import { settingsPatch } from '../../../../shared/schemas/settings';
import type { Settings, SettingsPatch } from '../../../../shared/schemas/settings';
import { useClient } from '../../api/client-context';
import { describeError, issuesFromZod, toFieldErrors } from '../../lib/field-issues';
import type { FieldErrors } from '../../lib/field-issues';
import { CheckboxField, fieldId, TextField } from '../../ui/field';
import { NotSaved } from '../../ui/error-box';

interface Draft {
  webhookHost: string;
  webhookPort: string;
  tunnelHost: string;
  subdomain: string;
  autoStart: boolean;
  maxConcurrentBuilds: string;
  historyLimit: string;
  deliveryLogLimit: string;
  proxyImage: string;
  localNamesPort: string;
}

const toDraft = (s: Settings): Draft => ({
  webhookHost: s.webhookHost,
  webhookPort: String(s.webhookPort),
  tunnelHost: s.tunnel.host,
  subdomain: s.tunnel.subdomain ?? '',
  autoStart: s.tunnel.autoStart,
  maxConcurrentBuilds: String(s.maxConcurrentBuilds),
  historyLimit: String(s.historyLimit),
  deliveryLogLimit: String(s.deliveryLogLimit),
  proxyImage: s.proxy.image,
  localNamesPort: s.proxy.localNamesPort ? String(s.proxy.localNamesPort) : '',
});

const num = (t: string): number | string => (t.trim() !== '' && Number.isFinite(Number(t)) ? Number(t) : t);

function toPatch(d: Draft): SettingsPatch {
  return {
    webhookHost: d.webhookHost.trim(),
    webhookPort: num(d.webhookPort) as number,
    tunnel: { host: d.tunnelHost.trim(), subdomain: d.subdomain.trim(), autoStart: d.autoStart },
    maxConcurrentBuilds: num(d.maxConcurrentBuilds) as number,
    historyLimit: num(d.historyLimit) as number,
    deliveryLogLimit: num(d.deliveryLogLimit) as number,
    proxy: { image: d.proxyImage.trim(), localNamesPort: d.localNamesPort.trim() === '' ? 0 : (num(d.localNamesPort) as number) },
  };
}

export function SettingsForm({ settings, listenerUrl }: { settings: Settings; listenerUrl?: string }) {
  const client = useClient();
  const [draft, setDraft] = useState(() => toDraft(settings));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setSaved(false);
  };

  const save = () => {
    const patch = toPatch(draft);
    const parsed = settingsPatch.safeParse(patch);
    setFailure(undefined);
    if (!parsed.success) {
      setErrors(toFieldErrors(issuesFromZod(parsed.error)));
      return;
    }
    setErrors({});
    setBusy(true);
    client
      .updateSettings(patch)
      .then(
        () => setSaved(true),
        (err: unknown) => {
          const view = describeError(err);
          setFailure(view.message);
          setErrors(toFieldErrors(view.issues));
        },
      )
      .finally(() => setBusy(false));
  };

  return (
    <form
      noValidate
      aria-label="Listener and tunnel settings"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <fieldset>
        <legend>Webhook listener</legend>
        <div className="grid2">
          <TextField id={fieldId('webhookHost')} label="Bind address" value={draft.webhookHost} onChange={(webhookHost) => set({ webhookHost })} error={errors.webhookHost} hint="127.0.0.1 keeps it local; the tunnel forwards to it." />
          <TextField
            id={fieldId('webhookPort')}
            label="Port"
            inputMode="numeric"
            value={draft.webhookPort}
            onChange={(webhookPort) => set({ webhookPort })}
            error={errors.webhookPort}
            hint={listenerUrl ? `Listening now on ${listenerUrl} (a --webhook-port flag overrides this setting).` : undefined}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>Tunnel</legend>
        <div className="grid2">
          <TextField
            id={fieldId('tunnel.host')}
            label="Tunnel server"
            value={draft.tunnelHost}
            onChange={(tunnelHost) => set({ tunnelHost })}
            error={errors['tunnel.host']}
            hint="Any localtunnel server, e.g. a self-hosted one."
            spellCheck={false}
          />
          <TextField
            id={fieldId('tunnel.subdomain')}
            label="Subdomain (optional)"
            value={draft.subdomain}
            onChange={(subdomain) => set({ subdomain })}
            error={errors['tunnel.subdomain']}
            hint="Asked for on every start, so the URL stays the same when the server grants it."
            spellCheck={false}
          />
        </div>
        <CheckboxField id={fieldId('tunnel.autoStart')} label="Start the tunnel when Auto Deploy starts" checked={draft.autoStart} onChange={(autoStart) => set({ autoStart })} />
      </fieldset>
      <fieldset>
        <legend>Limits</legend>
        <div className="grid3">
          <TextField id={fieldId('maxConcurrentBuilds')} label="Builds at once" inputMode="numeric" value={draft.maxConcurrentBuilds} onChange={(maxConcurrentBuilds) => set({ maxConcurrentBuilds })} error={errors.maxConcurrentBuilds} />
          <TextField id={fieldId('historyLimit')} label="Deploys kept" inputMode="numeric" value={draft.historyLimit} onChange={(historyLimit) => set({ historyLimit })} error={errors.historyLimit} />
          <TextField id={fieldId('deliveryLogLimit')} label="Deliveries kept" inputMode="numeric" value={draft.deliveryLogLimit} onChange={(deliveryLogLimit) => set({ deliveryLogLimit })} error={errors.deliveryLogLimit} />
        </div>
      </fieldset>
      <fieldset>
        <legend>Zero-downtime proxy</legend>
        <TextField
          id={fieldId('proxy.image')}
          label="Proxy image"
          className="mono"
          value={draft.proxyImage}
          onChange={(proxyImage) => set({ proxyImage })}
          error={errors['proxy.image']}
          hint="Caddy 2, run as a container that holds the published ports of components in zero-downtime mode. Pulled when missing; where it cannot be had, automatic mode deploys by stop-then-start."
          spellCheck={false}
        />
        <TextField
          id={fieldId('proxy.localNamesPort')}
          label="Local names port (optional)"
          inputMode="numeric"
          value={draft.localNamesPort}
          onChange={(localNamesPort) => set({ localNamesPort })}
          error={errors['proxy.localNamesPort']}
          hint="On this loopback port every component behind the proxy also answers by name: http://<name>.localhost:<port>. Empty = off."
        />
      </fieldset>
      <NotSaved reason={failure} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          Save settings
        </button>
        <span role="status" className="muted">
          {saved ? 'Saved.' : ''}
        </span>
      </div>
    </form>
  );
}
