/**
 * Every git provider against the real listener over real HTTP: GitHub with the octokit
 * example payloads, the others with their documented examples and signature schemes (docs/webhooks.md).
 */
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { giteeSignature } from '../../electron/core/webhooks/providers/gitee';
import { COMMIT_A, DEFAULT_SECRET, addComponent, githubHeaders, githubPush, hmacHex, send, startEnv } from './fixtures';
import type { TestEnv } from './fixtures';

interface Example {
  name: string;
  examples: Record<string, unknown>[];
}
const octokit = createRequire(import.meta.url)('@octokit/webhooks-examples/api.github.com/index.json') as Example[];
const examples = (name: string) => octokit.find((e) => e.name === name)!.examples;

let env: TestEnv;
let now = Date.now();
beforeAll(async () => {
  env = await startEnv({ clock: () => now });
});
afterAll(async () => env.close());
beforeEach(() => {
  env.scheduler.requests.length = 0;
  now = Date.now();
});

describe('GitHub', () => {
  it('deploys the octokit push examples that push a branch, signed over the raw JSON body', async () => {
    const c = await addComponent(env, { repo: 'git@github.com:Codertocat/Hello-World.git', branch: 'master' });
    const branchPushes = examples('push').filter((e) => String(e.ref).startsWith('refs/heads/'));
    expect(branchPushes.length).toBeGreaterThan(0);
    for (const payload of branchPushes) {
      const body = JSON.stringify(payload, null, 2);
      const res = await send(env.url, { path: c.path('git'), headers: githubHeaders('push', body, DEFAULT_SECRET), body });
      expect(res.status, res.text).toBe(202);
      expect(res.json?.status).toBe('queued');
      expect(res.json?.deployId).toMatch(/^d_/);
    }
    const req = env.scheduler.requests[0];
    expect(req.componentId).toBe(c.component.id);
    expect(req.target).toEqual({ commit: branchPushes[0].after, branch: 'master' });
    expect(req.trigger).toMatchObject({ kind: 'git', provider: 'github', ref: 'refs/heads/master', pusher: 'Codertocat', message: 'Initial commit' });
  });

  it('ignores the octokit tag pushes and deletions, with reasons', async () => {
    const c = await addComponent(env, { repo: 'https://github.com/Codertocat/Hello-World', branch: 'master' });
    for (const payload of examples('push').filter((e) => String(e.ref).startsWith('refs/tags/'))) {
      const body = JSON.stringify(payload);
      const res = await send(env.url, { path: c.path('git'), headers: githubHeaders('push', body, DEFAULT_SECRET), body });
      expect(res.status).toBe(200);
      expect(res.json?.status).toBe('ignored');
      expect(String(res.json?.reason)).toMatch(/tag push \("simple-tag"\); this component follows branch "master"/);
    }
    const deletion = JSON.stringify(githubPush({ ref: 'refs/heads/main', deleted: true }));
    const d = await addComponent(env, {});
    const res = await send(env.url, { path: d.path('git'), headers: githubHeaders('push', deletion, DEFAULT_SECRET), body: deletion });
    expect(res.json).toEqual({ status: 'ignored', reason: 'branch "main" was deleted' });
    expect(env.scheduler.requests).toHaveLength(0);
  });

  it('answers every octokit ping with 200 ignored', async () => {
    const c = await addComponent(env, {});
    for (const payload of examples('ping')) {
      const body = JSON.stringify(payload);
      const res = await send(env.url, { path: c.path('git'), headers: githubHeaders('ping', body, DEFAULT_SECRET), body });
      expect(res.json).toEqual({ status: 'ignored', reason: 'ping' });
    }
  });

  it('accepts form deliveries, verifying the encoded form bytes', async () => {
    const c = await addComponent(env, { keyword: 'deploy' });
    const body = `payload=${encodeURIComponent(JSON.stringify(githubPush({ messages: ['one', 'two @deploy please'] })))}`;
    const headers = { ...githubHeaders('push', body, DEFAULT_SECRET), 'content-type': 'application/x-www-form-urlencoded' };
    const res = await send(env.url, { path: c.path('git'), headers, body });
    expect(res.status, res.text).toBe(202);
    expect(env.scheduler.requests[0].target).toEqual({ commit: COMMIT_A, branch: 'main' });
    // Signing the decoded JSON instead of the form body is wrong for GitHub.
    const wrong = { ...headers, 'x-hub-signature-256': `sha256=${hmacHex(DEFAULT_SECRET, decodeURIComponent(body.slice(8)))}` };
    expect((await send(env.url, { path: c.path('git'), headers: wrong, body })).status).toBe(401);
  });

  it('checks the keyword over every commit of the push', async () => {
    const c = await addComponent(env, { keyword: 'deploy' });
    const send2 = (messages: string[]) => {
      const body = JSON.stringify(githubPush({ messages }));
      return send(env.url, { path: c.path('git'), headers: githubHeaders('push', body, DEFAULT_SECRET), body });
    };
    expect((await send2(['first @deploy', 'second'])).status).toBe(202);
    const none = await send2(['first', 'second @Deploy', 'deploy without at']);
    expect(none.json).toEqual({ status: 'ignored', reason: 'no commit message of the push contains "@deploy"' });
  });
});

describe('Gitee', () => {
  // docs/webhooks.md "Gitee", signature mode, secret "example-secret".
  const giteeExample = {
    hook_name: 'push_hooks',
    password: '',
    timestamp: '1741070045123',
    sign: 'eni4QHVwP/y3BB7L9Txp13lxsE8HQenehcMnjcmjBbc=',
    ref: 'refs/heads/release',
    before: '9cb8f11b27b0efaa986938b597c54988d6272887',
    after: '996d315d680aebb586ec81e0c0725f79d8d002e3',
    created: false,
    deleted: false,
    head_commit: { id: '996d315d680aebb586ec81e0c0725f79d8d002e3', message: 'release: bump to 1.4.2\n' },
    commits: [{ id: '996d315d680aebb586ec81e0c0725f79d8d002e3', message: 'release: bump to 1.4.2\n' }],
    pusher: { name: 'zhangsan', email: 'zs@example.com', username: 'zhangsan' },
    repository: {
      full_name: 'acme/mall',
      path_with_namespace: 'acme/mall',
      html_url: 'https://gitee.com/acme/mall',
      clone_url: 'https://gitee.com/acme/mall.git',
      ssh_url: 'git@gitee.com:acme/mall.git',
    },
  };
  const body = JSON.stringify(giteeExample);
  const headers = (token: string, timestamp = '1741070045123') => ({
    'content-type': 'application/json',
    'user-agent': 'git-oschina-hook',
    'x-gitee-event': 'Push Hook',
    'x-gitee-timestamp': timestamp,
    'x-gitee-token': token,
  });

  it('accepts the documented signature, plain and URL-encoded, inside the skew window', async () => {
    const c = await addComponent(env, { repo: 'git@gitee.com:acme/mall.git', branch: 'release', secret: 'example-secret' });
    now = 1741070045123 + 60_000;
    const plain = await send(env.url, { path: c.path('git'), headers: headers(giteeExample.sign), body });
    expect(plain.status, plain.text).toBe(202);
    const encoded = await send(env.url, { path: c.path('git'), headers: headers(encodeURIComponent(giteeExample.sign)), body });
    expect(encoded.status).toBe(202);
    expect(env.scheduler.requests[0]).toMatchObject({
      target: { commit: '996d315d680aebb586ec81e0c0725f79d8d002e3', branch: 'release' },
      trigger: { provider: 'gitee', pusher: 'zhangsan', message: 'release: bump to 1.4.2' },
    });
  });

  it('refuses a stale timestamp, a wrong signature, and no token', async () => {
    const c = await addComponent(env, { repo: 'https://gitee.com/acme/mall', branch: 'release', secret: 'example-secret' });
    now = 1741070045123 + 2 * 60 * 60 * 1000;
    expect((await send(env.url, { path: c.path('git'), headers: headers(giteeExample.sign), body })).status).toBe(401);
    now = 1741070045123;
    const ts = '1741070045124';
    expect((await send(env.url, { path: c.path('git'), headers: headers(giteeExample.sign, ts), body })).status).toBe(401);
    const { 'x-gitee-token': _omit, ...noToken } = headers('');
    expect((await send(env.url, { path: c.path('git'), headers: noToken, body })).status).toBe(401);
    expect(env.scheduler.requests).toHaveLength(0);
    expect(giteeSignature('example-secret', ts)).not.toBe(giteeExample.sign);
  });

  it('accepts password mode and ignores tag pushes for branch components', async () => {
    const c = await addComponent(env, { repo: 'https://gitee.com/acme/mall.git', branch: 'release', secret: 'gitee-password' });
    const { 'x-gitee-timestamp': _t, ...h } = headers('gitee-password');
    expect((await send(env.url, { path: c.path('git'), headers: h, body })).status).toBe(202);
    const tagBody = JSON.stringify({ ...giteeExample, hook_name: 'tag_push_hooks', ref: 'refs/tags/v1.4.2' });
    const res = await send(env.url, { path: c.path('git'), headers: { ...h, 'x-gitee-event': 'Tag Push Hook' }, body: tagBody });
    expect(res.json?.status).toBe('ignored');
    expect(String(res.json?.reason)).toMatch(/^tag push/);
  });
});

describe('GitLab', () => {
  // docs/webhooks.md "GitLab" (tag push), and the same project pushing a branch.
  const project = {
    id: 482,
    name: 'billing',
    namespace: 'platform',
    path_with_namespace: 'platform/billing',
    web_url: 'https://gitlab.example.com/platform/billing',
    git_http_url: 'https://gitlab.example.com/platform/billing.git',
    git_ssh_url: 'git@gitlab.example.com:platform/billing.git',
  };
  const tagPush = {
    object_kind: 'tag_push',
    before: '0000000000000000000000000000000000000000',
    after: '82b3d5ae55f7080f1e6022629cdb57bfae7cccc7',
    ref: 'refs/tags/v2.3.0',
    checkout_sha: '5e1d0c6a9f4b3a2c1d0e9f8a7b6c5d4e3f2a1b0c',
    user_name: 'Wang Fang',
    user_username: 'wangfang',
    project,
    commits: [],
    total_commits_count: 0,
  };
  const branchPush = {
    ...tagPush,
    object_kind: 'push',
    before: '82b3d5ae55f7080f1e6022629cdb57bfae7cccc7',
    ref: 'refs/heads/release/2.x',
    commits: [
      { id: '1111111111111111111111111111111111111111', message: 'older @ship' },
      { id: '5e1d0c6a9f4b3a2c1d0e9f8a7b6c5d4e3f2a1b0c', message: 'newest' },
    ],
  };
  const headers = (event: string, token?: string) => ({
    'content-type': 'application/json',
    'x-gitlab-event': event,
    'idempotency-key': `idem-${Math.random()}`,
    'x-gitlab-event-uuid': `uuid-${Math.random()}`,
    ...(token !== undefined ? { 'x-gitlab-token': token } : {}),
  });

  it('deploys a branch with a slash, using checkout_sha and the keyword from an older commit', async () => {
    const c = await addComponent(env, { repo: 'ssh://git@gitlab.example.com:2222/platform/billing.git', branch: 'release/2.x', keyword: 'ship' });
    const body = JSON.stringify(branchPush);
    const res = await send(env.url, { path: c.path('git'), headers: headers('Push Hook', DEFAULT_SECRET), body });
    expect(res.status, res.text).toBe(202);
    expect(env.scheduler.requests[0]).toMatchObject({
      target: { commit: '5e1d0c6a9f4b3a2c1d0e9f8a7b6c5d4e3f2a1b0c', branch: 'release/2.x' },
      trigger: { provider: 'gitlab', pusher: 'wangfang', message: 'newest', ref: 'refs/heads/release/2.x' },
    });
  });

  it('ignores the tag push, refuses a wrong or missing token', async () => {
    const c = await addComponent(env, { repo: 'https://gitlab.example.com/platform/billing', branch: 'main' });
    const body = JSON.stringify(tagPush);
    const ok = await send(env.url, { path: c.path('git'), headers: headers('Tag Push Hook', DEFAULT_SECRET), body });
    expect(ok.json).toEqual({ status: 'ignored', reason: 'tag push ("v2.3.0"); this component follows branch "main"' });
    expect((await send(env.url, { path: c.path('git'), headers: headers('Tag Push Hook', 'wrong'), body })).status).toBe(401);
    expect((await send(env.url, { path: c.path('git'), headers: headers('Tag Push Hook'), body })).status).toBe(401);
  });

  it('accepts the Standard Webhooks signing token', async () => {
    const key = Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');
    const c = await addComponent(env, { repo: 'https://gitlab.example.com/platform/billing', branch: 'release/2.x', secret: `whsec_${key}` });
    const body = JSON.stringify(branchPush);
    const ts = String(Math.floor(now / 1000));
    const sig = createHmacB64(Buffer.from(key, 'base64'), `msg_1.${ts}.${body}`);
    const h = { 'content-type': 'application/json', 'x-gitlab-event': 'Push Hook', 'webhook-id': 'msg_1', 'webhook-timestamp': ts, 'webhook-signature': `v1,${sig}` };
    expect((await send(env.url, { path: c.path('git'), headers: h, body })).status).toBe(202);
    expect((await send(env.url, { path: c.path('git'), headers: { ...h, 'webhook-signature': `v1,${sig.replace(/^./, 'A')}` }, body })).status).toBe(401);
  });
});

const createHmacB64 = (key: Buffer, msg: string) => createHmac('sha256', key).update(msg).digest('base64');

describe('Gitea, Forgejo and Gogs', () => {
  // docs/webhooks.md "Gitea and Forgejo" / "Gogs"; both pretty-print their JSON.
  const giteaPush = {
    ref: 'refs/heads/main',
    before: 'a1f0c3d2e4b5968778695a4b3c2d1e0f9a8b7c6d',
    after: '67b56589a45103f891bdee7c0546e5d40bc02001',
    head_commit: { id: '67b56589a45103f891bdee7c0546e5d40bc02001', message: 'gateway: raise upstream timeout\n' },
    commits: [{ id: '67b56589a45103f891bdee7c0546e5d40bc02001', message: 'gateway: raise upstream timeout\n' }],
    pusher: { id: 7, login: 'chenjie', username: 'chenjie' },
    repository: { full_name: 'ops/gateway', html_url: 'https://git.example.com/ops/gateway', clone_url: 'https://git.example.com/ops/gateway.git', ssh_url: 'git@git.example.com:ops/gateway.git' },
  };
  const gogsPush = {
    ref: 'refs/heads/master',
    before: '3b1d0e9a8c7f6e5d4c3b2a1908f7e6d5c4b3a291',
    after: 'b0a9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1',
    commits: [{ id: 'b0a9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1', message: 'Update footer\n' }],
    pusher: { id: 3, username: 'zhaomin', login: 'zhaomin' },
    repository: { full_name: 'web/site', html_url: 'https://gogs.example.com/web/site', clone_url: 'https://gogs.example.com/web/site.git', ssh_url: 'git@gogs.example.com:web/site.git' },
  };

  it('Gitea: X-Gitea-Signature over the JSON, for JSON and form deliveries', async () => {
    const c = await addComponent(env, { repo: 'https://git.example.com/ops/gateway.git' });
    const json = JSON.stringify(giteaPush, null, 2);
    const base = { 'x-gitea-event': 'push', 'x-gitea-delivery': 'f6266f16-1bf3-46a5-9ea4-602e06ead473', 'x-gogs-event': 'push', 'x-github-event': 'push' };
    const asJson = await send(env.url, { path: c.path('git'), headers: { ...base, 'content-type': 'application/json', 'x-gitea-signature': hmacHex(DEFAULT_SECRET, json) }, body: json });
    expect(asJson.status, asJson.text).toBe(202);
    const form = `payload=${encodeURIComponent(json)}`;
    const asForm = await send(env.url, {
      path: c.path('git'),
      headers: { ...base, 'x-gitea-delivery': 'other-id', 'content-type': 'application/x-www-form-urlencoded', 'x-gitea-signature': hmacHex(DEFAULT_SECRET, json) },
      body: form,
    });
    expect(asForm.status, asForm.text).toBe(202);
    expect(env.scheduler.requests[1]).toMatchObject({ target: { commit: giteaPush.after, branch: 'main' }, trigger: { provider: 'gitea', pusher: 'chenjie' } });
    const formSigned = { ...base, 'x-gitea-delivery': 'third', 'content-type': 'application/x-www-form-urlencoded', 'x-gitea-signature': hmacHex(DEFAULT_SECRET, form) };
    expect((await send(env.url, { path: c.path('git'), headers: formSigned, body: form })).status).toBe(401);
    // No secret configured on Gitea's side: empty signature header.
    expect((await send(env.url, { path: c.path('git'), headers: { ...base, 'x-gitea-signature': '' }, body: json })).status).toBe(401);
  });

  it('Forgejo is told apart and logged as such', async () => {
    const c = await addComponent(env, { repo: 'https://git.example.com/ops/gateway' });
    const json = JSON.stringify(giteaPush);
    const sig = hmacHex(DEFAULT_SECRET, json);
    const res = await send(env.url, {
      path: c.path('git'),
      headers: { 'content-type': 'application/json', 'x-forgejo-event': 'push', 'x-forgejo-signature': sig, 'x-gitea-event': 'push', 'x-gitea-signature': sig, 'x-forgejo-delivery': 'fj-1' },
      body: json,
    });
    expect(res.status).toBe(202);
    expect(env.scheduler.requests[0].trigger.provider).toBe('forgejo');
  });

  it('Gogs: X-Gogs-Signature, head message from the commit whose id is `after`', async () => {
    const c = await addComponent(env, { repo: 'git@gogs.example.com:web/site.git', branch: 'master' });
    const json = JSON.stringify(gogsPush, null, 2);
    const h = { 'content-type': 'application/json', 'x-gogs-event': 'push', 'x-gogs-delivery': 'gogs-1', 'x-github-event': 'push', 'x-gogs-signature': hmacHex(DEFAULT_SECRET, json) };
    const res = await send(env.url, { path: c.path('git'), headers: h, body: json });
    expect(res.status, res.text).toBe(202);
    expect(env.scheduler.requests[0]).toMatchObject({ target: { commit: gogsPush.after, branch: 'master' }, trigger: { provider: 'gogs', message: 'Update footer', pusher: 'zhaomin' } });
    expect((await send(env.url, { path: c.path('git'), headers: { ...h, 'x-gogs-delivery': 'gogs-2', 'x-gogs-signature': hmacHex('nope', json) }, body: json })).status).toBe(401);
  });
});

describe('Bitbucket Cloud', () => {
  // docs/webhooks.md "Bitbucket Cloud"
  const push = {
    actor: { display_name: 'Sun Li', nickname: 'sunli' },
    repository: { full_name: 'acme-team/orders', name: 'orders', links: { html: { href: 'https://bitbucket.org/acme-team/orders' } } },
    push: {
      changes: [
        {
          created: false,
          closed: false,
          old: { type: 'branch', name: 'main', target: { hash: '1e65c05c1d5171631d92438a13901ca7dae9618c' } },
          new: { type: 'branch', name: 'main', target: { type: 'commit', hash: '709d658dc5b6d6afcd46049c2f332ee3f515a67d', message: 'orders: retry payment webhook\n' } },
          commits: [{ hash: '709d658dc5b6d6afcd46049c2f332ee3f515a67d', message: 'orders: retry payment webhook\n' }],
        },
      ],
    },
  };
  const body = JSON.stringify(push);
  const headers = (extra: Record<string, string> = {}) => ({
    'content-type': 'application/json',
    'x-event-key': 'repo:push',
    'x-hook-uuid': 'hook-1',
    'x-request-uuid': `req-${Math.random()}`,
    ...extra,
  });

  it('verifies X-Hub-Signature when a secret is set, derives clone URLs from full_name', async () => {
    const c = await addComponent(env, { repo: 'git@bitbucket.org:acme-team/orders.git' });
    const res = await send(env.url, { path: c.path('git'), headers: headers({ 'x-hub-signature': `sha256=${hmacHex(DEFAULT_SECRET, body)}` }), body });
    expect(res.status, res.text).toBe(202);
    expect(env.scheduler.requests[0]).toMatchObject({ target: { commit: '709d658dc5b6d6afcd46049c2f332ee3f515a67d', branch: 'main' }, trigger: { provider: 'bitbucket', pusher: 'sunli' } });
    expect((await send(env.url, { path: c.path('git'), headers: headers(), body })).status).toBe(401);
  });

  it('accepts unsigned deliveries when no secret is set, and ignores deletions', async () => {
    const c = await addComponent(env, { repo: 'https://bitbucket.org/acme-team/orders', secret: null });
    expect((await send(env.url, { path: c.path('git'), headers: headers(), body })).status).toBe(202);
    const deletion = JSON.stringify({ ...push, push: { changes: [{ ...push.push.changes[0], new: null, closed: true }] } });
    const res = await send(env.url, { path: c.path('git'), headers: headers(), body: deletion });
    expect(res.json).toEqual({ status: 'ignored', reason: 'branch "main" was deleted' });
  });
});
