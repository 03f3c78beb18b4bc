/**
 * "Choose tag…": the registry's tags of an image component, newest first, each marked by the
 * tag rule (running now / a push would deploy it / ignored, with the rule's reason). Picking one
 * deploys that tag (an explicit act: the rule does not stop it); the component's configured tag
 * follows only if that deploy succeeds. Without a reachable registry a tag can still be typed.
 */
import { useState } from 'react';
import type { RegistryTag } from '../../../../shared/api';
import type { Component } from '../../../../shared/schemas/component';
import { useResource } from '../../hooks/use-resource';
import { ErrorBox } from '../../ui/error-box';

const VERDICT: Record<RegistryTag['verdict'], { text: string; tone: string }> = {
  running: { text: 'running', tone: 'good' },
  deploys: { text: 'rule: deploys', tone: 'busy' },
  ignored: { text: 'rule: ignored', tone: 'neutral' },
};

export function TagChooser({ component: c, busy, onDeploy }: { component: Component; busy: boolean; onDeploy: (tag: string) => void }) {
  const tags = useResource(`tags:${c.id}`, (client) => client.listTags(c.id), (e) => e.type === 'components-changed' && e.componentId === c.id);
  const [typed, setTyped] = useState('');
  const list = tags.data;
  return (
    <div className="tag-chooser" role="group" aria-labelledby="tag-chooser-title">
      <h3 id="tag-chooser-title">Deploy a tag</h3>
      <p className="hint">
        From {list ? <code>{list.repository}</code> : 'the registry'}, newest first. Deploying a tag here ignores the tag rule; the component keeps that tag only
        if the deploy succeeds.
      </p>
      {tags.loading && !list ? <p className="muted">Asking the registry…</p> : null}
      <ErrorBox error={tags.error} title="Could not list the registry's tags" />
      {list && list.tags.length === 0 ? <p className="empty">The registry has no tags for this image.</p> : null}
      {list && list.tags.length > 0 ? (
        <ul className="tag-list" aria-label="Registry tags">
          {list.tags.map((t) => (
            <li key={t.tag} data-tag={t.tag} data-verdict={t.verdict}>
              <code className="tag-name">{t.tag}</code>
              <span className={`badge ${VERDICT[t.verdict].tone}`} title={t.reason}>
                {VERDICT[t.verdict].text}
              </span>
              <span className="muted reason">{t.reason}</span>
              <button type="button" className="small" disabled={busy} onClick={() => onDeploy(t.tag)} aria-label={`Deploy tag ${t.tag}`}>
                Deploy
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {list?.truncated ? <p className="hint">The registry has more tags than were read; type one below.</p> : null}
      <form
        className="inline-field"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed.trim()) onDeploy(typed.trim());
        }}
      >
        <label htmlFor="deploy-tag">Other tag</label>
        <input id="deploy-tag" className="mono" value={typed} placeholder="v1.2.3" spellCheck={false} onChange={(e) => setTyped(e.target.value)} />
        <button type="submit" className="small" disabled={busy || !typed.trim()}>
          Deploy
        </button>
      </form>
    </div>
  );
}
