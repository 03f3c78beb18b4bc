/**
 * Bitbucket Server / Data Center (docs/webhooks.md, "Bitbucket Server / Data Center") against the real listener over real
 * HTTP: detected by `repo:refs_changed` + X-Request-Id, verified with X-Hub-Signature, parsed
 * into a deploy request that carries the keyword check for the job (the payload lists no commit
 * messages); tags, deletions and pings are answered with reasons. test/deploy/bitbucket-server-
 * deploy.test.ts takes such a push through a real checkout and build.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FROM, HTTP_CLONE, TO, ZERO, bitbucketServerHeaders, refsChanged } from './bitbucket-server-payload';
import { DEFAULT_SECRET, addComponent, send, startEnv } from './fixtures';
import type { TestEnv } from './fixtures';

let env: TestEnv;
beforeAll(async () => {
  env = await startEnv({ writeDelayMs: 0 });
});
afterAll(async () => env.close());
beforeEach(() => {
  env.scheduler.requests.length = 0;
});

describe('Bitbucket Server / Data Center', () => {
  it('a signed branch push is queued with the keyword check for the job (the payload has no messages)', async () => {
    const c = await addComponent(env, { repo: 'https://bitbucket.example.com/scm/shop/orders.git', keyword: 'deploy' });
    const body = JSON.stringify(refsChanged());
    const res = await send(env.url, { path: c.path('git'), headers: bitbucketServerHeaders(body, DEFAULT_SECRET, 'repo:refs_changed', 'req-1'), body });
    expect(res.status, res.text).toBe(202);
    expect(env.scheduler.requests[0]).toMatchObject({
      componentId: c.component.id,
      target: { commit: TO, branch: 'main', keywordCheck: { keyword: 'deploy', since: FROM } },
      trigger: { kind: 'git', provider: 'bitbucket-server', deliveryId: 'req-1', ref: 'refs/heads/main', pusher: 'sunli' },
    });
    expect(env.store.data.deliveries[0]).toMatchObject({ provider: 'bitbucket-server', event: 'repo:refs_changed', verified: true, outcome: 'queued' });
    expect(env.store.data.deliveries[0].reason).toMatch(/looks for "@deploy" in the pushed commits in the repository/);
    // the same X-Request-Id again is a duplicate
    const again = await send(env.url, { path: c.path('git'), headers: bitbucketServerHeaders(body, DEFAULT_SECRET, 'repo:refs_changed', 'req-1'), body });
    expect(again.json).toEqual({ status: 'duplicate' });
  });

  it('matches by the ssh clone URL too; a new branch (no previous head) checks the pushed commit; Data Center 8 head messages count', async () => {
    const c = await addComponent(env, { repo: 'ssh://git@bitbucket.example.com:7999/shop/orders.git', keyword: 'deploy', branch: 'release/2.x' });
    const created = JSON.stringify(refsChanged({ ref: 'release/2.x', type: 'ADD', from: ZERO }));
    expect((await send(env.url, { path: c.path('git'), headers: bitbucketServerHeaders(created, DEFAULT_SECRET), body: created })).status).toBe(202);
    expect(env.scheduler.requests[0].target).toEqual({ commit: TO, branch: 'release/2.x', keywordCheck: { keyword: 'deploy' } });
    const withHead = JSON.stringify(refsChanged({ ref: 'release/2.x', toCommit: { id: TO, message: 'Ship it @deploy' } }));
    expect((await send(env.url, { path: c.path('git'), headers: bitbucketServerHeaders(withHead, DEFAULT_SECRET), body: withHead })).status).toBe(202);
    expect(env.scheduler.requests[1].target).toEqual({ commit: TO, branch: 'release/2.x' });
  });

  it('ignores tags, deletions and pings with a reason', async () => {
    const c = await addComponent(env, { repo: HTTP_CLONE, keyword: 'deploy' });
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [refsChanged({ ref: 'v1.4.0', refType: 'TAG', from: ZERO, type: 'ADD' }), 'repo:refs_changed', /^tag push \("v1\.4\.0"\); this component follows branch "main"$/],
      [refsChanged({ type: 'DELETE', to: ZERO }), 'repo:refs_changed', /^branch "main" was deleted$/],
      [{ test: true }, 'diagnostics:ping', /^ping$/],
      [refsChanged(), 'pr:opened', /is not a push/],
    ];
    for (const [payload, event, reason] of cases) {
      const body = JSON.stringify(payload);
      const res = await send(env.url, { path: c.path('git'), headers: bitbucketServerHeaders(body, DEFAULT_SECRET, event), body });
      expect(res.status, res.text).toBe(200);
      expect(res.json?.status).toBe('ignored');
      expect(String(res.json?.reason)).toMatch(reason);
    }
    expect(env.scheduler.requests).toHaveLength(0);
  });

  it('a wrong or missing signature is 401, never an unknown provider', async () => {
    const c = await addComponent(env, { repo: HTTP_CLONE });
    const body = JSON.stringify(refsChanged());
    const wrong = await send(env.url, { path: c.path('git'), headers: bitbucketServerHeaders(body, 'not-the-secret'), body });
    expect(wrong.status).toBe(401);
    const missing = await send(env.url, { path: c.path('git'), headers: bitbucketServerHeaders(body, undefined), body });
    expect(missing.status).toBe(401);
    expect(env.store.data.deliveries[0]).toMatchObject({ provider: 'bitbucket-server', status: 401, reason: 'no X-Hub-Signature header, but the component has a webhook secret' });
    expect(env.scheduler.requests).toHaveLength(0);
  });

  it('Bitbucket Cloud is still told apart by its X-Request-UUID / X-Hook-UUID', async () => {
    const c = await addComponent(env, { repo: HTTP_CLONE });
    const body = JSON.stringify(refsChanged());
    const headers = { ...bitbucketServerHeaders(body, DEFAULT_SECRET), 'x-hook-uuid': '{hook}', 'x-event-key': 'repo:push' };
    const res = await send(env.url, { path: c.path('git'), headers, body });
    expect(env.store.data.deliveries[0]).toMatchObject({ provider: 'bitbucket' });
    expect(res.status).toBe(400);
  });
});
