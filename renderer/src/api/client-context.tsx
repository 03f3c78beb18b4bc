/** Makes the one `AutoDeployClient` (IPC or HTTP) available to every view. */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import type { AutoDeployClient } from '../../../shared/api';
import type { ConnectionState } from './http-client';

interface ConnectionAware {
  connection(): ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

const ClientContext = createContext<AutoDeployClient | null>(null);

export function ClientProvider({ client, children }: { client: AutoDeployClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): AutoDeployClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside <ClientProvider>');
  return client;
}

const isConnectionAware = (c: AutoDeployClient): c is AutoDeployClient & ConnectionAware =>
  typeof (c as Partial<ConnectionAware>).onConnection === 'function';

/** Calls `listener` whenever the event stream comes back after a drop (events may be lost). */
export function onResync(client: AutoDeployClient, listener: () => void): () => void {
  if (!isConnectionAware(client)) return () => undefined; // IPC does not drop events
  let previous = client.connection();
  return client.onConnection((state) => {
    if (state === 'open' && previous === 'reconnecting') listener();
    previous = state;
  });
}

const noop = () => () => undefined;

/** The event stream's state; always 'open' over IPC. */
export function useConnectionState(): ConnectionState {
  const client = useClient();
  const aware = isConnectionAware(client) ? client : null;
  return useSyncExternalStore(
    aware ? (cb) => aware.onConnection(cb) : noop,
    () => (aware ? aware.connection() : 'open'),
  );
}
