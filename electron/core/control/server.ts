/**
 * The loopback control server for headless mode and scripting: REST + SSE over the same
 * `AutoDeployApi` the Electron IPC uses, behind a bearer token; it also serves the dashboard.
 * It is never the webhook listener and is never tunnelled.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../../../shared/api';
import type { AutoDeployApi } from '../../../shared/api';
import type { EventBus } from '../events';
import { allowedOrigins, checkOrigin, checkToken } from './auth';
import { sendJson, sendText } from '../http-response';
import { queryObject, readJsonBody, sendError } from './http-util';
import { matchRoute } from './routes';
import { streamEvents } from './sse';
import { serveStatic } from './static-files';

export interface ControlServerOptions {
  api: AutoDeployApi;
  events: EventBus;
  token: string;
  /** Folder of the built renderer; omitted = API only. */
  staticDir?: string;
  /** Called with unexpected errors (they are answered 500 without details). */
  onError?: (err: unknown) => void;
}

export interface ControlServer {
  readonly server: Server;
  listen(port: number, host?: string): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
}

export function createControlServer(opts: ControlServerOptions): ControlServer {
  let origins = new Set<string>();
  const streams = new Set<() => void>();

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    checkToken(req, opts.token);
    const path = url.pathname.slice('/api'.length) || '/';
    if (req.method === 'GET' && path === '/events') {
      const close = streamEvents(req, res, opts.events);
      streams.add(close);
      req.on('close', () => streams.delete(close));
      return;
    }
    const match = matchRoute(req.method ?? 'GET', path);
    if (match === null) throw new ApiError('not_found', `No API route ${req.method} ${path}`);
    if (match === 'method') throw new ApiError('not_found', `${req.method} is not supported on ${path}`);
    const input = req.method === 'GET' ? queryObject(url.searchParams) : { ...queryObject(url.searchParams), ...(await readJsonBody(req)) };
    // bind so the implementation keeps its `this`, whatever object implements the contract
    const method = (opts.api[match.apiMethod] as (...args: unknown[]) => Promise<unknown>).bind(opts.api);
    const result = await method(...match.args, input);
    if (match.apiMethod === 'getDeployLog') sendText(res, 200, String(result));
    else sendJson(res, req.method === 'POST' && match.apiMethod === 'createComponent' ? 201 : 200, result ?? {});
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://control.invalid');
    try {
      checkOrigin(req, origins);
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
        await handleApi(req, res, url);
        return;
      }
      if ((req.method === 'GET' || req.method === 'HEAD') && opts.staticDir) {
        if (await serveStatic(opts.staticDir, url.pathname, res)) return;
        // client-side routes use the hash, so any other path is a real 404
      }
      throw new ApiError('not_found', 'Not found');
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof ApiError) {
        sendError(res, err);
      } else {
        opts.onError?.(err);
        sendError(res, new ApiError('internal', 'Internal error; see the Auto Deploy log'));
      }
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  return {
    server,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const addr = server.address() as AddressInfo;
          origins = allowedOrigins(addr.port);
          resolve({ url: `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`, port: addr.port });
        });
      });
    },
    close() {
      for (const close of streams) close();
      streams.clear();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
