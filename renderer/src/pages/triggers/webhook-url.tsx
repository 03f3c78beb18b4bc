/** One trigger's webhook URL, ready to copy, with a warning when only this machine can reach it. */
import type { WebhookUrl } from '../../../../shared/schemas/status';
import { CopyButton } from '../../ui/copy-button';
import { routes } from '../../hooks/use-route';
import { PasteHints } from './paste-hints';

const NAMES = { git: 'Git webhook URL', image: 'Image webhook URL', api: 'API URL' } as const;

export function WebhookUrlField({ hook }: { hook: WebhookUrl | undefined }) {
  if (!hook) return <p className="hint">Loading the webhook URL…</p>;
  const id = `hook-url-${hook.trigger}`;
  return (
    <div className="webhook-url">
      <label htmlFor={id}>{NAMES[hook.trigger]}</label>
      <div className="with-button">
        <input id={id} className="mono" readOnly value={hook.url} onFocus={(e) => e.target.select()} />
        <CopyButton value={hook.url} what={NAMES[hook.trigger]} />
      </div>
      {hook.base === 'local' ? (
        <p className="warning" role="note">
          This URL only works from this machine: the tunnel is off, so GitHub, Docker Hub and other hosted services cannot
          reach it. <a href={routes.settings()}>Start the tunnel</a> for a public URL.
        </p>
      ) : hook.localUrl !== hook.url ? (
        <p className="hint">
          From this machine (e.g. a local registry): <code>{hook.localUrl}</code> <CopyButton value={hook.localUrl} what="local URL" />
        </p>
      ) : null}
      <PasteHints trigger={hook.trigger} url={hook.url} />
    </div>
  );
}
