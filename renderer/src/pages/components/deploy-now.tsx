/** "Deploy now", optionally of a given tag (image) or commit (git). */
import { useState } from 'react';
import type { Component } from '../../../../shared/schemas/component';
import { useClient } from '../../api/client-context';

export function DeployNow({ component: c, onError, onQueued }: { component: Component; onError: (err: unknown) => void; onQueued: () => void }) {
  const client = useClient();
  const [open, setOpen] = useState(false);
  const [version, setVersion] = useState('');
  const [busy, setBusy] = useState(false);
  const what = c.source.type === 'image' ? 'tag' : 'commit';
  const run = () => {
    setBusy(true);
    onError(undefined);
    const v = version.trim();
    client
      .deployNow(c.id, v ? (what === 'tag' ? { tag: v } : { commit: v }) : undefined)
      .then(() => {
        setOpen(false);
        setVersion('');
        onQueued();
      }, onError)
      .finally(() => setBusy(false));
  };
  return (
    <span className="deploy-now">
      <button type="button" className="primary" disabled={busy} onClick={run}>
        Deploy now
      </button>
      <button type="button" className="small link" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {open ? 'Latest' : `Choose ${what}…`}
      </button>
      {open ? (
        <span className="inline-field">
          <label htmlFor="deploy-version">{what === 'tag' ? 'Tag' : 'Commit'}</label>
          <input
            id="deploy-version"
            className="mono"
            value={version}
            placeholder={what === 'tag' ? 'v1.2.3' : 'a1b2c3d'}
            spellCheck={false}
            onChange={(e) => setVersion(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') run();
            }}
          />
        </span>
      ) : null}
    </span>
  );
}
