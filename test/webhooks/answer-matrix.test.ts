/**
 * the answer table (docs/webhooks.md, "Answers"), row by row, for each trigger kind, against the real listener over
 * real HTTP. Every case also leaves a delivery-log entry with the matching outcome, and the
 * log never contains a secret or a signature.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpAnswer, TestEnv } from './fixtures';
import { DEFAULT_API_KEY, DEFAULT_SECRET, addComponent, githubHeaders, githubPush, hmacHex, send, startEnv } from './fixtures';

let env: TestEnv;
const LIMIT = 64 * 1024;
beforeAll(async () => {
  env = await startEnv({ bodyLimit: LIMIT });
});
afterAll(async () => env.close());

type Outcome = 'queued' | 'ignored' | 'duplicate' | 'rejected';
interface Row {
  name: string;
  status: number;
  outcome: Outcome | null;
  reason?: RegExp;
  run: (from: Record<string, string>) => Promise<HttpAnswer>;
}

let n = 0;
/** Each row carries its own X-Forwarded-For, recorded as information (never trusted). */
const fromAddress = () => ({ 'x-forwarded-for': `198.51.100.${++n}` });

async function paused<T>(fn: () => Promise<T>): Promise<T> {
  await env.store.update((d) => {
    d.settings.autoDeploy = false;
  });
  try {
    return await fn();
  } finally {
    await env.store.update((d) => {
      d.settings.autoDeploy = true;
    });
  }
}

async function gitRows(): Promise<Row[]> {
  const c = await addComponent(env, { keyword: 'deploy' });
  const off = await addComponent(env, { autoBuild: false });
  const disabled = await addComponent(env, { triggers: { git: false, api: true } });
  const push = JSON.stringify(githubPush());
  const signed = (body: string, event = 'push', delivery?: string) => githubHeaders(event, body, DEFAULT_SECRET, delivery);
  const post = (path: string, headers: Record<string, string>, body: string, from: Record<string, string>) => send(env.url, { path, headers: { ...headers, ...from }, body });
  const p = c.path('git');
  return [
    { name: 'accepted push', status: 202, outcome: 'queued', run: (f) => post(p, signed(push, 'push', 'dup-1'), push, f) },
    { name: 'same delivery id again', status: 200, outcome: 'duplicate', run: (f) => post(p, signed(push, 'push', 'dup-1'), push, f) },
    { name: 'other branch', status: 200, outcome: 'ignored', reason: /branch "dev"/, run: (f) => { const b = JSON.stringify(githubPush({ ref: 'refs/heads/dev' })); return post(p, signed(b), b, f); } },
    { name: 'keyword missing', status: 200, outcome: 'ignored', reason: /"@deploy"/, run: (f) => { const b = JSON.stringify(githubPush({ messages: ['no keyword'] })); return post(p, signed(b), b, f); } },
    { name: 'other repository', status: 200, outcome: 'ignored', reason: /not this component's repository/, run: (f) => { const b = JSON.stringify(githubPush({ repo: 'acme/other' })); return post(p, signed(b), b, f); } },
    { name: 'ping', status: 200, outcome: 'ignored', reason: /^ping$/, run: (f) => post(p, signed('{"zen":"x"}', 'ping'), '{"zen":"x"}', f) },
    { name: 'auto-build off', status: 200, outcome: 'ignored', reason: /auto-build is off/, run: (f) => post(off.path('git'), signed(push), push, f) },
    { name: 'auto-deploy paused', status: 200, outcome: 'ignored', reason: /paused/, run: (f) => paused(() => post(p, signed(push), push, f)) },
    { name: 'malformed JSON', status: 400, outcome: 'rejected', run: (f) => post(p, signed('{"ref":'), '{"ref":', f) },
    { name: 'missing ref', status: 400, outcome: 'rejected', reason: /no "ref"/, run: (f) => post(p, signed('{}'), '{}', f) },
    { name: 'unknown provider', status: 400, outcome: 'rejected', reason: /unknown provider/, run: (f) => post(p, { 'content-type': 'application/json' }, push, f) },
    { name: 'bad signature', status: 401, outcome: 'rejected', run: (f) => post(p, { ...signed(push), 'x-hub-signature-256': `sha256=${hmacHex('wrong', push)}` }, push, f) },
    { name: 'missing signature', status: 401, outcome: 'rejected', run: (f) => post(p, githubHeaders('push', push), push, f) },
    { name: 'unknown hook id', status: 404, outcome: 'rejected', run: (f) => post('/hooks/' + 'A'.repeat(32) + '/git', signed(push), push, f) },
    { name: 'trigger disabled', status: 404, outcome: 'rejected', run: (f) => post(disabled.path('git'), signed(push), push, f) },
    { name: 'body over the limit', status: 413, outcome: 'rejected', run: (f) => { const b = JSON.stringify({ ...githubPush(), pad: 'x'.repeat(LIMIT) }); return post(p, signed(b), b, f); } },
  ];
}

async function imageRows(): Promise<Row[]> {
  const c = await addComponent(env, { image: 'registry.example.com/team/web:v1.0', tagPattern: 'v1.*' });
  const off = await addComponent(env, { image: 'registry.example.com/team/web:v1.0', autoBuild: false });
  const disabled = await addComponent(env, { image: 'registry.example.com/team/web:v1.0', triggers: { image: false } });
  const signed = await addComponent(env, { image: 'registry.example.com/team/web:v1.0', secret: DEFAULT_SECRET });
  const json = { 'content-type': 'application/json' };
  const ev = (tag: string | undefined, id = `e-${Math.random()}`, repository = 'team/web') =>
    JSON.stringify({ events: [{ id, action: 'push', target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${hmacHex('d', id)}`, repository, tag }, request: { host: 'registry.example.com' } }] });
  const dist = { 'content-type': 'application/vnd.docker.distribution.events.v2+json' };
  const post = (path: string, headers: Record<string, string>, body: string, from: Record<string, string>) => send(env.url, { path, headers: { ...headers, ...from }, body });
  const p = c.path('image');
  const ghcr = JSON.stringify({ action: 'published', package: { name: 'web', package_type: 'CONTAINER', owner: { login: 'team' }, package_version: { container_metadata: { tag: { name: 'v1.2' } } } } });
  return [
    { name: 'accepted push', status: 202, outcome: 'queued', run: (f) => post(p, dist, ev('v1.1', 'image-dup'), f) },
    { name: 'same event id again', status: 200, outcome: 'duplicate', run: (f) => post(p, dist, ev('v1.1', 'image-dup'), f) },
    { name: 'tag not matching the rule', status: 200, outcome: 'ignored', reason: /does not match regex "v1\.\*"/, run: (f) => post(p, dist, ev('v2.0'), f) },
    { name: 'other repository', status: 200, outcome: 'ignored', reason: /not this component's image/, run: (f) => post(p, dist, ev('v1.3', undefined, 'team/api'), f) },
    // never a deploy: answered ignored but not logged (test/webhooks/image-providers.test.ts)
    { name: 'untagged manifest only', status: 200, outcome: null, run: (f) => post(p, dist, ev(undefined), f) },
    { name: 'auto-build off', status: 200, outcome: 'ignored', reason: /auto-build is off/, run: (f) => post(off.path('image'), dist, ev('v1.0'), f) },
    { name: 'auto-deploy paused', status: 200, outcome: 'ignored', reason: /paused/, run: (f) => paused(() => post(p, dist, ev('v1.4'), f)) },
    { name: 'malformed JSON', status: 400, outcome: 'rejected', run: (f) => post(p, json, '{"events": [', f) },
    { name: 'unrecognized payload', status: 400, outcome: 'rejected', reason: /unrecognized registry payload/, run: (f) => post(p, json, '{"hello":"world"}', f) },
    { name: 'invalid tag', status: 400, outcome: 'rejected', reason: /not a valid Docker tag/, run: (f) => post(p, dist, ev('../x'), f) },
    { name: 'wrong Authorization', status: 401, outcome: 'rejected', run: (f) => post(p, { ...dist, authorization: 'Bearer guess' }, ev('v1.5'), f) },
    { name: 'GHCR bad signature', status: 401, outcome: 'rejected', run: (f) => post(signed.path('image'), { ...githubHeaders('package', ghcr), 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` }, ghcr, f) },
    { name: 'unknown hook id', status: 404, outcome: 'rejected', run: (f) => post('/hooks/' + 'B'.repeat(32) + '/image', dist, ev('v1.6'), f) },
    { name: 'trigger disabled', status: 404, outcome: 'rejected', run: (f) => post(disabled.path('image'), dist, ev('v1.7'), f) },
    { name: 'body over the limit', status: 413, outcome: 'rejected', run: (f) => post(p, dist, JSON.stringify({ events: [], pad: 'x'.repeat(LIMIT) }), f) },
  ];
}

async function apiRows(): Promise<Row[]> {
  const c = await addComponent(env, { image: 'registry.example.com/team/api:v1' });
  const off = await addComponent(env, { image: 'registry.example.com/team/api:v1', autoBuild: false });
  const disabled = await addComponent(env, { image: 'registry.example.com/team/api:v1', triggers: { image: true, api: false } });
  const json = { 'content-type': 'application/json' };
  const key = JSON.stringify({ secret_key: DEFAULT_API_KEY });
  const post = (path: string, headers: Record<string, string>, body: string, from: Record<string, string>) => send(env.url, { path, headers: { ...headers, ...from }, body });
  const p = c.path('api');
  return [
    { name: 'accepted call', status: 202, outcome: 'queued', run: (f) => post(p, { ...json, 'idempotency-key': 'ci-1' }, key, f) },
    { name: 'same idempotency key', status: 200, outcome: 'duplicate', run: (f) => post(p, { ...json, 'idempotency-key': 'ci-1' }, key, f) },
    { name: 'auto-build off', status: 200, outcome: 'ignored', reason: /auto-build is off/, run: (f) => post(off.path('api'), json, key, f) },
    { name: 'auto-deploy paused', status: 200, outcome: 'ignored', reason: /paused/, run: (f) => paused(() => post(p, json, key, f)) },
    { name: 'malformed JSON', status: 400, outcome: 'rejected', run: (f) => post(p, json, '{"secret_key":', f) },
    { name: 'wrong content type', status: 400, outcome: 'rejected', reason: /unsupported content type/, run: (f) => post(p, { 'content-type': 'text/xml' }, '<x/>', f) },
    { name: 'invalid tag', status: 400, outcome: 'rejected', run: (f) => post(p, json, JSON.stringify({ secret_key: DEFAULT_API_KEY, tag: 'x'.repeat(200) }), f) },
    { name: 'wrong key', status: 401, outcome: 'rejected', run: (f) => post(p, json, JSON.stringify({ secret_key: DEFAULT_SECRET }), f) },
    { name: 'missing key', status: 401, outcome: 'rejected', run: (f) => post(p, json, '{}', f) },
    { name: 'unknown hook id', status: 404, outcome: 'rejected', run: (f) => post('/hooks/' + 'C'.repeat(32) + '/api', json, key, f) },
    { name: 'trigger disabled', status: 404, outcome: 'rejected', run: (f) => post(disabled.path('api'), json, key, f) },
    { name: 'body over the limit', status: 413, outcome: 'rejected', run: (f) => post(p, json, JSON.stringify({ secret_key: DEFAULT_API_KEY, pad: 'x'.repeat(LIMIT) }), f) },
  ];
}

const EXPECTED_STATUS: Record<Outcome, string | undefined> = { queued: 'queued', ignored: 'ignored', duplicate: 'duplicate', rejected: undefined };

describe.each([
  ['git', gitRows],
  ['image', imageRows],
  ['api', apiRows],
] as const)('%s trigger answers', (kind, rows) => {
  it('follows the table', async () => {
    for (const row of await rows()) {
      const from = fromAddress();
      const before = env.scheduler.requests.length;
      const res = await row.run(from);
      expect(res.status, `${kind}: ${row.name}: ${res.text}`).toBe(row.status);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.text).not.toMatch(/\bat .*\.ts:\d+|Error:/);
      expect(env.scheduler.requests.length - before, row.name).toBe(row.outcome === 'queued' ? 1 : 0);
      if (row.outcome === null) continue;
      const status = EXPECTED_STATUS[row.outcome];
      if (status) expect(res.json?.status, row.name).toBe(status);
      else expect(res.json?.error, row.name).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      if (row.outcome === 'queued') expect(res.json?.deployId).toMatch(/^d_/);
      if (row.reason) {
        const reason = typeof res.json?.reason === 'string' ? res.json.reason : env.store.data.deliveries[0].reason;
        expect(reason, row.name).toMatch(row.reason);
      }
      const logged = env.store.data.deliveries[0];
      expect(logged, row.name).toMatchObject({ outcome: row.outcome, status: row.status, trigger: kind, remoteAddress: '127.0.0.1', forwardedFor: from['x-forwarded-for'] });
      if (row.outcome === 'queued') expect(logged.deployId).toBe(res.json?.deployId);
    }
  });
});

describe('what the delivery log keeps', () => {
  it('never secrets, signatures or bodies', async () => {
    await env.store.close();
    const text = await readFile(join(env.dir, 'db.json'), 'utf8');
    const doc = JSON.parse(text) as { deliveries: unknown[] };
    expect(doc.deliveries.length).toBeGreaterThan(30);
    const log = JSON.stringify(doc.deliveries);
    for (const secret of [DEFAULT_SECRET, DEFAULT_API_KEY, 'sha256=', 'Fix checkout rounding', 'x'.repeat(100)]) expect(log).not.toContain(secret);
    // Reasons say which part failed, for the owner; the sender only heard "authentication failed".
    expect(log).toContain('X-Hub-Signature-256 does not match the webhook secret');
  });
});
