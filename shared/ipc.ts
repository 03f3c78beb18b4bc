/**
 * The IPC envelope and the renderer's side of the Electron bridge.
 *
 * Why an envelope all the way to the page: Electron's contextBridge rebuilds a rejected
 * promise's Error from its `message` alone (electron/electron#25596), so an `ApiError` thrown in
 * the preload would reach React without `code` or `details`. The preload therefore resolves
 * every call with an `IpcResult`, and `ipcClient()` — running in the page's own world — turns
 * failures back into real `ApiError`s (so `instanceof ApiError` works in the renderer).
 */
import { API_ROUTES, ApiError, type ApiErrorBody, type ApiEvent, type ApiMethod, type AutoDeployApi, type AutoDeployClient } from './api';

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody['error'] };

/** What the preload exposes as `window.autodeploy`: every operation, resolved with an envelope. */
export type AutoDeployBridge = {
  [M in ApiMethod]: (...args: Parameters<AutoDeployApi[M]>) => Promise<IpcResult<Awaited<ReturnType<AutoDeployApi[M]>>>>;
} & {
  /** Returns the unsubscribe function. */
  subscribe(listener: (event: ApiEvent) => void): () => void;
};

declare global {
  interface Window {
    /** Present only inside the desktop app; the browser (headless `serve`) uses the HTTP client. */
    autodeploy?: AutoDeployBridge;
  }
}

/** Any thrown value as an error envelope; unknown errors keep their message but become `internal`. */
export function toIpcError(err: unknown): { ok: false; error: ApiErrorBody['error'] } {
  if (err instanceof ApiError) return { ok: false, error: err.toBody().error };
  return { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } };
}

export function unwrapIpc<T>(result: IpcResult<T>): T {
  if (result.ok) return result.value;
  throw ApiError.fromBody({ error: result.error });
}

/** The renderer's `AutoDeployClient` over the bridge (use when `window.autodeploy` exists). */
export function ipcClient(bridge: AutoDeployBridge): AutoDeployClient {
  const call =
    (method: ApiMethod) =>
    async (...args: unknown[]): Promise<unknown> =>
      unwrapIpc(await (bridge[method] as (...a: unknown[]) => Promise<IpcResult<unknown>>)(...args));
  const client: Partial<Record<ApiMethod, unknown>> = {};
  for (const method of Object.keys(API_ROUTES) as ApiMethod[]) client[method] = call(method);
  return { ...(client as AutoDeployApi), subscribe: (listener) => bridge.subscribe(listener) };
}
