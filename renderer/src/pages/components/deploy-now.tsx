/** "Deploy now" of the configured version, or "Choose tag…" (image: the registry's tags) / "Choose commit…" (git). */
import { useState } from 'react';
import type { DeployNowInput } from '../../../../shared/api';
import type { Component } from '../../../../shared/schemas/component';
import { useClient } from '../../api/client-context';
import { TagChooser } from './tag-chooser';

export function DeployNow({ component: c, onError, onQueued }: { component: Component; onError: (err: unknown) => void; onQueued: () => void }) {
  const client = useClient();
  const [open, setOpen] = useState(false);
  const [commit, setCommit] = useState('');
  const [busy, setBusy] = useState(false);
  const isImage = c.source.type === 'image';
  const run = (input?: DeployNowInput) => {
    setBusy(true);
    onError(undefined);
    client
      .deployNow(c.id, input)
      .then(() => {
        setOpen(false);
        setCommit('');
        onQueued();
      }, onError)
      .finally(() => setBusy(false));
  };
  return (
    <>
      <span className="deploy-now">
        <button type="button" className="primary" disabled={busy} onClick={() => run()}>
          Deploy now
        </button>
        <button type="button" className="small link" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? 'Close' : isImage ? 'Choose tag…' : 'Choose commit…'}
        </button>
        {open && !isImage ? (
          <span className="inline-field">
            <label htmlFor="deploy-version">Commit</label>
            <input
              id="deploy-version"
              className="mono"
              value={commit}
              placeholder="a1b2c3d"
              spellCheck={false}
              onChange={(e) => setCommit(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') run(commit.trim() ? { commit: commit.trim() } : undefined);
              }}
            />
          </span>
        ) : null}
      </span>
      {open && isImage ? <TagChooser component={c} busy={busy} onDeploy={(tag) => run({ tag })} /> : null}
    </>
  );
}
