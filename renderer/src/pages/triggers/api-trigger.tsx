/** Custom API trigger: on/off, the secret key, and a curl command to paste into CI. */
import { useState } from 'react';
import type { Component } from '../../../../shared/schemas/component';
import type { WebhookUrl } from '../../../../shared/schemas/status';
import { CopyButton } from '../../ui/copy-button';
import { NotSaved } from '../../ui/error-box';
import { SecretField } from './secret-field';
import { TriggerCard } from './trigger-card';
import { usePatch } from './use-patch';
import { WebhookUrlField } from './webhook-url';

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'"'"'`)}'`;

export function curlExample(url: string, secretKey: string, versionField?: 'tag' | 'commit'): string {
  const body: Record<string, string> = { secret_key: secretKey };
  if (versionField) body[versionField] = versionField === 'tag' ? 'v1.2.3' : '<commit sha>';
  return `curl -fsS -X POST -H 'Content-Type: application/json' \\\n  -d ${shellQuote(JSON.stringify(body))} \\\n  ${shellQuote(url)}`;
}

export function ApiTrigger({ component, hook, onSaved }: { component: Component; hook?: WebhookUrl; onSaved: () => void }) {
  const saved = component.triggers.api;
  const { save, saving, error } = usePatch(component.id, onSaved);
  const [key, setKey] = useState<string>();
  const url = hook?.url ?? '<url>';
  const example = curlExample(url, key ?? '<secret key>');

  return (
    <TriggerCard
      kind="api"
      title="Custom API"
      intro={
        <>
          For CI or scripts: POST <code>{'{"secret_key": "…"}'}</code> to this URL; optionally add <code>"tag"</code> (image: it must pass the tag rule,
          or add <code>"force": true</code>) or <code>"commit"</code> (git). The answer carries the deploy id; the component keeps a new tag only if its
          deploy succeeds.
        </>
      }
      enabled={!!saved?.enabled}
      saving={saving}
      save={save}
    >
      <NotSaved reason={error} />
      {saved?.enabled ? (
        <>
          <WebhookUrlField hook={hook} />
          <SecretField
            componentId={component.id}
            kind="api"
            label="Secret key"
            isSet={!!saved.secretKeySet}
            onValue={setKey}
            regenerateWarning="Scripts using the old key will be refused."
          />
          <div className="curl">
            <div className="curl-head">
              <span id="curl-label">Example</span>
              <CopyButton value={example} what="curl command" />
            </div>
            <pre aria-labelledby="curl-label" className="mono" tabIndex={0}>
              {example}
            </pre>
            {key ? null : <p className="hint">Reveal the secret key to copy a command that works as is.</p>}
          </div>
        </>
      ) : null}
    </TriggerCard>
  );
}
