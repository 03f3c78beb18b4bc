/**
 * The public webhook listener: its own port (never the control API's), plain node:http.
 * Serves only `POST /hooks/<hookId>/{git,image,api}` and `GET /healthz`; everything else is a
 * JSON 404. Answers follow docs/webhooks.md, "Answers"; the deploy itself runs later. Every
 * request to a hook path is recorded in the delivery log; refused ones within a per-hook
 * budget, the rest folded into one row per hook and minute (rejection-budget.ts), so a flood
 * cannot wipe the log; a registry's routine noise (layer pushes, pulls) is answered unlogged.
 * No request is ever refused because of other requests: behind a tunnel every sender shares
 * one address, and a request that verifies must get through whatever else arrives.
 *
 * Nothing is ever written on a connection that has not sent a request. Through localtunnel
 * the listener's connections are opened ahead of any request and sit idle; the real server
 * reads whatever was written on one as the answer to the next public request (docs/tunnel.md,
 * "Measured against the real server"), so Node's usual 408 on an idle connection would be
 * some later sender's answer.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { TriggerKind } from '../../../shared/schemas/component';
import type { EventBus } from '../events';
import type { DeployScheduler } from '../ports';
import type { SecretSealer } from '../store/sealer';
import type { Store } from '../store/store';
import { readCappedBody } from '../util/capped-body';
import { DEFAULT_BODY_LIMIT, mediaType } from './body';
import { forwardedFor, peerAddress } from './client-address';
import { HookError } from './hook-error';
import { HookIndex } from './hook-index';
import { IngestStage } from '../ingest/ingest-stage';
import type { DeliveryFields, HookAnswer } from '../ingest/pipeline';
import type { ParsedDelivery } from '../ingest/parsed-event';
import { sendJson } from '../http-response';
import { guessProvider } from './providers';
import { errorAnswer, readDelivery } from './read-delivery';
import { SecretCache } from './secret-cache';
import { HEALTH_BODY, HEALTH_PATH } from './health-answer';
import { RejectionBudget } from './rejection-budget';
import type { FoldedRejections, RejectionBudgetOptions } from './rejection-budget';

export interface WebhookListenerDeps {
  store: Store;
  sealer: SecretSealer;
  scheduler: Pick<DeployScheduler, 'request'>;
  events: EventBus;
  /** Body cap in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** How many refused requests per hook (and per minute) get their own delivery-log row. */
  rejectionLog?: RejectionBudgetOptions;
  /**
   * How long delivery-log entries and remembered delivery ids may wait to be written together
   * (default 250 ms; 0 writes each at once).
   */
  writeDelayMs?: number;
  /** Epoch ms; injectable for timestamp-window tests. */
  clock?: () => number;
  /** Where unexpected errors go (never to the sender). Default: console.error. */
  onError?: (err: unknown) => void;
  /** The ingest stage shared with the engine's catch-up checks (default: one of its own). */
  stage?: IngestStage;
}

export interface WebhookListener {
  listen(port: number, host: string): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
  server: Server;
}

/** Where a request came from: the socket peer, and X-Forwarded-For as sent (information only). */
interface Origin {
  address: string;
  forwardedFor?: string;
}

const HOOK_PATH = /^\/hooks\/([A-Za-z0-9_-]{1,128})\/(git|image|api)\/?$/;
const TRIGGERS: readonly TriggerKind[] = ['git', 'image', 'api'];

/** `close`: the body was not read, so the connection cannot be reused. */
function send(res: ServerResponse, status: number, body: unknown, close = false): void {
  sendJson(res, status, body, close ? { connection: 'close' } : undefined);
}

export function createWebhookListener(deps: WebhookListenerDeps): WebhookListener {
  const clock = deps.clock ?? Date.now;
  const onError = deps.onError ?? ((err: unknown) => console.error('webhook listener:', err));
  const bodyLimit = deps.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const index = new HookIndex(deps.store, deps.events, clock);
  const stage = deps.stage ?? new IngestStage({ ...deps, clock, onError });
  const secrets = new SecretCache(deps.sealer);

  interface Row {
    fields: DeliveryFields;
    origin: Origin;
    receivedAt: number;
  }
  const record = ({ fields, origin, receivedAt }: Row, count?: number): void => {
    stage.record(
      {
        ...fields,
        ...(count !== undefined ? { reason: `${count} refused requests like this one within a minute (${fields.reason ?? 'refused'}); the last is shown` } : {}),
      },
      origin.address,
      receivedAt,
      { ...(origin.forwardedFor !== undefined ? { forwardedFor: origin.forwardedFor } : {}), ...(count !== undefined ? { count } : {}) },
    );
  };
  const rejections = new RejectionBudget<Row>(({ count, sample }: FoldedRejections<Row>) => record(sample, count), deps.rejectionLog, clock);

  /** Answer and log. `close` when the body was not read. Refusals are logged within the budget. */
  const finish = (res: ServerResponse, answer: HookAnswer, origin: Origin, receivedAt: number, close: boolean): void => {
    send(res, answer.status, answer.body, close);
    const row = { fields: answer.record, origin, receivedAt };
    if (answer.record.outcome !== 'rejected') {
      record(row);
      return;
    }
    // unknown hook ids share one budget: they are not anyone's hook
    const key = answer.record.componentId ?? '(unknown hook)';
    if (rejections.admit(key, row)) record(row);
  };

  async function handleHook(req: IncomingMessage, res: ServerResponse, path: string, origin: Origin, receivedAt: number): Promise<void> {
    const m = HOOK_PATH.exec(path);
    const kind = m && (m[2] as TriggerKind);
    const guess = guessProvider(req.headers, kind ?? undefined);
    const reject = (err: HookError, extra: Partial<DeliveryFields> = {}): void =>
      finish(res, errorAnswer(err, { provider: guess, ...(kind ? { trigger: kind } : {}), ...extra }), origin, receivedAt, true);

    if (!m || !kind || !TRIGGERS.includes(kind) || !HookIndex.isWellFormed(m[1])) {
      reject(new HookError(404, 'not_found', 'no webhook at this URL'));
      return;
    }
    if (req.method !== 'POST') {
      reject(new HookError(404, 'not_found', 'webhooks are delivered with POST'));
      return;
    }
    const component = index.lookup(m[1]);
    if (!component) {
      reject(new HookError(404, 'not_found', 'no webhook at this URL', 'unknown hook id (regenerated or deleted component?)'));
      return;
    }
    const who = { componentId: component.id, componentName: component.name };
    if (!component.triggers[kind]?.enabled) {
      reject(new HookError(404, 'not_found', `no enabled ${kind} trigger at this URL`), who);
      return;
    }
    const body = await readCappedBody(req, bodyLimit);
    if (!body.ok) {
      if (body.reason === 'aborted') return;
      reject(new HookError(413, 'payload_too_large', `the body is larger than ${bodyLimit} bytes`), who);
      return;
    }
    const raw = { headers: req.headers, body: body.body, contentType: mediaType(req.headers['content-type']) };
    let parsed: ParsedDelivery;
    try {
      parsed = readDelivery(secrets, component, kind, raw, clock());
    } catch (err) {
      if (!(err instanceof HookError)) throw err;
      finish(res, errorAnswer(err, { ...who, trigger: kind, provider: guess }), origin, receivedAt, false);
      return;
    }
    const answer = await stage.process(component, kind, parsed);
    if (parsed.result.kind === 'ignored' && parsed.result.routine) {
      // never a deploy (a registry's layer pushes and pulls): a row each would bury the push
      send(res, answer.status, answer.body);
      return;
    }
    finish(res, answer, origin, receivedAt, false);
  }

  const server = createServer({ requestTimeout: 30_000, headersTimeout: 15_000 }, (req, res) => {
    const receivedAt = clock();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    if (path === HEALTH_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      send(res, 200, HEALTH_BODY);
      return;
    }
    if (!path.startsWith('/hooks/')) {
      send(res, 404, { error: { code: 'not_found', message: 'not found' } }, req.method !== 'GET' && req.method !== 'HEAD');
      return;
    }
    const origin: Origin = { address: peerAddress(req), forwardedFor: forwardedFor(req) };
    handleHook(req, res, path, origin, receivedAt).catch((err: unknown) => {
      onError(err);
      send(res, 500, { error: { code: 'internal', message: 'internal error' } }, true);
    });
  });
  server.keepAliveTimeout = 5_000;
  // An oversized upload gets its 413 and then the connection is cut: the rest is never read.
  server.on('checkContinue', (req, res) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > bodyLimit) {
      send(res, 413, { error: { code: 'payload_too_large', message: `the body is larger than ${bodyLimit} bytes` } }, true);
      return;
    }
    res.writeContinue();
    server.emit('request', req, res);
  });
  // Requests node's parser refuses (malformed, headers too large, too slow): a bare status line.
  // A connection that never sent a byte gets none: it is closed silently when the headers
  // timeout passes (through localtunnel, a 408 here would be the next sender's answer).
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (socket.bytesRead === 0) {
      socket.destroy();
      return;
    }
    const status =
      err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    else socket.destroy();
  });

  return {
    server,
    async listen(port: number, host: string) {
      // delivery ids seen before a restart must be known before the first request
      await stage.load();
      return new Promise((resolve, reject) => {
        const onListenError = (err: Error): void => reject(err);
        server.once('error', onListenError);
        server.listen(port, host, () => {
          server.off('error', onListenError);
          const addr = server.address() as AddressInfo;
          const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
          resolve({ url: `http://${shownHost}:${addr.port}`, port: addr.port });
        });
      });
    },
    async close() {
      index.close();
      rejections.flush();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await stage.flush();
    },
  };
}
