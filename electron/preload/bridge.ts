/**
 * The one object the page gets (`window.autodeploy`): each operation of the typed contract,
 * written out by hand so the page can reach nothing else — no generic `invoke(channel)`, no
 * `ipcRenderer`. Calls resolve with an `IpcResult` envelope (see shared/ipc.ts for why).
 */
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, ipcChannel, type ApiEvent, type ApiMethod, type AutoDeployApi } from '../../shared/api';
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

  return {
    getStatus: () => invoke('getStatus'),
    listComponents: () => invoke('listComponents'),
    getComponent: (id) => invoke('getComponent', id),
    createComponent: (input) => invoke('createComponent', input),
    updateComponent: (id, patch) => invoke('updateComponent', id, patch),
    deleteComponent: (id, input) => invoke('deleteComponent', id, input),
    getWebhooks: (id) => invoke('getWebhooks', id),
    deployNow: (id, input) => invoke('deployNow', id, input),
    listTags: (id) => invoke('listTags', id),
    rollback: (id, input) => invoke('rollback', id, input),
    cancelDeploy: (deployId) => invoke('cancelDeploy', deployId),
    regenerateSecret: (id, kind) => invoke('regenerateSecret', id, kind),
    revealSecret: (id, kind) => invoke('revealSecret', id, kind),
    listDeploys: (query) => invoke('listDeploys', query),
    getDeploy: (deployId) => invoke('getDeploy', deployId),
    getDeployLog: (deployId) => invoke('getDeployLog', deployId),
    listDeliveries: (query) => invoke('listDeliveries', query),
    getSettings: () => invoke('getSettings'),
    updateSettings: (patch) => invoke('updateSettings', patch),
    startTunnel: () => invoke('startTunnel'),
    stopTunnel: () => invoke('stopTunnel'),
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
