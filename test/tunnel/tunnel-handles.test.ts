/**
 * After close() the manager leaves nothing behind: no timer, no socket, no pending request —
 * even when closed in the middle of a hanging registration with retries scheduled.
 */
import { expect, it } from 'vitest';
import { idOf, waitFor } from './helpers';
import { TunnelRig } from './tunnel-rig';

function resourceCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) counts.set(r, (counts.get(r) ?? 0) + 1);
  return counts;
}

/** Resource types that have more instances now than in `baseline`. */
function extra(baseline: Map<string, number>): string[] {
  return [...resourceCounts()].filter(([type, n]) => n > (baseline.get(type) ?? 0)).map(([type, n]) => `${type}×${n - (baseline.get(type) ?? 0)}`);
}

it('close() leaves no timers or sockets, even mid-registration with retries pending', async () => {
  await new Promise((r) => setTimeout(r, 50));
  const baseline = resourceCounts();

  // closed here step by step, not by an after-hook: the handles are counted between the steps
  const rig = new TunnelRig();
  const { server, app } = await rig.open();
  const withServers = resourceCounts();
  const { manager, rec } = rig.manage({ subdomain: 'leak-check' });
  const online = await manager.start();
  await waitFor('tunnel sockets', () => server.connectedSockets(idOf(online.url)) === 10);
  // traffic, then a restart whose re-registration never gets an answer
  expect((await server.publicRequest('leak-check', { path: '/healthz' })).status).toBe(200);
  server.registration = { kind: 'hang' };
  await server.restart();
  await waitFor('a hanging re-registration', () => server.registrations.length >= 2);
  expect(manager.status().state).toBe('reconnecting');
  expect(extra(baseline).length).toBeGreaterThan(0); // the check below can see handles

  await manager.close();
  expect(manager.status().state).toBe('off');
  await expect(manager.start()).rejects.toThrow(/closed/);
  // with the servers still up (and the registration still unanswered), only the manager's
  // own handles can go away here: its request, its tunnel sockets, its timers
  // (well inside registerTimeoutMs: an unaborted registration would still be holding on)
  const afterClose = await waitFor('manager handles released', () => extra(withServers).length === 0 || undefined, 1_000).catch(() => extra(withServers));
  expect(afterClose).toBe(true);

  await server.stop();
  await app.close();
  rec.stop();

  // sockets close asynchronously; give them a moment, then nothing may remain
  const leftover = await waitFor('all handles released', () => extra(baseline).length === 0 || undefined, 3_000).catch(() => extra(baseline));
  expect(leftover).toBe(true);
});
