/** Headless mode without a token: ask for the one `autodeploy serve` printed. */
import { useState } from 'react';
import { tokenFromInput } from './api/token';

export function TokenScreen({ rejected, onToken }: { rejected: boolean; onToken: (token: string) => void }) {
  const [value, setValue] = useState('');
  const token = tokenFromInput(value);
  return (
    <main id="main" className="token-screen">
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          if (token) onToken(token);
        }}
      >
        <h1>Auto Deploy</h1>
        {rejected ? (
          <p className="field-error" role="alert">
            That token was not accepted. It changes only if the control-token file is replaced.
          </p>
        ) : null}
        <p>
          Open the dashboard link that <code>autodeploy serve</code> printed, or paste it (or just the token) here. The token
          is also in the <code>control-token</code> file in the data folder.
        </p>
        <div className="field">
          <label htmlFor="token-input">Control token or dashboard link</label>
          <input id="token-input" type="password" autoComplete="off" autoFocus value={value} onChange={(e) => setValue(e.target.value)} />
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={!token}>
            Open the dashboard
          </button>
        </div>
      </form>
    </main>
  );
}
