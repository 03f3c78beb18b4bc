/**
 * A loopback localtunnel server for tests, following docs/tunnel.md §10 and the reference
 * server's behaviour (docs/tunnel.md §2–§7 and "Measured against the real server"):
 * registration on `/?new` and `/<name>` (the real subdomain rule and message), one TCP listener
 * per tunnel for the client's sockets (at most 10), public requests routed by Host
 * (`<id>.<domain>`) and relayed over those sockets as keep-alive HTTP/1.1, headers as the
 * sender sent them (no X-Forwarded-For: the real server adds none).
 *
 * Idle tunnel sockets sit unread in the pool, as in the real server: whatever the local side
 * wrote on one while it was idle is parsed as the answer to the next public request relayed
 * over it — which is how a 408 written on an idle local connection reaches a later sender. A
 * relay that fails (the socket closes before an answer) leaves the public request unanswered,
 * as the real server does.
 *
 * It can be told to answer registrations with an error, to hang, to forget a tunnel, and it can
 * be stopped and started again on the same port. docs/tunnel.md lists where it still differs
 * from the real server.
 */
import { randomInt } from 'node:crypto';
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export type RegistrationMode =
  | { kind: 'ok' }
  /** Accept the connection, never answer (the client would wait forever). */
  | { kind: 'hang' }
  /** Answer with this status and JSON `{message}` (201 makes client 2.0.2 fail fast). */
  | { kind: 'status'; status: number; message?: string };

export interface LtServerOptions {
  /** API port; 0 = any free one (kept across restart). */
  port?: number;
  /** Tunnel ids are what stands left of `.<domain>` in the Host header. */
  domain?: string;
  /** Advertised `max_conn_count`. */
  maxSockets?: number;
  /** How long a tunnel without sockets is kept (reference server: 1 s). */
  graceMs?: number;
  /** Replaces the registration request's Host in the granted `url` (e.g. an unresolvable name). */
  urlHost?: string;
  /** Sent as `ip` in registration answers: where the client opens its tunnel sockets (docs/tunnel.md §3). */
  tunnelIp?: string;
}

/** The reference server's subdomain rule and message (docs/tunnel.md §4), as in its server.js. */
const VALID_NAME = /^(?:[a-z0-9][a-z0-9-]{4,63}[a-z0-9]|[a-z0-9]{4,63})$/;
const INVALID_NAME = 'Invalid subdomain. Subdomains must be lowercase and between 4 and 63 alphanumeric characters.';
const ADJECTIVES = ['brave', 'odd', 'neat', 'calm', 'quick', 'shy', 'wild', 'bold'];
const ANIMALS = ['sheep', 'bobcat', 'turtle', 'otter', 'heron', 'yak', 'lynx', 'moose'];
const SOCKET_LIMIT = 10;

type ConnectionCallback = (err: Error | null, socket: Duplex) => void;

/** An http.Agent whose "connections" are the client's tunnel sockets (like TunnelAgent). */
class TunnelPool extends Agent {
  readonly connected = new Set<Socket>();
  private readonly idle: Socket[] = [];
  private readonly waiting: ConnectionCallback[] = [];

  constructor(private readonly onEmpty: () => void) {
    super({ keepAlive: true, maxFreeSockets: 1 });
  }

  add(socket: Socket): void {
    if (this.connected.size >= SOCKET_LIMIT) {
      socket.destroy();
      return;
    }
    this.connected.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => {
      this.connected.delete(socket);
      const i = this.idle.indexOf(socket);
      if (i >= 0) this.idle.splice(i, 1);
      if (this.connected.size === 0) this.onEmpty();
    });
    const waiter = this.waiting.shift();
    if (waiter) waiter(null, socket);
    else this.idle.push(socket);
  }

  // Node's Agent accepts a callback-style createConnection that returns nothing (async)
  override createConnection(_options: unknown, callback?: ConnectionCallback): Duplex {
    const socket = this.idle.shift();
    if (socket) callback?.(null, socket);
    else if (callback) this.waiting.push(callback);
    return undefined as unknown as Duplex;
  }

  shutdown(): void {
    for (const s of this.connected) s.destroy();
    this.waiting.length = 0;
    this.destroy();
  }
}

interface FakeTunnel {
  id: string;
  server?: TcpServer;
  port: number;
  pool?: TunnelPool;
  expiry?: NodeJS.Timeout;
  /** Held by `reserve()`: no sockets, never expires. */
  reserved: boolean;
}

export class LtServer {
  registration: RegistrationMode = { kind: 'ok' };
  /** Registration requests seen (any mode), newest last. */
  readonly registrations: string[] = [];
  private http: Server | undefined;
  private readonly tunnels = new Map<string, FakeTunnel>();
  private readonly hanging = new Set<ServerResponse>();
  /** Tunnels dropped from routing by forget(), still holding sockets until closed. */
  private readonly forgotten = new Set<FakeTunnel>();
  private readonly domain: string;
  private port = 0;

  private constructor(private readonly options: LtServerOptions) {
    this.domain = options.domain ?? 'localhost';
  }

  static async start(options: LtServerOptions = {}): Promise<LtServer> {
    const server = new LtServer(options);
    server.port = options.port ?? 0;
    await server.listen();
    return server;
  }

  get apiPort(): number {
    return this.port;
  }

  /** The client's `host` option. */
  get host(): string {
    return `http://localhost:${this.port}`;
  }

  get running(): boolean {
    return this.http !== undefined;
  }

  tunnelIds(): string[] {
    return [...this.tunnels.values()].filter((t) => !t.reserved).map((t) => t.id);
  }

  connectedSockets(id: string): number {
    return this.tunnels.get(id)?.pool?.connected.size ?? 0;
  }

  /** Take a name so that registering it yields a random one (as if another client held it). */
  reserve(id: string): void {
    this.tunnels.set(id, { id, port: 0, reserved: true });
  }

  /** Forget a tunnel but leave its sockets open: only a liveness check can notice. */
  forget(id: string): void {
    const t = this.tunnels.get(id);
    if (!t) return;
    this.tunnels.delete(id);
    this.forgotten.add(t);
  }

  /** A public request as a webhook sender would make it: to the API port, with the tunnel's Host. */
  publicRequest(
    id: string,
    init: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer | string; timeoutMs?: number } = {},
  ): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
    return httpCall(this.port, `${id}.${this.domain}:${this.port}`, init);
  }

  async stop(): Promise<void> {
    const http = this.http;
    this.http = undefined;
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    for (const t of [...this.tunnels.values(), ...this.forgotten]) this.dropTunnel(t);
    this.tunnels.clear();
    this.forgotten.clear();
    if (http) {
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    }
  }

  /**
   * Start again on the same port with no tunnels (like a restarted server process);
   * `reserve` names are taken before the first request can arrive.
   */
  async restart(options: { reserve?: string[] } = {}): Promise<void> {
    await this.stop();
    for (const id of options.reserve ?? []) this.reserve(id);
    await this.listen();
  }

  private async listen(): Promise<void> {
    const http = createServer((req, res) => this.handle(req, res));
    http.keepAliveTimeout = 1_000;
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(this.port, '127.0.0.1', () => {
        http.off('error', reject);
        resolve();
      });
    });
    this.port = (http.address() as { port: number }).port;
    this.http = http;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const hostHeader = req.headers.host;
    if (!hostHeader) {
      res.writeHead(400).end('Host header is required');
      return;
    }
    const hostname = hostHeader.replace(/:\d+$/, '').toLowerCase().replace(/\.$/, '');
    const suffix = `.${this.domain}`;
    if (hostname.endsWith(suffix)) {
      const tunnel = this.tunnels.get(hostname.slice(0, -suffix.length));
      if (!tunnel?.pool) {
        res.writeHead(404).end('404');
        return;
      }
      this.relay(tunnel.pool, req, res);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/status') {
      json(res, 200, { tunnels: this.tunnelIds().length });
      return;
    }
    const segments = url.pathname.split('/').filter(Boolean);
    if (segments.length === 0 && url.searchParams.has('new')) {
      void this.registerTunnel(req, res, undefined);
    } else if (segments.length === 1) {
      void this.registerTunnel(req, res, segments[0]);
    } else if (segments.length === 0) {
      res.writeHead(302, { Location: 'https://localtunnel.github.io/www/' }).end();
    } else {
      res.writeHead(404).end('Not Found');
    }
  }

  private async registerTunnel(req: IncomingMessage, res: ServerResponse, requested: string | undefined): Promise<void> {
    this.registrations.push(requested ?? '?new');
    const mode = this.registration;
    if (mode.kind === 'hang') {
      this.hanging.add(res);
      return;
    }
    if (mode.kind === 'status') {
      json(res, mode.status, mode.message ? { message: mode.message } : {});
      return;
    }
    if (requested !== undefined && !VALID_NAME.test(requested)) {
      json(res, 403, { message: INVALID_NAME });
      return;
    }
    const id = requested !== undefined && !this.tunnels.has(requested) ? requested : this.randomId();
    const tunnel = await this.openTunnel(id);
    json(res, 200, {
      id,
      port: tunnel.port,
      max_conn_count: this.options.maxSockets ?? 10,
      url: `http://${id}.${this.options.urlHost ?? req.headers.host}`,
      ...(this.options.tunnelIp ? { ip: this.options.tunnelIp } : {}),
    });
  }

  private async openTunnel(id: string): Promise<FakeTunnel> {
    const tunnel: FakeTunnel = { id, port: 0, reserved: false };
    const pool = new TunnelPool(() => this.scheduleExpiry(tunnel));
    const server = createTcpServer((socket) => pool.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    tunnel.server = server;
    tunnel.pool = pool;
    tunnel.port = (server.address() as { port: number }).port;
    this.tunnels.set(id, tunnel);
    this.scheduleExpiry(tunnel);
    return tunnel;
  }

  /** A tunnel with no socket for `graceMs` is deleted, and its name becomes free (docs/tunnel.md §5). */
  private scheduleExpiry(tunnel: FakeTunnel): void {
    clearTimeout(tunnel.expiry);
    tunnel.expiry = setTimeout(() => {
      if ((tunnel.pool?.connected.size ?? 0) > 0) return;
      if (this.tunnels.get(tunnel.id) === tunnel) this.tunnels.delete(tunnel.id);
      this.forgotten.delete(tunnel);
      this.dropTunnel(tunnel);
    }, this.options.graceMs ?? 1_000);
  }

  private dropTunnel(tunnel: FakeTunnel): void {
    clearTimeout(tunnel.expiry);
    tunnel.server?.close();
    tunnel.pool?.shutdown();
  }

  private relay(pool: TunnelPool, req: IncomingMessage, res: ServerResponse): void {
    // the real server passes the sender's headers on as they are (lower-cased, repeats merged)
    const upstream = request({ agent: pool, method: req.method, path: req.url, headers: req.headers });
    upstream.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      // the real server answers nothing here (a TODO in its Client.js): the sender times out
      if (res.headersSent) res.destroy();
    });
    req.on('aborted', () => upstream.destroy());
    req.pipe(upstream);
  }

  private randomId(): string {
    for (;;) {
      const id = `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${ANIMALS[randomInt(ANIMALS.length)]}-${randomInt(10, 100)}`;
      if (!this.tunnels.has(id)) return id;
    }
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/** An HTTP request to 127.0.0.1:port with an explicit Host (Node does not resolve *.localhost). */
export function httpCall(
  port: number,
  host: string,
  init: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer | string; timeoutMs?: number } = {},
): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      method: init.method ?? 'GET',
      path: init.path ?? '/',
      agent: false,
      headers: { ...init.headers, host },
      timeout: init.timeoutMs ?? 10_000,
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${host}${init.path ?? '/'} within ${init.timeoutMs ?? 10_000} ms`)));
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.end(init.body);
  });
}
