/**
 * Every legitimate push arrives through the tunnel, against a tunnel server that behaves like
 * the real one (docs/tunnel.md, "Measured against the real server"): idle tunnel sockets sit unread in its pool, so a
 * byte the listener wrote on an idle connection becomes a later sender's answer, and no
 * X-Forwarded-For is added. Set LT_REAL_SERVER=http://127.0.0.1:P to run the same suite
 * against a real localtunnel server started with `--domain localhost`.
 */
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, connect, type Server as TcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploySettings, gitTrigger } from '../../shared/schemas/component';
import type { Deploy, DeployRequest } from '../../shared/schemas/deploy';
import { EventBus } from '../../electron/core/events';
import { storedComponent, type StoredComponent } from '../../electron/core/store/document';
import { FileKeySealer } from '../../electron/core/store/sealer';
import { newHookId, newId } from '../../electron/core/store/secrets';
import { Store } from '../../electron/core/store/store';
import { TunnelManager } from '../../electron/core/tunnel/tunnel-manager';
import { createWebhookListener, type WebhookListener } from '../../electron/core/webhooks/listener';
import { FAST_TIMING, idOf, record, tunnelServerUnderTest, waitFor, type TunnelServerUnderTest } from './helpers';

const SECRET = 'tunnel-delivery-secret-0123456789';
const COMMIT = '4d2a8b9c0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7';
/** Past Node's headers timeout (15 s here) plus its 30 s connection-check interval: measured, see docs/tunnel.md. */
const IDLE_MS = 50_000;

class RecordingScheduler {
  readonly requests: DeployRequest[] = [];
  async request(req: DeployRequest): Promise<Deploy> {
    this.requests.push(req);
    return { id: newId('d'), componentId: req.componentId, componentName: 'shop-api', state: 'queued', trigger: req.trigger, target: req.target, createdAt: new Date().toISOString() };
  }
}

let dir: string;
let store: Store;
let listener: WebhookListener;
let listenerPort: number;
let server: TunnelServerUnderTest;
let manager: TunnelManager;
let component: StoredComponent;
const scheduler = new RecordingScheduler();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autodeploy-delivery-'));
  store = await Store.open(dir);
  const sealer = await FileKeySealer.open(join(dir, 'secret.key'));
  const now = new Date().toISOString();
  component = storedComponent.parse({
    id: newId('c'),
    name: 'shop-api',
    autoBuild: true,
    source: { type: 'git', repo: 'https://github.com/acme/shop-api.git', branch: 'main', dockerfile: 'Dockerfile', context: '.', buildArgs: {} },
    triggers: { git: gitTrigger.parse({ enabled: true, keyword: '' }) },
    deploy: deploySettings.parse({}),
    hookId: newHookId(),
    secrets: { git: sealer.seal(SECRET) },
    createdAt: now,
    updatedAt: now,
  });
  await store.update((doc) => {
    doc.components.push(component);
  });
  listener = createWebhookListener({ store, sealer, scheduler, events: new EventBus() });
  listenerPort = (await listener.listen(0, '127.0.0.1')).port;
  server = await tunnelServerUnderTest();
  manager = new TunnelManager({
    events: new EventBus(),
    settings: () => ({ host: server.host, subdomain: undefined, autoStart: false }),
    localPort: () => listenerPort,
    // the probe runs once after going online, then not again during the idle time
    timing: { ...FAST_TIMING, livenessIntervalMs: 10 * 60_000 },
  });
  expect((await manager.start()).state).toBe('online');
});

afterAll(async () => {
  await manager?.close();
  await server?.stop();
  await listener?.close();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

function signedPush(deliveryId: string, secret = SECRET, extra: Record<string, string> = {}): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({
    ref: 'refs/heads/main',
    before: '9c3f1e2a7b0d4c5e6f708192a3b4c5d6e7f80912',
    after: COMMIT,
    head_commit: { id: COMMIT, message: 'Fix checkout rounding' },
    commits: [{ id: COMMIT, message: 'Fix checkout rounding' }],
    pusher: { name: 'liwei' },
    repository: { full_name: 'acme/shop-api', clone_url: 'https://github.com/acme/shop-api.git' },
  });
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/abc123',
    'x-github-event': 'push',
    'x-github-delivery': deliveryId,
    'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    ...extra,
  };
  return { body, headers };
}

async function deliver(id: string, deliveryId: string, secret = SECRET, extra: Record<string, string> = {}): Promise<number> {
  const { body, headers } = signedPush(deliveryId, secret, extra);
  const answer = await server.publicRequest(id, { method: 'POST', path: `/hooks/${component.hookId}/git`, headers, body, timeoutMs: 20_000 });
  return answer.status;
}

const logged = (deliveryId: string) => store.data.deliveries.find((d) => d.providerDeliveryId === deliveryId);

describe('deliveries through the tunnel', () => {
  it('after a quiet minute, 12 sequential and 10 concurrent signed pushes are all 202 and all in the delivery log', async () => {
    const id = idOf(manager.status().url);
    expect(await deliver(id, 'warm-up')).toBe(202);
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const sequential: number[] = [];
    for (let i = 0; i < 12; i++) sequential.push(await deliver(id, `seq-${i}`));
    const concurrent = await Promise.all(Array.from({ length: 10 }, (_, i) => deliver(id, `par-${i}`)));
    // before the fix: 9 of 12 and 9 of 10 were an empty 408 the listener wrote while idle
    expect(sequential).toEqual(Array(12).fill(202));
    expect(concurrent).toEqual(Array(10).fill(202));
    const ids = [...Array.from({ length: 12 }, (_, i) => `seq-${i}`), ...Array.from({ length: 10 }, (_, i) => `par-${i}`)];
    await waitFor('every delivery in the log', () => ids.every((d) => logged(d)));
    for (const d of ids) expect(logged(d), d).toMatchObject({ outcome: 'queued', status: 202, verified: true });
    expect(manager.status().state).toBe('online');
  });

  it('15 bad signatures never block the next valid push, forged X-Forwarded-For or not', async () => {
    const id = idOf(manager.status().url);
    for (let i = 0; i < 15; i++) expect(await deliver(id, `bad-${i}`, 'not-the-secret')).toBe(401);
    expect(await deliver(id, 'valid-after-bad')).toBe(202);
    for (let i = 0; i < 15; i++) {
      expect(await deliver(id, `forged-${i}`, 'not-the-secret', { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.9` })).toBe(401);
    }
    expect(await deliver(id, 'valid-after-forged', SECRET, { 'x-forwarded-for': '203.0.113.9' })).toBe(202);
    await waitFor('the valid deliveries in the log', () => logged('valid-after-bad') && logged('valid-after-forged'));
    // the forwarded header is kept as what the sender wrote; the address is the tunnel client's
    expect(logged('valid-after-forged')).toMatchObject({ outcome: 'queued', remoteAddress: '127.0.0.1', forwardedFor: '203.0.113.9' });
  });
});

/**
 * A listener that answers idle connections with Node's usual 408 (what ours did): while
 * `stale`, each new local connection is handed to such a server; afterwards to the real listener.
 */
class StaleFront {
  stale = true;
  port = 0;
  private tcp: TcpServer | undefined;
  private http: Server | undefined;
  private readonly sockets = new Set<Socket>();

  async start(target: number): Promise<void> {
    // it never answers a request itself: every byte it writes is Node's timeout answer
    this.http = createHttpServer({ headersTimeout: 300, requestTimeout: 600, connectionsCheckingInterval: 100 }, () => undefined);
    // Node checks connection timeouts only on a listening server
    await new Promise<void>((resolve) => this.http?.listen(0, '127.0.0.1', resolve));
    this.tcp = createTcpServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      if (this.stale) {
        this.http?.emit('connection', socket);
        return;
      }
      const upstream = connect(target, '127.0.0.1');
      this.sockets.add(upstream);
      upstream.on('close', () => this.sockets.delete(upstream));
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
      socket.pipe(upstream).pipe(socket);
    });
    await new Promise<void>((resolve) => this.tcp?.listen(0, '127.0.0.1', resolve));
    this.port = (this.tcp.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.http?.closeAllConnections();
    this.http?.close();
    await new Promise((r) => this.tcp?.close(r));
  }
}

describe('liveness through the tunnel', () => {
  it('a 408 from the local side marks the tunnel unhealthy; it reconnects and recovers by itself', async () => {
    const front = new StaleFront();
    await front.start(listenerPort);
    const events = new EventBus();
    const rec = record(events);
    const staleManager = new TunnelManager({
      events,
      settings: () => ({ host: server.host, subdomain: undefined, autoStart: false }),
      localPort: () => front.port,
      timing: { ...FAST_TIMING, livenessIntervalMs: 700 },
    });
    try {
      await staleManager.start();
      const lost = await waitFor('the probe to find the stale 408', () =>
        rec.events.find((e) => e.type === 'tunnel' && /got 408/.test(e.tunnel.reason ?? '') ? e : undefined),
      );
      expect(lost.type === 'tunnel' && lost.tunnel.reason).toMatch(/liveness check of http:\/\/.+ got 408 with an empty body instead of the listener's health answer/);
      const before = rec.states().length;
      front.stale = false;
      // recovers: online again, and the next probes find the listener itself (generous: a
      // reconnect that raced the switch above meets a stale socket once more and backs off)
      await waitFor('online again', () => rec.states().length > before && staleManager.status().state === 'online' && !/408/.test(staleManager.status().reason ?? ''), 90_000);
      expect(rec.states()).toContain('reconnecting');
      const id = idOf(staleManager.status().url);
      const { body, headers } = signedPush('after-recovery');
      const answer = await server.publicRequest(id, { method: 'POST', path: `/hooks/${component.hookId}/git`, headers, body, timeoutMs: 20_000 });
      expect(answer.status).toBe(202);
    } finally {
      rec.stop();
      await staleManager.close();
      await front.stop();
    }
  }, 180_000);
});
