/**
 * Catch-up with a real registry that sends no notifications: what is pushed while the app is
 * quit deploys soon after it starts, and while it runs the interval finds new matching tags;
 * tags outside the rule and older versions do not deploy; a webhook and a catch-up finding the
 * same image make one deploy.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Engine } from '../../electron/core/engine';
import { cleanupComponents, httpText, publishedOn, pushServedVersion, run, uniqueName } from '../deploy/helpers';
import { describeDocker, ensureBaseImage } from '../support/docker';
import { freePort, startRegistry } from '../support/registry';
import type { TestRegistry } from '../support/registry';
import { catchUpDeliveries, checksAfter, finishedDeploy, openEngine, waitFor } from './engine-harness';

await describeDocker('catch-up: image components', () => {
  let dir: string;
  let engine: Engine | undefined;
  let registry: TestRegistry;
  let componentId = '';
  let repo = '';
  let port = 0;
  const name = uniqueName('cu-img');

  const push = (version: string) => pushServedVersion(`${repo}:${version}`, version);
  const deploysOf = async (tag: string) => (await engine!.api.listDeploys({ componentId })).filter((d) => d.target.tag === tag);

  beforeAll(async () => {
    await ensureBaseImage();
    dir = await mkdtemp(join(tmpdir(), 'ad-catchup-img-'));
    registry = await startRegistry();
    repo = `${registry.host}/catchup/${name}`;
    port = await freePort();
  });
  afterAll(async () => {
    await engine?.stop();
    await registry?.stop();
    await cleanupComponents([componentId], [name]);
    const tags = ['1.0.0', '1.1.0', '1.0.5', '2.0.0', '1.2.0', '1.3.0'].map((t) => `${repo}:${t}`);
    await run('docker', ['rmi', '-f', ...tags]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('a version pushed while the app was quit deploys soon after start, once, as catch-up', async () => {
    await push('1.0.0');
    engine = await openEngine(dir);
    const created = await engine.api.createComponent({
      name,
      source: { type: 'image', image: `${repo}:1.0.0` },
      triggers: { image: { tagPattern: 'semver:^1' } },
      deploy: publishedOn(port),
    });
    componentId = created.id;
    await engine.api.deployNow(componentId);
    const first = await finishedDeploy(engine, componentId, (d) => d.target.tag === '1.0.0');
    expect(first.state, first.reason).toBe('succeeded');
    await engine.api.updateSettings({ catchUp: { intervalSeconds: 2 } });
    await engine.stop();
    engine = undefined;

    await push('1.1.0'); // no notification reaches anyone: the registry has none configured
    engine = await openEngine(dir);
    const caught = await finishedDeploy(engine, componentId, (d) => d.target.tag === '1.1.0', 60_000);
    expect(caught.state, caught.reason).toBe('succeeded');
    expect(caught.trigger).toMatchObject({ kind: 'catch-up', provider: 'catch-up' });
    expect(await httpText(port)).toBe('200 1.1.0');

    // later checks (every 2 s) find it running: exactly one deploy, one delivery-log row
    await checksAfter(engine, componentId, caught.finishedAt!, 2);
    expect(await deploysOf('1.1.0')).toHaveLength(1);
    const rows = await catchUpDeliveries(engine, componentId);
    expect(rows.filter((r) => r.outcome === 'queued')).toHaveLength(1);
    const component = await engine.api.getComponent(componentId);
    expect(component.lastCheck).toMatchObject({ outcome: 'up-to-date', found: '1.1.0' });
    expect((await engine.status()).catchUp).toMatchObject({ intervalSeconds: 2, failing: 0 });
  });

  it('while running: a tag outside the rule and an older version do not deploy; a new matching tag does', async () => {
    const e = engine!;
    const pushedAt = new Date().toISOString();
    await push('2.0.0'); // outside semver:^1
    await push('1.0.5'); // older than the running 1.1.0
    await checksAfter(e, componentId, new Date().toISOString(), 2);
    expect(await deploysOf('2.0.0')).toHaveLength(0);
    expect(await deploysOf('1.0.5')).toHaveLength(0);
    expect((await e.api.getComponent(componentId)).lastCheck).toMatchObject({ outcome: 'up-to-date', found: '1.1.0' });
    expect(await httpText(port)).toBe('200 1.1.0');

    await push('1.2.0');
    const d = await finishedDeploy(e, componentId, (x) => x.target.tag === '1.2.0', 60_000);
    expect(d.state, d.reason).toBe('succeeded');
    expect(d.trigger.kind).toBe('catch-up');
    expect(d.createdAt > pushedAt).toBe(true);
    expect(await httpText(port)).toBe('200 1.2.0');
    // the component follows the deployed tag, as after a webhook
    expect((await e.api.getComponent(componentId)).source).toMatchObject({ image: `${repo}:1.2.0` });
  });

  it('a webhook and a catch-up finding the same version make one deploy', async () => {
    const e = engine!;
    await e.api.updateSettings({ catchUp: { intervalSeconds: 0 } });
    await push('1.3.0');
    const manifest = await fetch(`http://${registry.host}/v2/catchup/${name}/manifests/1.3.0`, {
      method: 'HEAD',
      headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json' },
    });
    const digest = manifest.headers.get('docker-content-digest')!;
    expect(digest).toMatch(/^sha256:/);
    const hook = (await e.api.getWebhooks(componentId)).hooks.find((h) => h.trigger === 'image')!.localUrl;
    const apiKey = (await e.api.revealSecret(componentId, 'api')).value;
    const envelope = {
      events: [
        {
          id: `ev-${Date.now()}`,
          timestamp: new Date().toISOString(),
          action: 'push',
          target: { mediaType: 'application/vnd.docker.distribution.manifest.v2+json', digest, size: 1, repository: `catchup/${name}`, tag: '1.3.0' },
          request: { id: 'r', addr: '127.0.0.1', host: registry.host, method: 'PUT', useragent: 'docker' },
          actor: {},
        },
      ],
    };
    // both at once: the registry's notification and the engine's own check
    const [hookAnswer, check] = await Promise.all([
      fetch(hook, {
        method: 'POST',
        headers: { 'content-type': 'application/vnd.docker.distribution.events.v1+json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify(envelope),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { status: string } })),
      e.api.checkComponent(componentId),
    ]);
    expect([hookAnswer.body.status, check.outcome].sort()).toEqual(['ignored', 'queued'].sort());
    const d = await finishedDeploy(e, componentId, (x) => x.target.tag === '1.3.0', 60_000);
    expect(d.state, d.reason).toBe('succeeded');
    await waitFor('the deploy list to settle', async () => ((await deploysOf('1.3.0')).every((x) => x.state === 'succeeded') ? true : undefined));
    expect(await deploysOf('1.3.0')).toHaveLength(1);
    expect(await httpText(port)).toBe('200 1.3.0');
  });
});
