/**
 * A git repository on this machine or on a self-hosted server that sends no webhooks (plain
 * git over ssh, a bare repository in /srv/git): no provider will call the git webhook, so the
 * repository's own `post-receive` hook calls the custom API with the pushed commit instead.
 */
import type { Component } from '../../../../shared/schemas/component';
import type { WebhookUrl } from '../../../../shared/schemas/status';
import { isLocalOrSelfHosted, postReceiveHook } from '../../../../shared/post-receive-hook';
import { CopyButton } from '../../ui/copy-button';

export function PostReceiveHint({ component, hook }: { component: Component; hook?: WebhookUrl }) {
  const source = component.source;
  if (source.type !== 'git' || !isLocalOrSelfHosted(source.repo)) return null;
  const script = postReceiveHook(hook?.url ?? '<custom API URL: enable the Custom API trigger>', source.branch);
  return (
    <section className="card post-receive" aria-labelledby="post-receive-title">
      <h3 id="post-receive-title">Local or self-hosted repository</h3>
      <p className="hint">
        <code>{source.repo}</code> is not on a hosting service that sends webhooks, so nothing will call the git webhook. Let the repository call the custom
        API instead: save this as <code>hooks/post-receive</code> in the repository you push to (a bare repository) and make it executable. Fill in the
        secret key from the Custom API trigger below. For a repository you commit to directly, use the same lines in <code>.git/hooks/post-commit</code> with{' '}
        <code>new=$(git rev-parse HEAD)</code>.
      </p>
      {hook ? null : <p className="warning">Enable the Custom API trigger first: this hook calls its URL.</p>}
      <div className="curl">
        <div className="curl-head">
          <span id="post-receive-label">post-receive</span>
          <CopyButton value={script} what="post-receive hook" />
        </div>
        <pre aria-labelledby="post-receive-label" className="mono" tabIndex={0}>
          {script}
        </pre>
      </div>
    </section>
  );
}
