/**
 * IPC handlers: one per operation of the typed contract, each calling the same engine api the
 * REST control server uses and answering with an `IpcResult` envelope so errors keep their
 * code and field details. Calls from frames that are not the app's own pages are refused.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { API_ROUTES, ipcChannel, type ApiMethod, type AutoDeployApi } from '../../shared/api';
import { toIpcError, type IpcResult } from '../../shared/ipc';

export type HandlerIpc = Pick<IpcMain, 'handle' | 'removeHandler'>;

/** Registers every handler; returns a function that removes them. */
export function registerApiHandlers(
  ipcMain: HandlerIpc,
  api: AutoDeployApi,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  const methods = Object.keys(API_ROUTES) as ApiMethod[];
  // Called as `target[method](...)` so the service keeps its `this`.
  const target = api as unknown as Record<ApiMethod, (...args: unknown[]) => Promise<unknown>>;
  for (const method of methods) {
    ipcMain.handle(ipcChannel(method), async (event, ...args: unknown[]): Promise<IpcResult<unknown>> => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'forbidden', message: 'This page may not use the Auto Deploy API.' } };
      }
      try {
        return { ok: true, value: await target[method](...args) };
      } catch (err) {
        return toIpcError(err);
      }
    });
  }
  return () => {
    for (const method of methods) ipcMain.removeHandler(ipcChannel(method));
  };
}
