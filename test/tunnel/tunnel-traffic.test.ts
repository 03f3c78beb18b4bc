import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { httpLivenessProbe, type ProbeOutcome } from '../../electron/core/tunnel/liveness-probe';
import { idOf, sha256, waitFor } from './helpers';
import { useTunnelRig } from './tunnel-rig';

const rig = useTunnelRig();

describe('traffic through the tunnel', () => {
  it('a 100 KB body and 20 concurrent deliveries arrive byte for byte', async () => {
    const { server: srv, app: local } = await rig.open();
    const { manager } = rig.manage();
    const id = idOf((await manager.start()).url);
    await waitFor('all tunnel sockets', () => srv.connectedSockets(id) === 10);

    const big = randomBytes(100 * 1024);
    const one = await srv.publicRequest(id, { method: 'POST', path: '/echo', body: big, headers: { 'content-type': 'application/octet-stream' } });
    expect(one.status).toBe(200);
    expect(JSON.parse(one.body.toString())).toEqual({ sha256: sha256(big), length: big.length });

    // 20 at once over 10 tunnel sockets: some wait for a socket, none may be mixed up
    const bodies = Array.from({ length: 20 }, (_, i) => randomBytes(1024 * (5 * i + 3)));
    const t0 = performance.now();
    const answers = await Promise.all(
      bodies.map((body) => srv.publicRequest(id, { method: 'POST', path: '/echo', body, headers: { 'content-type': 'application/octet-stream' } })),
    );
    console.log(`[tunnel] 20 concurrent deliveries (${Math.round(bodies.reduce((n, b) => n + b.length, 0) / 1024)} KB) relayed in ${Math.round(performance.now() - t0)} ms`);
    answers.forEach((answer, i) => {
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body.toString())).toEqual({ sha256: sha256(bodies[i]), length: bodies[i].length });
    });
    expect(local.seen.filter((r) => r.path === '/echo')).toHaveLength(21);
    expect(manager.status().state).toBe('online');
  });

  it('a public name that does not resolve from here is reported, not reconnected over', async () => {
    const { server: srv } = await rig.open({ urlHost: 'hooks.nowhere.invalid' });
    const outcomes: ProbeOutcome[] = [];
    const probe = httpLivenessProbe({ timeoutMs: 2_000 });
    const { manager } = rig.manage({
      probe: async (url, signal) => {
        const outcome = await probe(url, signal);
        outcomes.push(outcome);
        return outcome;
      },
    });
    const status = await manager.start();
    expect(status.url).toMatch(/^http:\/\/[a-z]+-[a-z]+-\d+\.hooks\.nowhere\.invalid$/);
    await waitFor('three liveness probes', () => outcomes.length >= 3);
    expect(outcomes.every((o) => o.kind === 'unresolvable')).toBe(true);
    expect(manager.status()).toMatchObject({ state: 'online', url: status.url });
    expect(manager.status().reason).toMatch(/does not resolve from this machine/);
    expect(srv.registrations).toHaveLength(1);
  });
});
