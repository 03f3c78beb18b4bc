import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { httpCall } from '../support/lt-server';
import { freePort } from '../support/registry';
import { waitFor, type Recorder } from './helpers';
import { useTunnelRig, type ManageOptions } from './tunnel-rig';

const rig = useTunnelRig();

/** A local app and a manager for `host` (which may be no tunnel server at all). */
async function managerFor(host: string, opts: Omit<ManageOptions, 'host'> = {}) {
  const app = await rig.startApp();
  return { ...rig.manage({ ...opts, host }), app };
}

const retriesSeen = (rec: Recorder) =>
  new Set(rec.events.flatMap((e) => (e.type === 'tunnel' && e.tunnel.nextRetryAt ? [e.tunnel.nextRetryAt] : []))).size;

describe('tunnel manager: failures', () => {
  it('server unreachable at start: error with a clear reason, retries go on, the local listener keeps working, then online', async () => {
    const port = await freePort();
    const { manager, rec, app } = await managerFor(`http://localhost:${port}`);
    const status = await manager.start();
    expect(status.state).toBe('error');
    expect(status.reason).toBe(`tunnel server http://localhost:${port} refused the connection (is it running?)`);
    expect(status.nextRetryAt).toBeDefined();

    expect((await httpCall(app.port, `127.0.0.1:${app.port}`, { path: '/healthz' })).status).toBe(200);
    await waitFor('three retries', () => retriesSeen(rec) >= 3);
    expect(manager.status().state).toBe('error');

    await rig.startServer({ port });
    const online = await waitFor('online once the server exists', () => manager.status().state === 'online' && manager.status(), 10_000);
    expect(online.url).toMatch(new RegExp(`\\.localhost:${port}$`));
    expect(online.reason).toBeUndefined();
  });

  it('a 5xx registration answer is retried with backoff and its status shown', async () => {
    const server = await rig.startServer();
    server.registration = { kind: 'status', status: 503, message: 'Tunnel Unavailable' };
    const { manager, rec } = await managerFor(server.host);
    const status = await manager.start();
    expect(status).toMatchObject({ state: 'error', reason: `tunnel server ${server.host} answered 503: Tunnel Unavailable` });
    await waitFor('retries', () => server.registrations.length >= 3);
    server.registration = { kind: 'ok' };
    await waitFor('online after the server recovers', () => manager.status().state === 'online', 10_000);
    expect(retriesSeen(rec)).toBeGreaterThanOrEqual(2);
  });

  it('a 4xx (invalid name) is a permanent error with the server message, not retried', async () => {
    const server = await rig.startServer();
    // a server with a stricter rule than the reference server's (which settings already apply)
    server.registration = { kind: 'status', status: 403, message: 'Invalid subdomain. Subdomains must be lowercase and between 4 and 63 alphanumeric characters.' };
    const { manager } = await managerFor(server.host, { subdomain: 'stricter-server' });
    const status = await manager.start();
    expect(status.state).toBe('error');
    expect(status.reason).toBe(
      'tunnel server rejected the registration (403): Invalid subdomain. Subdomains must be lowercase and between 4 and 63 alphanumeric characters.',
    );
    expect(status.nextRetryAt).toBeUndefined();
    const seen = server.registrations.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(server.registrations.length).toBe(seen);
  });

  it('a non-200 2xx answer fails at once with the server message', async () => {
    const server = await rig.startServer();
    server.registration = { kind: 'status', status: 201, message: 'quota exceeded' };
    const { manager } = await managerFor(server.host);
    expect(await manager.start()).toMatchObject({ state: 'error', reason: 'tunnel server refused the tunnel (201): quota exceeded' });
  });

  it('a registration that never answers is given up after the bound and retried', async () => {
    const server = await rig.startServer();
    server.registration = { kind: 'hang' };
    const { manager } = await managerFor(server.host, { timing: { registerTimeoutMs: 500 } });
    const status = await manager.start();
    expect(status).toMatchObject({ state: 'error', reason: `no answer from tunnel server ${server.host} within 0.5 s` });
    await waitFor('a second hanging attempt', () => server.registrations.length >= 2);
  });

  it('registered, but the tunnel sockets cannot connect (silently, not refused): bounded, then retried', async () => {
    // the client reports only refused sockets; a socket that fails otherwise just disappears
    const server = await rig.startServer({ tunnelIp: 'tunnel-sockets.nowhere.invalid' });
    const { manager } = await managerFor(server.host, { timing: { registerTimeoutMs: 800 } });
    const status = await manager.start();
    expect(status.state).toBe('error');
    expect(status.reason).toMatch(/^the tunnel server registered "[a-z]+-[a-z]+-\d+" but no tunnel connection to port \d+ came up within 0\.\d s$/);
    await waitFor('a retry', () => server.registrations.length >= 2);
  });

  it('tunnel sockets that silently vanish (never replaced by the client) are caught by the no-socket watchdog', async () => {
    // with an unresolvable local host the client ends each tunnel socket after it connected and
    // does not open a replacement (TunnelCluster drops the slot): no error event, no close
    const server = await rig.startServer();
    // the liveness probe would notice too (the relay fails); keep it quiet to test the watchdog
    const { manager, rec } = await managerFor(server.host, {
      localHost: () => 'local.nowhere.invalid',
      probe: async () => ({ kind: 'alive' }),
      timing: { stableAfterMs: 10_000 },
    });
    expect((await manager.start()).state).toBe('online');
    const lost = await waitFor('the watchdog', () =>
      rec.events.find((e) => e.type === 'tunnel' && e.tunnel.state === 'reconnecting'),
    );
    expect(lost.type === 'tunnel' && lost.tunnel.reason).toBe('no tunnel connection to the server for 1.5 s');
    // it keeps dying right after coming up: the next attempts wait (backoff) instead of looping
    const paused = await waitFor('a paused retry', () =>
      rec.events.find((e) => e.type === 'tunnel' && e.tunnel.state === 'reconnecting' && e.tunnel.nextRetryAt !== undefined),
    );
    expect(paused.type === 'tunnel' && paused.tunnel.reason).toMatch(/keeps dropping; pausing/);
    await waitFor('a fresh registration', () => server.registrations.length >= 2);
  });

  it('a tunnel server name that does not resolve says so', async () => {
    const { manager } = await managerFor('http://tunnel.nowhere.invalid');
    const status = await manager.start();
    expect(status).toMatchObject({ state: 'error', reason: 'tunnel server name tunnel.nowhere.invalid does not resolve (offline, or a typo in the host?)' });
  });

  it('bad settings are an error with the reason, no attempt made', async () => {
    const server = await rig.startServer();
    const notUrl = await managerFor('localhost:1234/');
    expect(await notUrl.manager.start()).toMatchObject({ state: 'error', reason: 'tunnel server "localhost:1234/" must be an http:// or https:// URL' });

    const badName = await managerFor(server.host, { subdomain: 'Bad_Name' });
    expect((await badName.manager.start()).reason).toMatch(/requested subdomain "Bad_Name": Invalid subdomain/);
    // a name saved under the earlier, looser rule: refused before any attempt, with the server's rule
    const hyphen = await managerFor(server.host, { subdomain: 'ab-cd' });
    expect((await hyphen.manager.start()).reason).toMatch(/requested subdomain "ab-cd": Invalid subdomain. Subdomains must be lowercase/);

    const noListener = await managerFor(server.host, { localPort: () => 0 });
    expect((await noListener.manager.start()).reason).toMatch(/webhook listener is not listening/);
    expect(server.registrations).toEqual([]);
  });

  it('a trailing slash on the host is tolerated (the client alone would retry forever)', async () => {
    const server = await rig.startServer();
    const { manager } = await managerFor(`${server.host}/`);
    expect((await manager.start()).state).toBe('online');
    expect(server.registrations).toEqual(['?new']);
  });

  it('a host that is not a localtunnel server (200 with a web page) is a clear permanent error', async () => {
    const web = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>hello</html>'));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    try {
      const host = `http://127.0.0.1:${(web.address() as { port: number }).port}`;
      const { manager } = await managerFor(host);
      expect(await manager.start()).toEqual({
        state: 'error',
        host,
        reason: `${host} answered 200 but not with a localtunnel registration (is it a localtunnel server?)`,
      });
    } finally {
      await new Promise((r) => web.close(r));
    }
  });
});
