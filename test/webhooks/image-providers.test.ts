/**
 * Every registry provider and the custom API against the real listener over real HTTP, with
 * the providers' documented example payloads (docs/webhooks.md, "Image registries") (and octokit's package examples for GHCR).
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_API_KEY, DEFAULT_SECRET, addComponent, githubHeaders, send, startEnv } from './fixtures';
import type { TestEnv } from './fixtures';

const octokit = createRequire(import.meta.url)('@octokit/webhooks-examples/api.github.com/index.json') as { name: string; examples: unknown[] }[];

let env: TestEnv;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(async () => env.close());
beforeEach(() => {
  env.scheduler.requests.length = 0;
});

const json = { 'content-type': 'application/json' };
const imageOf = (id: string) => {
  const c = env.store.data.components.find((x) => x.id === id)!;
  return c.source.type === 'image' ? c.source.image : '';
};
const DIGEST = 'sha256:8a9e9863dbb6e10edb5adfe917c00da84e1700fa76e7ed02476aa6e6fb8ee0d8';

describe('Docker Hub', () => {
  const payload = (tag: string, repo = 'acme/shop-api') => ({
    callback_url: 'https://registry.hub.docker.com/u/acme/shop-api/hook/2141b5bi5i5b02bec211i4eeih0242eg11000a/',
    push_data: { pushed_at: 1741070045, pusher: 'acmebot', tag },
    repository: { repo_name: repo, namespace: 'acme', name: 'shop-api', owner: 'acme', repo_url: 'https://hub.docker.com/r/acme/shop-api', is_private: true, status: 'Active' },
  });

  it('exact mode: deploys only the configured tag of the same repository', async () => {
    const c = await addComponent(env, { image: 'docker.io/acme/shop-api:1.4.2' });
    const ok = await send(env.url, { path: c.path('image'), headers: json, body: JSON.stringify(payload('1.4.2')) });
    expect(ok.status, ok.text).toBe(202);
    expect(env.scheduler.requests[0]).toMatchObject({ target: { tag: '1.4.2' }, trigger: { kind: 'image', provider: 'dockerhub', pusher: 'acmebot' } });
    const other = await send(env.url, { path: c.path('image'), headers: json, body: JSON.stringify(payload('1.4.3')) });
    expect(other.json).toEqual({ status: 'ignored', reason: 'tag "1.4.3" is not the configured tag "1.4.2"' });
    const repo = await send(env.url, { path: c.path('image'), headers: json, body: JSON.stringify(payload('1.4.2', 'acme/shop-web')) });
    expect(repo.json?.reason).toBe('the push is for "acme/shop-web", not this component\'s image "acme/shop-api"');
  });

  it('handles the implicit library/ of official images', async () => {
    const c = await addComponent(env, { image: 'nginx:1.27' });
    const res = await send(env.url, { path: c.path('image'), headers: json, body: JSON.stringify(payload('1.27', 'library/nginx')) });
    expect(res.status, res.text).toBe(202);
  });

  it('pattern mode: an accepted request does not rewrite the configured tag (only a succeeded deploy does)', async () => {
    const c = await addComponent(env, { image: 'index.docker.io/acme/shop-api:v5.0', tagPattern: 'v5.*' });
    env.scheduler.failNext = true;
    const failed = await send(env.url, { path: c.path('image'), headers: json, body: JSON.stringify(payload('v5.1')) });
    expect(failed.status).toBe(503);
    const ok = await send(env.url, { path: c.path('image'), headers: json, body: JSON.stringify(payload('v5.1')) });
    expect(ok.status).toBe(202);
    expect(env.scheduler.requests.at(-1)).toMatchObject({ target: { tag: 'v5.1' } });
    expect(imageOf(c.component.id)).toBe('index.docker.io/acme/shop-api:v5.0');
    const no = await send(env.url, { path: c.path('image'), headers: json, body: JSON.stringify(payload('v6.0')) });
    expect(no.json?.status).toBe('ignored');
    expect(imageOf(c.component.id)).toBe('index.docker.io/acme/shop-api:v5.0');
  });
});

describe('Aliyun ACR', () => {
  const payload = {
    push_data: { digest: 'sha256:457f4aa83fc9a6663ab9d1b0a6e2dce25a12a943ed5bf2c1747c58d48bbb4917', pushed_at: '2026-03-02 18:25:46', tag: 'release-v1.4.2' },
    repository: { date_created: '2025-10-28 21:31:42', name: 'shop-api', namespace: 'acme', region: 'cn-hangzhou', repo_full_name: 'acme/shop-api', repo_type: 'PRIVATE' },
  };

  it('compares repository paths only (no host in the payload), with a regex rule', async () => {
    const c = await addComponent(env, { image: 'registry.cn-hangzhou.aliyuncs.com/acme/shop-api:release-v1.4.1', tagPattern: 'release-v\\d+\\.\\d+\\.\\d+' });
    const res = await send(env.url, { path: c.path('image'), headers: json, body: JSON.stringify(payload) });
    expect(res.status, res.text).toBe(202);
    expect(env.scheduler.requests[0]).toMatchObject({ target: { tag: 'release-v1.4.2', digest: payload.push_data.digest }, trigger: { provider: 'aliyun' } });
    expect(imageOf(c.component.id)).toBe('registry.cn-hangzhou.aliyuncs.com/acme/shop-api:release-v1.4.1');
  });
});

describe('Harbor', () => {
  const resources = [{ digest: DIGEST, tag: '1.4.2', resource_url: 'harbor.example.com/shop/shop-api:1.4.2' }];
  const repository = { date_created: 1740000000, name: 'shop-api', namespace: 'shop', repo_full_name: 'shop/shop-api', repo_type: 'private' };
  const classic = { type: 'PUSH_ARTIFACT', occur_at: 1741070045, operator: 'robot$ci', event_data: { resources, repository } };
  const cloud = {
    specversion: '1.0',
    id: '66e18103-09c1-41f6-982f-37df223f3eeb',
    source: '/projects/2/webhook/policies/15',
    type: 'harbor.artifact.pushed',
    datacontenttype: 'application/json',
    time: '2026-03-02T06:34:05Z',
    operator: 'robot$ci',
    data: { resources, repository },
  };

  it('default and CloudEvents formats; the Authorization header, when sent, must match', async () => {
    const c = await addComponent(env, { image: 'harbor.example.com/shop/shop-api:1.0.0', tagPattern: 'semver:^1.0.0', secret: DEFAULT_SECRET });
    // with a webhook secret set, Harbor must send it (or the API key)
    const unsent = await send(env.url, { path: c.path('image'), headers: json, body: JSON.stringify(classic) });
    expect(unsent.status).toBe(401);
    const a = await send(env.url, { path: c.path('image'), headers: { ...json, authorization: DEFAULT_SECRET }, body: JSON.stringify(classic) });
    expect(a.status, a.text).toBe(202);
    expect(env.scheduler.requests[0]).toMatchObject({ target: { tag: '1.4.2', digest: DIGEST }, trigger: { provider: 'harbor', pusher: 'robot$ci' } });
    const cloudHeaders = { 'content-type': 'application/cloudevents+json', authorization: `Bearer ${DEFAULT_API_KEY}` };
    // Same digest again within the minute: one image, one deploy.
    const b = await send(env.url, { path: c.path('image'), headers: cloudHeaders, body: JSON.stringify(cloud) });
    expect(b.json?.status).toBe('ignored');
    expect(String(b.json?.reason)).toMatch(/same image .* was just requested/);
    const wrong = await send(env.url, { path: c.path('image'), headers: { ...cloudHeaders, authorization: 'Bearer nope' }, body: JSON.stringify(cloud) });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({ error: { code: 'unauthorized', message: 'authentication failed' } });
    const asSecret = await send(env.url, { path: c.path('image'), headers: { ...cloudHeaders, authorization: DEFAULT_SECRET }, body: JSON.stringify({ ...cloud, id: 'x2', data: { ...cloud.data, resources: [{ ...resources[0], digest: DIGEST.replace('8a9e', 'ffff'), tag: '1.5.0' }] } }) });
    expect(asSecret.status, asSecret.text).toBe(202);
    expect(env.scheduler.requests).toHaveLength(2);
  });

  it('ignores other Harbor events', async () => {
    const c = await addComponent(env, { image: 'harbor.example.com/shop/shop-api:1.4.2' });
    const res = await send(env.url, { path: c.path('image'), headers: json, body: JSON.stringify({ ...classic, type: 'PULL_ARTIFACT' }) });
    expect(res.json).toEqual({ status: 'ignored', reason: 'event "PULL_ARTIFACT" is not an artifact push' });
  });
});

describe('Docker Distribution', () => {
  const event = (over: Record<string, unknown>, target: Record<string, unknown>) => ({
    id: `ev-${Math.random()}`,
    timestamp: '2026-03-02T14:44:26.402973972+08:00',
    action: 'push',
    target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: DIGEST, size: 1187, repository: 'team/shop-api', tag: '1.4.2', ...target },
    request: { id: 'r1', addr: '10.0.3.17:42961', host: 'registry.example.com', method: 'PUT', useragent: 'docker/27.3.1' },
    actor: { name: 'ci' },
    ...over,
  });

  it('v1 and v2 envelopes; blobs and untagged manifests skipped; tags of one digest → one deploy', async () => {
    const c = await addComponent(env, { image: 'localhost:5000/team/shop-api:1.0.0', tagPattern: '.*', noDowngrade: true, runningTag: '1.0.0' });
    const envelope = {
      events: [
        event({}, { mediaType: 'application/octet-stream', tag: undefined, digest: 'sha256:' + 'a'.repeat(64) }),
        event({}, { tag: undefined }),
        event({}, { tag: 'latest' }),
        event({}, { tag: '1.4.2' }),
        event({ action: 'pull' }, {}),
      ],
    };
    const v1 = await send(env.url, { path: c.path('image'), headers: { 'content-type': 'application/vnd.docker.distribution.events.v1+json' }, body: JSON.stringify(envelope) });
    expect(v1.status, v1.text).toBe(202);
    expect(env.scheduler.requests).toHaveLength(1);
    expect(env.scheduler.requests[0]).toMatchObject({ target: { tag: '1.4.2', digest: DIGEST }, trigger: { provider: 'distribution', pusher: 'ci' } });
    const older = { events: [event({}, { tag: '0.9.0', digest: 'sha256:' + 'b'.repeat(64) })] };
    const v2 = await send(env.url, { path: c.path('image'), headers: { 'content-type': 'application/vnd.docker.distribution.events.v2+json' }, body: JSON.stringify(older) });
    expect(v2.json?.status).toBe('ignored');
    expect(String(v2.json?.reason)).toMatch(/lower than the deployed/);
  });

  it('envelopes of layer pushes, pulls and mounts are answered but leave no delivery-log row; a pull is never called a push', async () => {
    const c = await addComponent(env, { image: 'registry.example.com/team/shop-api:1.4.2' });
    const h = { 'content-type': 'application/vnd.docker.distribution.events.v1+json' };
    const blob = { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', tag: undefined, digest: 'sha256:' + 'd'.repeat(64) };
    const rows = () => env.store.data.deliveries.filter((d) => d.componentId === c.component.id);
    const noise = [
      { events: [event({}, blob)] },
      { events: [event({ action: 'pull' }, {})] },
      { events: [event({ action: 'mount' }, blob)] },
      { events: [event({}, { tag: undefined })] },
      { events: [event({}, blob), event({}, blob), event({ action: 'pull' }, {})] },
    ];
    for (const envelope of noise) {
      const res = await send(env.url, { path: c.path('image'), headers: h, body: JSON.stringify(envelope) });
      expect(res.status, res.text).toBe(200);
      expect(res.json?.status).toBe('ignored');
      expect(String(res.json?.reason)).toMatch(/never a deploy$/);
    }
    const folded = await send(env.url, { path: c.path('image'), headers: h, body: JSON.stringify(noise[4]) });
    expect(folded.json?.reason).toBe('2 blob pushes and 1 pull on team/shop-api: never a deploy');
    // a mixed envelope is one row, named for its push, with the rest counted
    const mixed = { events: [event({}, blob), event({ action: 'pull' }, {}), event({}, { tag: 'nightly' })] };
    const res = await send(env.url, { path: c.path('image'), headers: h, body: JSON.stringify(mixed) });
    expect(res.json?.status).toBe('ignored');
    expect(rows()).toHaveLength(1);
    expect(rows()[0]).toMatchObject({ event: 'push', outcome: 'ignored' });
    expect(env.store.data.deliveries.some((d) => d.componentId === c.component.id && d.event === 'pull')).toBe(false);
  });

  it('a retried envelope is a duplicate', async () => {
    const c = await addComponent(env, { image: 'registry.example.com/team/shop-api:1.4.2' });
    const body = JSON.stringify({ events: [event({ id: 'fixed-event-id' }, { digest: 'sha256:' + 'c'.repeat(64) })] });
    const h = { 'content-type': 'application/vnd.docker.distribution.events.v1+json' };
    expect((await send(env.url, { path: c.path('image'), headers: h, body })).status).toBe(202);
    expect((await send(env.url, { path: c.path('image'), headers: h, body })).json).toEqual({ status: 'duplicate' });
    expect(env.scheduler.requests).toHaveLength(1);
  });
});

describe('Quay', () => {
  it('updated_tags: the matching tag deploys', async () => {
    const c = await addComponent(env, { image: 'quay.io/acme/shop-api:1.4.1', tagPattern: 'glob:1.4.*' });
    const body = JSON.stringify({
      repository: 'acme/shop-api',
      namespace: 'acme',
      name: 'shop-api',
      docker_url: 'quay.io/acme/shop-api',
      homepage: 'https://quay.io/repository/acme/shop-api',
      updated_tags: ['nightly', '1.4.2'],
    });
    const res = await send(env.url, { path: c.path('image'), headers: json, body });
    expect(res.status, res.text).toBe(202);
    expect(env.scheduler.requests[0]).toMatchObject({ target: { tag: '1.4.2' }, trigger: { provider: 'quay' } });
  });
});

describe('GHCR', () => {
  const published = {
    action: 'published',
    package: {
      id: 2416775,
      name: 'shop-api',
      namespace: 'acme',
      ecosystem: 'CONTAINER',
      package_type: 'CONTAINER',
      owner: { login: 'acme' },
      package_version: {
        id: 57755791,
        version: 'sha256:3da1996a8115d7616457760d9920b815241d0a03b34cf5f04e9a0e9d8de37498',
        container_metadata: {
          tag: { name: '1.4.2', digest: 'sha256:3da1996a8115d7616457760d9920b815241d0a03b34cf5f04e9a0e9d8de37498' },
          manifest: { digest: 'sha256:3da1996a8115d7616457760d9920b815241d0a03b34cf5f04e9a0e9d8de37498', media_type: 'application/vnd.oci.image.index.v1+json' },
        },
        package_url: 'ghcr.io/acme/shop-api:1.4.2',
      },
    },
    repository: { full_name: 'acme/shop-api' },
    sender: { login: 'github-actions[bot]' },
  };

  it('verifies with the webhook secret and deploys the published tag', async () => {
    const c = await addComponent(env, { image: 'ghcr.io/acme/shop-api:1.4.1', tagPattern: 'semver:^1', secret: DEFAULT_SECRET });
    const body = JSON.stringify(published);
    const res = await send(env.url, { path: c.path('image'), headers: githubHeaders('package', body, DEFAULT_SECRET), body });
    expect(res.status, res.text).toBe(202);
    expect(env.scheduler.requests[0]).toMatchObject({ target: { tag: '1.4.2' }, trigger: { provider: 'ghcr', pusher: 'github-actions[bot]' } });
    expect((await send(env.url, { path: c.path('image'), headers: githubHeaders('package', body, 'wrong'), body })).status).toBe(401);
    expect((await send(env.url, { path: c.path('image'), headers: githubHeaders('package', body), body })).status).toBe(401);
  });

  it('without a webhook secret the hook id is the credential; octokit examples are ignored with reasons', async () => {
    const c = await addComponent(env, { image: 'ghcr.io/codertocat/hello-world:1', secret: null });
    const reasons: string[] = [];
    for (const payload of octokit.find((e) => e.name === 'package')!.examples) {
      const body = JSON.stringify(payload);
      const res = await send(env.url, { path: c.path('image'), headers: githubHeaders('package', body), body });
      expect(res.status).toBe(200);
      reasons.push(String(res.json?.reason));
    }
    // Two examples have no container metadata; the docker one is an untagged manifest.
    expect(reasons.filter((r) => r.startsWith('untagged manifest'))).toHaveLength(octokit.find((e) => e.name === 'package')!.examples.length);
    const ping = await send(env.url, { path: c.path('image'), headers: githubHeaders('ping', '{}'), body: '{}' });
    expect(ping.json).toEqual({ status: 'ignored', reason: 'ping' });
    expect(env.scheduler.requests).toHaveLength(0);
  });
});

describe('custom API', () => {
  it('JSON, form and curl-style bodies; optional tag; answers with the deploy id', async () => {
    const c = await addComponent(env, { image: 'registry.example.com/team/web:v5.1' });
    const a = await send(env.url, { path: c.path('api'), headers: json, body: JSON.stringify({ secret_key: DEFAULT_API_KEY }) });
    expect(a.status, a.text).toBe(202);
    expect(a.json?.deployId).toMatch(/^d_/);
    expect(env.scheduler.requests[0]).toMatchObject({ target: { tag: 'v5.1' }, trigger: { kind: 'api', provider: 'api' } });
    // a tag outside the rule (empty rule = the configured tag only) is ignored unless forced
    const outside = await send(env.url, { path: c.path('api'), headers: json, body: JSON.stringify({ secret_key: DEFAULT_API_KEY, tag: 'v5.2' }) });
    expect(outside.json).toMatchObject({ status: 'ignored', reason: expect.stringContaining('"force": true') });
    const form = await send(env.url, { path: c.path('api'), headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `secret_key=${encodeURIComponent(DEFAULT_API_KEY)}&tag=v5.2&force=true` });
    expect(form.status, form.text).toBe(202);
    expect(env.scheduler.requests[1]).toMatchObject({ target: { tag: 'v5.2' } });
    // accepted is not deployed: the configured tag moves only when the deploy succeeds
    expect(imageOf(c.component.id)).toBe('registry.example.com/team/web:v5.1');
    expect((await send(env.url, { path: c.path('api'), headers: json, body: JSON.stringify({ secret_key: DEFAULT_API_KEY, tag: 'v5.3', force: 'maybe' }) })).status).toBe(400);
    const curl = await send(env.url, { path: c.path('api'), headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: JSON.stringify({ secret_key: DEFAULT_API_KEY }) });
    expect(curl.status).toBe(202);
    expect((await send(env.url, { path: c.path('api'), headers: json, body: JSON.stringify({ secret_key: 'wrong-key-123' }) })).status).toBe(401);
    expect((await send(env.url, { path: c.path('api'), headers: json, body: JSON.stringify({ secret_key: DEFAULT_API_KEY, tag: '../x' }) })).status).toBe(400);
    expect((await send(env.url, { path: c.path('api'), headers: json, body: JSON.stringify({ secret_key: DEFAULT_API_KEY, commit: 'abc1234' }) })).status).toBe(400);
  });

  it('git components take commit and branch; an Idempotency-Key makes retries duplicates', async () => {
    const c = await addComponent(env, {});
    const body = JSON.stringify({ secret_key: DEFAULT_API_KEY, commit: 'ABCDEF1234567', branch: 'feature/x' });
    const h = { ...json, 'idempotency-key': 'ci-run-77' };
    const first = await send(env.url, { path: c.path('api'), headers: h, body });
    expect(first.status).toBe(202);
    expect(env.scheduler.requests[0]).toMatchObject({ target: { commit: 'abcdef1234567', branch: 'feature/x' }, trigger: { kind: 'api' } });
    expect((await send(env.url, { path: c.path('api'), headers: h, body })).json).toEqual({ status: 'duplicate' });
    expect((await send(env.url, { path: c.path('api'), headers: json, body: JSON.stringify({ secret_key: DEFAULT_API_KEY, tag: 'v1' }) })).status).toBe(400);
    expect(env.scheduler.requests).toHaveLength(1);
  });

  it('honours the switch (404) and refuses when no key is set (401)', async () => {
    const off = await addComponent(env, { triggers: { git: true, api: false } });
    expect((await send(env.url, { path: off.path('api'), headers: json, body: JSON.stringify({ secret_key: DEFAULT_API_KEY }) })).status).toBe(404);
    const noKey = await addComponent(env, { apiKey: null });
    expect((await send(env.url, { path: noKey.path('api'), headers: json, body: JSON.stringify({ secret_key: DEFAULT_API_KEY }) })).status).toBe(401);
  });
});
