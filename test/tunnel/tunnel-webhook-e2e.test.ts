/**
 * End to end through the real webhook listener: a signed GitHub push sent to the tunnel's
 * public URL reaches the listener (real store, sealer, hook lookup, HMAC check) and is queued;
 * anything but the hook and health paths, the control API's included, is a 404.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { httpLivenessProbe, type ProbeOutcome } from '../../electron/core/tunnel/liveness-probe';
import type { TunnelManager } from '../../electron/core/tunnel/tunnel-manager';
import type { LtServer } from '../support/lt-server';
import { idOf, waitFor } from './helpers';
import { pushThrough, type HookListener } from './hook-listener';
import { useTunnelRig } from './tunnel-rig';

const SECRET = 'tunnel-e2e-secret-0123456789';

const rig = useTunnelRig('all');
let listener: HookListener;
let server: LtServer;
let manager: TunnelManager;
const defaultProbe = httpLivenessProbe();
const probes: ProbeOutcome[] = [];

beforeAll(async () => {
  listener = await rig.listen(SECRET);
  server = await rig.startServer();
  ({ manager } = rig.manage({
    subdomain: 'shop-hooks',
    probe: async (url, signal) => {
      const outcome = await defaultProbe(url, signal);
      probes.push(outcome);
      return outcome;
    },
  }));
  expect((await manager.start()).state).toBe('online');
});

const deliveries = () => listener.env.store.data.deliveries;

describe('tunnel → real webhook listener', () => {
  it('a signed GitHub push to the public URL is accepted (202) and queued', async () => {
    const id = idOf(manager.status().url);
    expect(id).toBe('shop-hooks');
    const answer = await pushThrough(server, id, listener);
    expect(answer.status).toBe(202);
    expect(JSON.parse(answer.body.toString())).toMatchObject({ status: 'queued' });
    expect(listener.scheduler.requests).toHaveLength(1);
    expect(listener.scheduler.requests[0]).toMatchObject({ componentId: listener.component.id });
    // the delivery log (written after the answer): behind the tunnel every sender is the
    // tunnel client on loopback, and no forwarded address is added
    await waitFor('the delivery record', () => deliveries().length === 1);
    expect(deliveries()[0]).toMatchObject({ status: 202, outcome: 'queued', remoteAddress: '127.0.0.1', verified: true });
    expect(deliveries()[0].forwardedFor).toBeUndefined();
  });

  it('a push with a wrong signature through the tunnel is 401 and queues nothing', async () => {
    const before = listener.scheduler.requests.length;
    const answer = await pushThrough(server, 'shop-hooks', listener, { secret: 'wrong' });
    expect(answer.status).toBe(401);
    expect(listener.scheduler.requests).toHaveLength(before);
  });

  it('the control API is not reachable through the tunnel: 404', async () => {
    for (const path of ['/api/status', '/status', '/components', '/api/components']) {
      const answer = await server.publicRequest('shop-hooks', { path, headers: { authorization: 'Bearer whatever' } });
      expect(answer.status, path).toBe(404);
    }
    expect((await server.publicRequest('shop-hooks', { path: '/healthz' })).status).toBe(200);
  });

  it('the liveness probe goes through the tunnel to the listener and finds it alive', async () => {
    await waitFor('two liveness probes', () => probes.length >= 2);
    expect(probes.slice(0, 2)).toEqual([{ kind: 'alive' }, { kind: 'alive' }]);
    // only the two pushes above are deliveries: probes of /healthz leave no trace in the log
    await waitFor('both delivery records', () => deliveries().length >= 2);
    expect(deliveries()).toHaveLength(2);
    expect(manager.status()).toMatchObject({ state: 'online', subdomainMismatch: false });
    expect(manager.status().reason).toBeUndefined();
  });
});
