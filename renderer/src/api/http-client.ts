/**
 * `AutoDeployClient` over the headless control server: REST for operations (routes from
 * `API_ROUTES`), server-sent events read with fetch for events. Generic over the route table,
 * so a new operation in shared/api.ts needs no code here.
 */
import { API_ROUTES, ApiError } from '../../../shared/api';
import type { ApiEvent, ApiMethod, AutoDeployApi, AutoDeployClient } from '../../../shared/api';
import { backoffDelay } from '../../../shared/backoff';
import { sleep } from '../../../shared/sleep';
import { readSse } from './sse';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unauthorized' | 'idle';

export interface HttpClientOptions {
  /** Where the API lives, e.g. `/api` (same origin) or `http://127.0.0.1:7781/api`. */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  /** Reconnect delays for the event stream; doubles from `initialMs` up to `maxMs`. */
  backoff?: { initialMs: number; maxMs: number };
  /** Called once when the server says the token is not (or no longer) valid. */
  onUnauthorized?: () => void;
}

export interface HttpClient extends AutoDeployClient {
  connection(): ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** Stop the event stream for good. */
  close(): void;
}

const PARAM_RE = /:(id|kind|deployId)\b/g;

/** The URL and fetch options for one operation call (exported for tests). */
export function buildRequest(
  baseUrl: string,
  method: ApiMethod,
  args: readonly unknown[],
): { url: string; init: { method: string; headers: Record<string, string>; body?: string } } {
  const route = API_ROUTES[method];
  const rest = [...args];
  const path = route.path.replace(PARAM_RE, (_m, name: string) => {
    const value = rest.shift();
    if (typeof value !== 'string' || value === '') throw new ApiError('validation', `${method}: missing ${name}`);
    return encodeURIComponent(value);
  });
  const payload = rest.find((a) => a !== undefined && a !== null);
  const headers: Record<string, string> = { Accept: 'application/json' };
  let url = `${baseUrl.replace(/\/$/, '')}${path}`;
  if (route.method === 'GET') {
    if (payload && typeof payload === 'object') {
      const query = new URLSearchParams();
      for (const [k, v] of Object.entries(payload)) if (v !== undefined && v !== null) query.set(k, String(v));
      const qs = query.toString();
      if (qs) url += `?${qs}`;
    }
    return { url, init: { method: 'GET', headers } };
  }
  if (payload === undefined) return { url, init: { method: route.method, headers } };
  headers['Content-Type'] = 'application/json';
  return { url, init: { method: route.method, headers, body: JSON.stringify(payload) } };
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined;
  const text = await res.text();
  if (text === '') return undefined;
  if ((res.headers.get('content-type') ?? '').includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** The log endpoint may answer text/plain or JSON (`"..."` or `{ "log": "..." }`). */
function asLogText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body && typeof body === 'object') {
    const o = body as Record<string, unknown>;
    for (const key of ['log', 'text', 'content']) if (typeof o[key] === 'string') return o[key];
  }
  return '';
}

// one local client has no herd to spread out: the backoff without jitter (random = 1)
const NO_JITTER = (): number => 1;

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const backoff = options.backoff ?? { initialMs: 500, maxMs: 15_000 };
  const auth = `Bearer ${options.token}`;
  const listeners = new Set<(event: ApiEvent) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'idle';
  let stream: AbortController | undefined;
  let stopTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let unauthorizedReported = false;

  const setState = (next: ConnectionState): void => {
    if (next === state) return;
    state = next;
    for (const l of [...connectionListeners]) l(next);
  };
  const unauthorized = (): void => {
    setState('unauthorized');
    if (!unauthorizedReported) {
      unauthorizedReported = true;
      options.onUnauthorized?.();
    }
  };

  async function call(method: ApiMethod, args: unknown[]): Promise<unknown> {
    const { url, init } = buildRequest(options.baseUrl, method, args);
    let res: Response;
    try {
      res = await doFetch(url, { ...init, headers: { ...init.headers, Authorization: auth }, cache: 'no-store' });
    } catch (err) {
      throw new ApiError('unavailable', `Cannot reach the Auto Deploy engine (${err instanceof Error ? err.message : String(err)})`);
    }
    const body = await readBody(res);
    if (res.status === 401) unauthorized();
    if (!res.ok) throw ApiError.fromBody(body, `${init.method} ${url} failed with HTTP ${res.status}`);
    return method === 'getDeployLog' ? asLogText(body) : body;
  }

  function dispatch(data: string): void {
    let event: ApiEvent;
    try {
      event = JSON.parse(data) as ApiEvent;
    } catch {
      return; // not ours (or a truncated message); the next signal re-syncs the lists anyway
    }
    for (const l of [...listeners]) {
      try {
        l(event);
      } catch (err) {
        console.error('event listener failed', err);
      }
    }
  }

  async function runStream(signal: AbortSignal): Promise<void> {
    let attempt = 1;
    let everOpened = false;
    while (!signal.aborted) {
      setState(everOpened ? 'reconnecting' : 'connecting');
      let openedAt = 0;
      try {
        const res = await doFetch(`${options.baseUrl.replace(/\/$/, '')}/events`, {
          headers: { Authorization: auth, Accept: 'text/event-stream' },
          cache: 'no-store',
          signal,
        });
        if (res.status === 401) return unauthorized();
        if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
        everOpened = true;
        openedAt = Date.now();
        setState('open');
        await readSse(res.body, dispatch);
      } catch {
        // network error or server gone: fall through to the reconnect delay
      }
      if (signal.aborted) return;
      // A stream that stayed up a while was healthy: start the backoff over.
      if (openedAt && Date.now() - openedAt > 10_000) attempt = 1;
      setState(everOpened ? 'reconnecting' : 'connecting');
      await sleep(backoffDelay(attempt++, { baseMs: backoff.initialMs, maxMs: backoff.maxMs }, NO_JITTER), { signal });
    }
  }

  const ensureStream = (): void => {
    if (stopTimer) clearTimeout(stopTimer);
    stopTimer = undefined;
    if (stream || closed || state === 'unauthorized') return;
    const controller = new AbortController();
    stream = controller;
    void runStream(controller.signal).finally(() => {
      if (stream === controller) stream = undefined;
    });
  };
  const stopStream = (): void => {
    stream?.abort();
    stream = undefined;
    if (state !== 'unauthorized') setState('idle');
  };

  const api = Object.fromEntries(
    (Object.keys(API_ROUTES) as ApiMethod[]).map((m) => [m, (...args: unknown[]) => call(m, args)]),
  ) as unknown as AutoDeployApi;

  return {
    ...api,
    subscribe(listener) {
      listeners.add(listener);
      ensureStream();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && !stopTimer) {
          // Re-renders unsubscribe and resubscribe at once; do not drop the stream for that.
          stopTimer = setTimeout(() => {
            stopTimer = undefined;
            if (listeners.size === 0) stopStream();
          }, 1000);
        }
      };
    },
    connection: () => state,
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    close() {
      closed = true;
      if (stopTimer) clearTimeout(stopTimer);
      stopStream();
    },
  };
}
