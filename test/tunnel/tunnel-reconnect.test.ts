import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNNEL_TIMING, type TunnelManager, type TunnelTiming } from '../../electron/core/tunnel/tunnel-manager';
import type { LtServer } from '../support/lt-server';
import { FAST_TIMING, idOf, waitFor, type Recorder } from './helpers';
import { useTunnelRig } from './tunnel-rig';

const rig = useTunnelRig();

async function setup(
  subdomain?: string,
  onUrlChange?: (url: string | undefined, previous: string | undefined) => void,
  timing: Partial<TunnelTiming> = FAST_TIMING,
) {
  const { server } = await rig.open();
  return { server, ...rig.manage({ subdomain, onUrlChange, timing }) };
}

/** Restarts the server and waits until the manager is online again; returns the time taken. */
async function restartAndWait(server: LtServer, manager: TunnelManager, rec: Recorder, reserve?: string[]) {
  const onlineBefore = rec.events.filter((e) => e.type === 'tunnel' && e.tunnel.state === 'online').length;
  const t0 = performance.now();
  await server.restart({ reserve });
  await waitFor(
    'the manager to come back online',
    () => rec.events.filter((e) => e.type === 'tunnel' && e.tunnel.state === 'online').length > onlineBefore,
    20_000,
  );
  return Math.round(performance.now() - t0);
}

describe('tunnel manager: server restart', () => {
  it('reconnects by itself after a restart; a new random name is reported as a URL change', async () => {
    const changes: [string | undefined, string | undefined][] = [];
    const { server, manager, rec } = await setup(undefined, (url, previous) => changes.push([url, previous]));
    const first = await manager.start();
    await waitFor('tunnel sockets', () => server.connectedSockets(idOf(first.url)) > 0);

    const ms = await restartAndWait(server, manager, rec);
    console.log(`[tunnel] reconnected after a server restart (random name) in ${ms} ms`);
    const now = manager.status();
    expect(now.state).toBe('online');
    expect(now.url).not.toBe(first.url);
    expect(now.previousUrl).toBe(first.url);
    expect(now.urlChangedAt).toBeDefined();
    expect(rec.states()).toEqual(['connecting', 'online', 'reconnecting', 'online']);
    expect(rec.urlChanges()).toEqual([{ url: now.url, previousUrl: first.url }]);
    // the first grant is passed too (for persisting it), the change with the URL it replaced
    expect(changes).toEqual([[first.url, undefined], [now.url, first.url]]);
    // the reason for reconnecting was visible while it lasted
    const reconnecting = rec.events.find((e) => e.type === 'tunnel' && e.tunnel.state === 'reconnecting');
    expect(reconnecting?.type === 'tunnel' && reconnecting.tunnel.reason).toMatch(/refused|no tunnel connection|no longer routes/);
    expect((await server.publicRequest(idOf(now.url), { path: '/healthz' })).status).toBe(200);
  });

  it('keeps a requested subdomain across a restart: same URL, no change reported', async () => {
    const { server, manager, rec } = await setup('stable-hooks');
    const first = await manager.start();
    expect(first.url).toBe(`http://stable-hooks.localhost:${server.apiPort}`);
    await waitFor('tunnel sockets', () => server.connectedSockets('stable-hooks') > 0);

    const ms = await restartAndWait(server, manager, rec);
    console.log(`[tunnel] reconnected after a server restart (requested subdomain kept) in ${ms} ms`);
    expect(manager.status()).toMatchObject({ state: 'online', url: first.url, subdomainMismatch: false });
    expect(manager.status().previousUrl).toBeUndefined();
    expect(rec.urlChanges()).toEqual([]);
    expect(rec.states()).toEqual(['connecting', 'online', 'reconnecting', 'online']);
    expect((await server.publicRequest('stable-hooks', { path: '/healthz' })).status).toBe(200);
  });

  it('reports the change when the requested subdomain is taken after the restart', async () => {
    const { server, manager, rec } = await setup('stable-hooks');
    const first = await manager.start();
    await waitFor('tunnel sockets', () => server.connectedSockets('stable-hooks') > 0);

    const ms = await restartAndWait(server, manager, rec, ['stable-hooks']);
    console.log(`[tunnel] reconnected after a server restart (subdomain taken, one re-claim attempt) in ${ms} ms`);
    const now = manager.status();
    expect(now).toMatchObject({ state: 'online', subdomainMismatch: true, previousUrl: first.url });
    expect(idOf(now.url)).not.toBe('stable-hooks');
    expect(now.reason).toMatch(/"stable-hooks" was not granted/);
    expect(rec.urlChanges()).toEqual([{ url: now.url, previousUrl: first.url }]);
  });

  it('notices a tunnel the server silently forgot (liveness probe) and registers afresh', async () => {
    const { server, manager, rec } = await setup();
    const first = await manager.start();
    const id = idOf(first.url);
    await waitFor('tunnel sockets', () => server.connectedSockets(id) > 0);
    server.forget(id); // sockets stay open: the client sees nothing wrong

    await waitFor('a fresh registration', () => manager.status().state === 'online' && manager.status().url !== first.url, 20_000);
    const lost = rec.events.find((e) => e.type === 'tunnel' && e.tunnel.state === 'reconnecting');
    expect(lost?.type === 'tunnel' && lost.tunnel.reason).toMatch(/no longer routes .* \(404\)/);
    expect(rec.urlChanges()).toEqual([{ url: manager.status().url, previousUrl: first.url }]);
    expect((await server.publicRequest(idOf(manager.status().url), { path: '/healthz' })).status).toBe(200);
  });
});

describe('tunnel manager: server down for a while', () => {
  it('backs off, reports error after repeated failures, and comes back online when the server does', async () => {
    const { server, manager, rec } = await setup('stable-hooks');
    const first = await manager.start();
    await waitFor('tunnel sockets', () => server.connectedSockets('stable-hooks') > 0);

    await server.stop();
    await waitFor('error after repeated failed attempts', () => manager.status().state === 'error', 10_000);
    const err = manager.status();
    expect(err.reason).toMatch(/refused the connection/);
    expect(err.nextRetryAt).toBeDefined();
    expect(err.url).toBeUndefined(); // webhook URLs fall back to the local listener meanwhile
    const t0 = performance.now();
    await server.restart();
    await waitFor('back online', () => manager.status().state === 'online', 10_000);
    console.log(`[tunnel] online ${Math.round(performance.now() - t0)} ms after the server came back (backoff max ${FAST_TIMING.backoffMaxMs} ms)`);
    expect(manager.status().url).toBe(first.url);
    expect(rec.states()).toEqual(['connecting', 'online', 'reconnecting', 'error', 'online']);
    // the retry times announced while failing grow (backoff)
    const retryGaps = rec.events
      .flatMap((e) => (e.type === 'tunnel' && e.tunnel.nextRetryAt ? [e.tunnel] : []))
      .filter((t) => /refused/.test(t.reason ?? ''));
    expect(retryGaps.length).toBeGreaterThanOrEqual(3);
  });
});

describe('tunnel manager: production timing', () => {
  it('a server restart that takes a moment is bridged by the first backoff step', async () => {
    // as for a tunnel that had been up a while (a loss right after coming up counts as flapping)
    const { server, manager, rec } = await setup('prod-timing', undefined, { ...DEFAULT_TUNNEL_TIMING, stableAfterMs: 0 });
    const first = await manager.start();
    await waitFor('tunnel sockets', () => server.connectedSockets('prod-timing') > 0);
    const t0 = performance.now();
    await server.stop();
    await waitFor('the immediate re-registration to be refused', () => manager.status().nextRetryAt !== undefined, 5_000);
    await server.restart();
    await waitFor('back online', () => manager.status().state === 'online', 5_000);
    console.log(
      `[tunnel] default timing: server killed → tunnel back online on the same URL in ${Math.round(performance.now() - t0)} ms ` +
        `(first retry after ${DEFAULT_TUNNEL_TIMING.backoffBaseMs / 2}–${DEFAULT_TUNNEL_TIMING.backoffBaseMs} ms)`,
    );
    expect(manager.status().url).toBe(first.url);
    expect(rec.states()).toEqual(['connecting', 'online', 'reconnecting', 'online']);
  });
});
