/** Shared pieces of the tunnel suites: a stand-in local app, an event recorder, polling, fast timing, the server under test. */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { ApiEvent } from '../../shared/api';
import type { TunnelStatus } from '../../shared/schemas/status';
import type { EventBus } from '../../electron/core/events';
import { HEALTH_BODY, HEALTH_PATH } from '../../electron/core/webhooks/health-answer';
import { LtServer, httpCall } from '../support/lt-server';
import { pollUntil } from '../support/poll-until';

export interface LocalApp {
  port: number;
  /** Requests seen, with any X-Forwarded-For header (the real server adds none). */
  seen: { method: string; path: string; forwardedFor?: string }[];
  close(): Promise<void>;
}

/**
 * Mimics the webhook listener's surface: GET /healthz → its health answer, POST /echo → sha256 and length of
 * the body, everything else (the control API's paths included) → 404.
 */
export async function startLocalApp(): Promise<LocalApp> {
  const seen: LocalApp['seen'] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const fwd = req.headers['x-forwarded-for'];
    seen.push({ method: req.method ?? '', path: req.url ?? '', forwardedFor: Array.isArray(fwd) ? fwd[0] : fwd });
    if (req.method === 'GET' && req.url === HEALTH_PATH) {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(HEALTH_BODY));
      return;
    }
    if (req.method === 'POST' && req.url === '/echo') {
      const hash = createHash('sha256');
      let length = 0;
      req.on('data', (c: Buffer) => {
        hash.update(c);
        length += c.length;
      });
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ sha256: hash.digest('hex'), length }));
      });
      return;
    }
    req.resume();
    res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface Recorder {
  events: ApiEvent[];
  states(): TunnelStatus['state'][];
  urlChanges(): { url?: string; previousUrl?: string }[];
  stop(): void;
}

export function record(bus: EventBus): Recorder {
  const events: ApiEvent[] = [];
  const stop = bus.subscribe((e) => events.push(e));
  return {
    events,
    states: () =>
      events.flatMap((e) => (e.type === 'tunnel' ? [e.tunnel.state] : [])).filter((s, i, all) => i === 0 || all[i - 1] !== s),
    urlChanges: () => events.flatMap((e) => (e.type === 'tunnel-url-changed' ? [{ url: e.url, previousUrl: e.previousUrl }] : [])),
    stop,
  };
}

/** Polls `check` (every 20 ms) until it returns a truthy value; fails with `what` after `timeoutMs`. */
export const waitFor = <T>(what: string, check: () => T | undefined | false, timeoutMs = 15_000): Promise<T> => pollUntil(what, check, { timeoutMs });

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** The tunnel id in a granted URL `http://<id>.localhost:<port>`. */
export const idOf = (url: string | undefined): string => new URL(url ?? 'http://none').hostname.split('.')[0];

/** Timing short enough for tests, still with every mechanism in play. */
export const FAST_TIMING = {
  registerTimeoutMs: 3_000,
  backoffBaseMs: 200,
  backoffMaxMs: 1_000,
  livenessIntervalMs: 500,
  probeTimeoutMs: 2_000,
  noSocketGraceMs: 1_500,
  subdomainRetryDelayMs: 1_300,
  // tests restart the server moments after going online; that is not flapping here
  stableAfterMs: 0,
};

/** The tunnel server a suite runs against: the loopback double, or a real one a developer runs. */
export interface TunnelServerUnderTest {
  /** The client's `host` option. */
  host: string;
  /** True when `LT_REAL_SERVER` named a real localtunnel server. */
  real: boolean;
  publicRequest: LtServer['publicRequest'];
  stop(): Promise<void>;
}

/**
 * `LT_REAL_SERVER=http://127.0.0.1:P` runs a suite against a real localtunnel server started
 * with `--domain localhost` (see docs/tunnel.md "Test double vs the real server"); by default
 * the loopback double, which behaves like it in the ways docs/tunnel.md, "Measured against the real server" lists.
 */
export async function tunnelServerUnderTest(): Promise<TunnelServerUnderTest> {
  const real = process.env.LT_REAL_SERVER;
  if (real) {
    const port = Number(new URL(real).port || 80);
    return {
      host: real.replace(/\/+$/, ''),
      real: true,
      publicRequest: (id, init) => httpCall(port, `${id}.localhost:${port}`, init),
      stop: async () => undefined,
    };
  }
  const server = await LtServer.start();
  return { host: server.host, real: false, publicRequest: (id, init) => server.publicRequest(id, init), stop: () => server.stop() };
}
