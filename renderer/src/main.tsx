/**
 * Entry: inside Electron the preload provides `window.autodeploy` (IPC); in a browser against
 * `autodeploy serve` the HTTP client is used, signed in with the token from the URL.
 */
import { StrictMode, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ipcClient } from '../../shared/ipc';
import { createHttpClient } from './api/http-client';
import { forgetToken, saveToken, takeToken } from './api/token';
import { App } from './app';
import { TokenScreen } from './token-screen';
import './styles.css';

const place = () => ({ location: window.location, history: window.history, storage: window.sessionStorage });

function HeadlessRoot() {
  const [token, setToken] = useState(() => takeToken(place()));
  const [rejected, setRejected] = useState(false);
  // A replaced client (new token) is not closed explicitly: with no subscribers left its event
  // stream stops by itself, and closing from an effect cleanup would break StrictMode remounts.
  const client = useMemo(
    () =>
      token
        ? createHttpClient({
            baseUrl: new URL('api', window.location.href).href,
            token,
            onUnauthorized: () => {
              forgetToken(place());
              setRejected(true);
              setToken(null);
            },
          })
        : null,
    [token],
  );
  if (!client)
    return (
      <TokenScreen
        rejected={rejected}
        onToken={(t) => {
          saveToken(place(), t);
          setRejected(false);
          setToken(t);
        }}
      />
    );
  return <App client={client} />;
}

const bridge = window.autodeploy;
const electronClient = bridge ? ipcClient(bridge) : null;

createRoot(document.getElementById('root')!).render(
  <StrictMode>{electronClient ? <App client={electronClient} /> : <HeadlessRoot />}</StrictMode>,
);
