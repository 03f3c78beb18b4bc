/**
 * Issue 11.2 (image): an image webhook only moves a component forward. A replayed notification
 * of an older version tag is ignored (never moving to a lower version is the default for new
 * components); a moving tag whose registry digest already ran and was replaced since is
 * skipped "stale". Real serve, real registry, real engine.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { httpText, publishedOn, pushServedVersion, run, uniqueName } from '../deploy/helpers';
import { describeDocker } from '../support/docker';
import { freePort, startRegistry } from '../support/registry';
import type { TestRegistry } from '../support/registry';
import { post } from './serve-hooks';
import type { ServedComponent } from './serve-hooks';
import { useServedSuite } from './served-suite';

const distType = { 'content-type': 'application/vnd.docker.distribution.events.v2+json' };
const json = { 'content-type': 'application/json' };

await describeDocker('image webhooks only move forward (real serve, registry, engine)', () => {
  const suite = useServedSuite('ad-sec-fwdimg-');
  let registry: TestRegistry;
  const names = [uniqueName('fwd-ver'), uniqueName('fwd-mov')];

  const component = async (name: string, image: string, port: number, tagPattern: string): Promise<ServedComponent> =>
    suite.component({ name, source: { type: 'image', image }, triggers: { image: { enabled: true, tagPattern } }, deploy: publishedOn(port) });

  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('a replayed notification of an older version tag is ignored; the newer version keeps running', async () => {
    const repo = `${registry.host}/sec/${names[0]}`;
    const port = await freePort();
    const c = await component(names[0], `${repo}:v1.0.0`, port, 'glob:v*');
    const notify = (tag: string, digest: string, id: string) =>
      JSON.stringify({ events: [{ id, action: 'push', target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', repository: `sec/${names[0]}`, tag, digest }, request: { host: registry.host } }] });
    const d1 = await pushServedVersion(`${repo}:v1.0.0`, 'v1.0.0');
    const first = notify('v1.0.0', d1, 'ev-1');
    const a1 = await post(c.urls.image, distType, first);
    expect(a1.status).toBe(202);
    expect((await suite.waitFinal(String(a1.json?.deployId))).state).toBe('succeeded');
    const d2 = await pushServedVersion(`${repo}:v1.1.0`, 'v1.1.0');
    const a2 = await post(c.urls.image, distType, notify('v1.1.0', d2, 'ev-2'));
    expect((await suite.waitFinal(String(a2.json?.deployId))).state).toBe('succeeded');
    expect(await httpText(port)).toBe('200 v1.1.0');

    const replayed = await post(c.urls.image, distType, first.replace('"ev-1"', '"ev-1-replayed"'));
    expect(replayed.status).toBe(200);
    expect(replayed.json).toMatchObject({ status: 'ignored', reason: expect.stringMatching(/lower than the deployed "v1\.1\.0"/) });
    expect(await httpText(port)).toBe('200 v1.1.0');
  });

  it('a moving tag put back to a digest that already ran and was replaced is skipped as stale', async () => {
    const repo = `${registry.host}/sec/${names[1]}`;
    const port = await freePort();
    const c = await component(names[1], `${repo}:stable`, port, '');
    // Docker Hub's shape: no delivery id, no digest, nothing signed — a replay is trivial
    const hub = JSON.stringify({ push_data: { tag: 'stable', pusher: 'ci' }, repository: { repo_name: `sec/${names[1]}` } });
    await pushServedVersion(`${repo}:stable`, 'A');
    await run('docker', ['tag', `${repo}:stable`, `${repo}:keep-a`]);
    const first = await post(c.urls.image, json, hub);
    expect((await suite.waitFinal(String(first.json?.deployId))).state).toBe('succeeded');
    await pushServedVersion(`${repo}:stable`, 'B');
    const second = await post(c.urls.image, json, hub);
    expect((await suite.waitFinal(String(second.json?.deployId))).state).toBe('succeeded');
    expect(await httpText(port)).toBe('200 B');

    // someone with push rights (or a mirror lagging behind) points stable at A again
    await run('docker', ['tag', `${repo}:keep-a`, `${repo}:stable`]);
    await run('docker', ['push', `${repo}:stable`]);
    const replay = await post(c.urls.image, json, hub);
    expect(replay.status).toBe(202);
    const d = await suite.waitFinal(String(replay.json?.deployId));
    expect(d.state).toBe('skipped');
    expect(d.reason).toMatch(/^stale: tag stable resolves to sha256:.*which ran in deploy d_.*replaced since/);
    expect(await httpText(port)).toBe('200 B');

    // a person may still put it back on purpose
    const res = await suite.serve.api(`/components/${c.id}/deploy`, { method: 'POST', json: { tag: 'stable' } });
    const manual = await suite.waitFinal(((await res.json()) as { id: string }).id);
    expect(manual.state, manual.reason).toBe('succeeded');
    expect(await httpText(port)).toBe('200 A');
  });
});
