/**
 * The one object the page gets (`window.autodeploy`): one function per operation of the typed
 * contract, each fixed to its channel, so the page can reach nothing else — no generic
 * `invoke(channel)`, no `ipcRenderer`. Calls resolve with an `IpcResult` envelope (see
 * shared/ipc.ts for why).
 */
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { API_ROUTES, IPC_EVENT_CHANNEL, ipcChannel, type ApiEvent, type ApiMethod, type AutoDeployApi } from '../../shared/api';
import { toIpcError, type AutoDeployBridge, type IpcResult } from '../../shared/ipc';

export type BridgeIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function createBridge(ipc: BridgeIpc): AutoDeployBridge {
  const invoke = <M extends ApiMethod>(
    method: M,
    ...args: Parameters<AutoDeployApi[M]>
  ): Promise<IpcResult<Awaited<ReturnType<AutoDeployApi[M]>>>> =>
    // A missing handler or a dead main process rejects; the page still gets an envelope.
    (ipc.invoke(ipcChannel(method), ...args) as Promise<IpcResult<Awaited<ReturnType<AutoDeployApi[M]>>>>).catch(toIpcError);

  // One IPC listener fans out to every page subscriber (many components subscribe at once).
  const listeners = new Set<(event: ApiEvent) => void>();
  const onEvent = (_e: IpcRendererEvent, event: ApiEvent): void => {
    for (const listener of [...listeners]) listener(event);
  };

  // every operation of the contract (API_ROUTES lists them), each bound to its own channel
  const operations = Object.fromEntries(
    (Object.keys(API_ROUTES) as ApiMethod[]).map((method) => [method, (...args: unknown[]) => invoke(method, ...(args as Parameters<AutoDeployApi[typeof method]>))]),
  ) as Omit<AutoDeployBridge, 'subscribe'>;

  return {
    ...operations,
    subscribe(listener) {
      if (listeners.size === 0) ipc.on(IPC_EVENT_CHANNEL, onEvent);
      listeners.add(listener);
      return () => {
        if (!listeners.delete(listener)) return;
        if (listeners.size === 0) ipc.removeListener(IPC_EVENT_CHANNEL, onEvent);
      };
    },
  };
}
