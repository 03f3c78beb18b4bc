/** Delete a component, choosing whether its container (and kept images) go too. */
import { useState } from 'react';
import type { Component } from '../../../../shared/schemas/component';
import { useClient } from '../../api/client-context';
import { navigate, routes } from '../../hooks/use-route';
import { ErrorBox } from '../../ui/error-box';

export function DeleteComponent({ component: c }: { component: Component }) {
  const client = useClient();
  const [asking, setAsking] = useState(false);
  const [removeContainer, setRemoveContainer] = useState(true);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const remove = () => {
    setBusy(true);
    setError(undefined);
    client
      .deleteComponent(c.id, { removeContainer })
      .then(() => navigate(routes.components()), setError)
      .finally(() => setBusy(false));
  };
  return (
    <section className="danger-zone" aria-labelledby="delete-title">
      <h2 id="delete-title">Delete</h2>
      {!asking ? (
        <button type="button" className="danger" onClick={() => setAsking(true)}>
          Delete {c.name}…
        </button>
      ) : (
        <div className="card" role="group" aria-label={`Delete ${c.name}`}>
          <p>
            Delete <b>{c.name}</b>, its triggers and webhook URLs? Its deploy history stays.
          </p>
          <div className="field checkbox">
            <input id="delete-remove-container" type="checkbox" checked={removeContainer} onChange={(e) => setRemoveContainer(e.target.checked)} />
            <label htmlFor="delete-remove-container">Also stop and remove its {c.deploy.target === 'swarm' ? 'service' : 'container'} and kept images</label>
          </div>
          <div className="form-actions">
            <button type="button" className="danger" disabled={busy} onClick={remove}>
              {removeContainer ? 'Delete and remove container' : 'Delete, keep container running'}
            </button>
            <button type="button" onClick={() => setAsking(false)}>
              Cancel
            </button>
          </div>
          <ErrorBox error={error} title="Not deleted" />
        </div>
      )}
    </section>
  );
}
