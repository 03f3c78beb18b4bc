import { describe, expect, it } from 'vitest';
import { HEALTH_BODY } from '../../electron/core/webhooks/health-answer';
import { idOf, waitFor } from './helpers';
import { useTunnelRig } from './tunnel-rig';

const rig = useTunnelRig();

async function setup(subdomain?: string) {
  const { server, app } = await rig.open();
  return { server, app, ...rig.manage({ subdomain }) };
}

describe('tunnel manager against a loopback localtunnel server', () => {
  it('goes online with a random name; the public URL reaches only the local app', async () => {
    const { server, app, manager, rec } = await setup();
    const status = await manager.start();
    expect(status.state).toBe('online');
    expect(status.url).toMatch(new RegExp(`^http://[a-z]+-[a-z]+-\\d+\\.localhost:${server.apiPort}$`));
    expect(rec.states()).toEqual(['connecting', 'online']);
    const id = idOf(status.url);

    const health = await server.publicRequest(id, { path: '/healthz' });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body.toString())).toEqual(HEALTH_BODY);
    const control = await server.publicRequest(id, { path: '/api/status' });
    expect(control.status).toBe(404);
    // like the real server, the tunnel adds no X-Forwarded-For (docs/tunnel.md, "Measured against the real server")
    expect(app.seen.find((r) => r.path === '/api/status')).toMatchObject({ forwardedFor: undefined });
    expect(rec.urlChanges()).toEqual([]);
  });

  it('keeps a requested subdomain when it is free', async () => {
    const { server, manager } = await setup('myhooks');
    const status = await manager.start();
    expect(status).toMatchObject({ state: 'online', url: `http://myhooks.localhost:${server.apiPort}`, subdomainMismatch: false });
    expect((await server.publicRequest('myhooks', { path: '/healthz' })).status).toBe(200);
  });

  it('reports a requested subdomain that is taken, after trying once more', async () => {
    const { server, manager, rec } = await setup('taken-name');
    server.reserve('taken-name');
    const status = await manager.start();
    expect(status.state).toBe('online');
    expect(status.subdomainMismatch).toBe(true);
    expect(idOf(status.url)).not.toBe('taken-name');
    expect(status.reason).toMatch(/requested subdomain "taken-name" was not granted/);
    expect(server.registrations).toEqual(['taken-name', 'taken-name']);
    // the first refused grant was closed again; only the accepted one is left on the server
    await waitFor('the discarded tunnel to expire', () => server.tunnelIds().length === 1);
    expect(rec.events.some((e) => e.type === 'tunnel' && /trying again/.test(e.tunnel.reason ?? ''))).toBe(true);
  });

  it('stop() closes the tunnel: the server drops it and the status is off', async () => {
    const { server, manager, rec } = await setup();
    const { url } = await manager.start();
    const id = idOf(url);
    await waitFor('tunnel sockets', () => server.connectedSockets(id) > 0);
    const off = await manager.stop();
    expect(off.state).toBe('off');
    expect(off.url).toBeUndefined();
    await waitFor('server to drop the tunnel', () => server.connectedSockets(id) === 0 && !server.tunnelIds().includes(id));
    expect((await server.publicRequest(id, { path: '/healthz' })).status).toBe(404);
    expect(rec.states()).toEqual(['connecting', 'online', 'off']);
    // start again after stop works and is a new tunnel
    const again = await manager.start();
    expect(again.state).toBe('online');
  });

  it('restart() applies changed settings: a new subdomain is a reported URL change', async () => {
    const { server: srv } = await rig.open();
    const settings = { host: srv.host, subdomain: 'first-name' as string | undefined, autoStart: false };
    const { manager, rec } = rig.manage({ settings: () => settings });
    expect(await manager.restart()).toEqual({ state: 'off', host: srv.host, requestedSubdomain: 'first-name' }); // off stays off
    const first = await manager.start();
    settings.subdomain = 'second-name';
    const second = await manager.restart();
    expect(second).toMatchObject({ state: 'online', url: `http://second-name.localhost:${srv.apiPort}`, previousUrl: first.url });
    expect(rec.urlChanges()).toEqual([{ url: second.url, previousUrl: first.url }]);
    expect(rec.states()).toEqual(['connecting', 'online', 'off', 'connecting', 'online']);
    await manager.stop();
    settings.subdomain = undefined;
    settings.host = 'https://tunnel.example.org/';
    // status while off shows the settings a start would use
    expect(manager.status()).toEqual({ state: 'off', host: 'https://tunnel.example.org', previousUrl: first.url, urlChangedAt: second.urlChangedAt });
  });

  it('a URL known from an earlier run: the same grant is no change, a different one is reported', async () => {
    const { server: srv } = await rig.open();
    const run = async (knownUrl: string) => {
      const calls: [string | undefined, string | undefined][] = [];
      const { manager: m, rec } = rig.manage({ subdomain: 'kept-name', knownUrl, onUrlChange: (url, previous) => calls.push([url, previous]) });
      const status = await m.start();
      await m.close();
      await waitFor('the name to be free again', () => !srv.tunnelIds().includes('kept-name'));
      return { status, changes: rec.urlChanges(), calls };
    };
    const url = `http://kept-name.localhost:${srv.apiPort}`;
    const same = await run(url);
    expect(same.changes).toEqual([]);
    expect(same.calls).toEqual([]);
    expect(same.status.previousUrl).toBeUndefined();

    const old = `http://old-name.localhost:${srv.apiPort}`;
    const changed = await run(old);
    expect(changed.changes).toEqual([{ url, previousUrl: old }]);
    expect(changed.calls).toEqual([[url, old]]);
    expect(changed.status).toMatchObject({ url, previousUrl: old });
  });
});
