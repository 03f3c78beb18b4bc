/**
 * Every legitimate push arrives through the tunnel, against a tunnel server that behaves like
 * the real one (docs/tunnel.md, "Measured against the real server"): idle tunnel sockets sit unread in its pool, so a
 * byte the listener wrote on an idle connection becomes a later sender's answer, and no
 * X-Forwarded-For is added. Set LT_REAL_SERVER=http://127.0.0.1:P to run the same suite
 * against a real localtunnel server started with `--domain localhost`.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, connect, type Server as TcpServer, type Socket } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TunnelManager } from '../../electron/core/tunnel/tunnel-manager';
import { idOf, waitFor, type TunnelServerUnderTest } from './helpers';
import { pushThrough, type HookListener } from './hook-listener';
import { useTunnelRig } from './tunnel-rig';

const SECRET = 'tunnel-delivery-secret-0123456789';
/** Past Node's headers timeout (15 s here) plus its 30 s connection-check interval: measured, see docs/tunnel.md. */
const IDLE_MS = 50_000;

const rig = useTunnelRig('all');
let listener: HookListener;
let server: TunnelServerUnderTest;
let manager: TunnelManager;

beforeAll(async () => {
  listener = await rig.listen(SECRET);
  server = await rig.startServerUnderTest();
  // the probe runs once after going online, then not again during the idle time
  ({ manager } = rig.manage({ timing: { livenessIntervalMs: 10 * 60_000 } }));
  expect((await manager.start()).state).toBe('online');
});

async function deliver(id: string, deliveryId: string, secret = SECRET, headers: Record<string, string> = {}): Promise<number> {
  return (await pushThrough(server, id, listener, { deliveryId, secret, headers })).status;
}

const logged = (deliveryId: string) => listener.env.store.data.deliveries.find((d) => d.providerDeliveryId === deliveryId);

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
    await front.start(listener.port);
    const { manager: staleManager, rec } = rig.manage({ localPort: () => front.port, timing: { livenessIntervalMs: 700 } });
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
      expect(await deliver(idOf(staleManager.status().url), 'after-recovery')).toBe(202);
    } finally {
      rec.stop();
      await staleManager.close();
      await front.stop();
    }
  }, 180_000);
});
