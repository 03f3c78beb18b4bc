/** Every trigger of one component, with its webhook URLs kept current (tunnel up/down, new hook id). */
import { useEffect, useRef, useState } from 'react';
import type { Component } from '../../../../shared/schemas/component';
import { useClient } from '../../api/client-context';
import { useResource } from '../../hooks/use-resource';
import { ConfirmButton } from '../../ui/confirm-button';
import { ErrorBox } from '../../ui/error-box';
import { ApiTrigger } from './api-trigger';
import { GitTrigger } from './git-trigger';
import { ImageTrigger } from './image-trigger';
import { PostReceiveHint } from './post-receive-hint';

export function TriggersPanel({ component, onSaved }: { component: Component; onSaved: () => void }) {
  const client = useClient();
  const [error, setError] = useState<unknown>();
  const hooks = useResource(
    `hooks:${component.id}`,
    (c) => c.getWebhooks(component.id),
    (e) =>
      e.type === 'tunnel' ||
      e.type === 'tunnel-url-changed' ||
      (e.type === 'components-changed' && (!e.componentId || e.componentId === component.id)),
  );
  // Enabling a trigger changes the URL list even if no event reaches us (e.g. the stream is down).
  const { reload } = hooks;
  const seenUpdate = useRef(component.updatedAt);
  useEffect(() => {
    if (seenUpdate.current === component.updatedAt) return;
    seenUpdate.current = component.updatedAt;
    reload();
  }, [component.updatedAt, reload]);
  const hookFor = (t: 'git' | 'image' | 'api') => hooks.data?.hooks.find((h) => h.trigger === t);
  const t = component.triggers;
  return (
    <section className="triggers" aria-labelledby="triggers-title">
      <div className="section-head">
        <h2 id="triggers-title">Triggers</h2>
        <ConfirmButton
          label="Replace webhook URLs…"
          danger
          question="Replace every webhook URL of this component? The old URLs stop working at once: every provider (git host, registry, CI script) must be given the new one."
          confirmLabel="Replace webhook URLs"
          onConfirm={() => {
            setError(undefined);
            client.regenerateSecret(component.id, 'hook').then(() => {
              hooks.reload();
              onSaved();
            }, setError);
          }}
        />
      </div>
      <ErrorBox error={error ?? hooks.error} title="Webhook URLs" />
      <GitTrigger key={`git:${t.git?.keyword ?? ''}`} component={component} hook={hookFor('git')} onSaved={onSaved} />
      <PostReceiveHint component={component} hook={hookFor('api')} />
      {/* not keyed by the rule: a save must keep the tester's tags and say "Saved" */}
      <ImageTrigger
        key="image"
        component={component}
        hook={hookFor('image')}
        onSaved={onSaved}
      />
      <ApiTrigger component={component} hook={hookFor('api')} onSaved={onSaved} />
    </section>
  );
}
