/**
 * Issue 11.3: an image component with a webhook secret. Senders that can authenticate must:
 * GHCR (GitHub's signature), Harbor (its auth header), registry notifications (a configured
 * header) — without it, 401. Senders that cannot (Docker Hub, Aliyun, Quay) are refused too,
 * unless the user turned on `allowUnsigned`. Against the real `serve`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe } from '../support/serve';
import type { ServeProcess } from '../support/serve';
import { githubHeaders } from '../webhooks/fixtures';
import { createServed, post } from './serve-hooks';
import type { ServedComponent } from './serve-hooks';

const SECRET = 'image-hook-secret-42';
const IMAGE = 'registry.example.com/team/web';
const json = { 'content-type': 'application/json' };
let dir: string;
let serve: ServeProcess;
let signed: ServedComponent;
let open: ServedComponent;

const harbor = (tag: string) =>
  JSON.stringify({ type: 'PUSH_ARTIFACT', occur_at: 1, operator: 'ci', event_data: { resources: [{ tag, digest: `sha256:${'a'.repeat(64)}`, resource_url: `${IMAGE}:${tag}` }], repository: { repo_full_name: 'team/web' } } });
const registry = (tag: string) =>
  JSON.stringify({ events: [{ id: `ev-${tag}-${Math.random()}`, action: 'push', target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', repository: 'team/web', tag, digest: `sha256:${'b'.repeat(64)}` }, request: { host: 'registry.example.com' } }] });
const dockerhub = (tag: string) => JSON.stringify({ push_data: { tag, pusher: 'x' }, repository: { repo_name: 'team/web' } });
const ghcr = (tag: string) =>
  JSON.stringify({
    action: 'published',
    package: { package_type: 'container', name: 'web', owner: { login: 'team' }, package_version: { container_metadata: { tag: { name: tag, digest: `sha256:${'c'.repeat(64)}` } }, package_url: `${IMAGE}:${tag}` } },
  });
const registryType = { 'content-type': 'application/vnd.docker.distribution.events.v2+json' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ad-sec-imgauth-'));
  serve = await startServe({ dataDir: dir });
  const body = (name: string, allowUnsigned?: boolean) => ({
    name,
    source: { type: 'image', image: `${IMAGE}:v1` },
    triggers: { image: { enabled: true, tagPattern: 'glob:v*', ...(allowUnsigned !== undefined ? { allowUnsigned } : {}) } },
    secret: SECRET,
    autoBuild: false, // accepted deliveries answer "ignored: auto-build is off" instead of pulling
  });
  signed = await createServed(serve, body('signed'));
  open = await createServed(serve, body('open', true));
});
afterAll(async () => {
  await serve?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('with a webhook secret set', () => {
  it('GHCR without a signature → 401; with it → accepted', async () => {
    const b = ghcr('v2');
    expect((await post(signed.urls.image, githubHeaders('package', b), b)).status).toBe(401);
    expect((await post(signed.urls.image, githubHeaders('package', b, SECRET), b)).status).toBe(200);
  });
  it('Harbor without its auth header → 401; with it → accepted', async () => {
    expect((await post(signed.urls.image, json, harbor('v2'))).status).toBe(401);
    expect((await post(signed.urls.image, { ...json, authorization: SECRET }, harbor('v2'))).status).toBe(200);
  });
  it('registry notifications without the configured header → 401; with it → accepted', async () => {
    expect((await post(signed.urls.image, registryType, registry('v2'))).status).toBe(401);
    expect((await post(signed.urls.image, { ...registryType, authorization: `Bearer ${SECRET}` }, registry('v2'))).status).toBe(200);
  });
  it('Harbor and registries must authenticate even when unsigned senders are allowed', async () => {
    expect((await post(open.urls.image, json, harbor('v2'))).status).toBe(401);
    expect((await post(open.urls.image, registryType, registry('v2'))).status).toBe(401);
  });
  it('a Docker Hub-shaped payload (cannot sign) → 401 unless allowUnsigned is on', async () => {
    const refused = await post(signed.urls.image, json, dockerhub('v2'));
    expect(refused.status).toBe(401);
    const accepted = await post(open.urls.image, json, dockerhub('v2'));
    expect(accepted.status).toBe(200);
    expect(accepted.json).toMatchObject({ status: 'ignored', reason: expect.stringMatching(/auto-build is off/) });
    // the delivery log says why (written behind the answer: poll briefly)
    let reason: string | undefined;
    for (let i = 0; i < 50 && !reason; i++) {
      const deliveries = (await (await serve.api(`/deliveries?componentId=${signed.id}`)).json()) as { reason?: string; status: number }[];
      reason = deliveries.find((d) => d.status === 401 && /cannot sign/.test(d.reason ?? ''))?.reason;
      if (!reason) await new Promise((r) => setTimeout(r, 100));
    }
    expect(reason).toMatch(/accept unsigned registries/);
  });
  it('reads show whether a secret is set and the switch', async () => {
    const c = (await (await serve.api(`/components/${open.id}`)).json()) as { triggers: { image: Record<string, unknown> } };
    expect(c.triggers.image).toMatchObject({ secretSet: true, allowUnsigned: true });
  });
});
