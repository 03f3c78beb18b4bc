/**
 * End to end with a real registry: Debian's docker-registry (distribution 2.8) sends its own
 * notifications to the listener while the real Docker engine pushes an image under several
 * tags. Blob pushes and pulls are answered but leave no delivery-log row (a multi-layer push
 * is one row), the semver rule picks the version tag, one image (digest) pushed under three
 * tags yields one deploy, and the registry's static Authorization header is checked.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BASE_IMAGE, describeDocker, ensureBaseImage } from '../support/docker';
import { pollUntil } from '../support/poll-until';
import { startRegistry } from '../support/registry';
import type { TestRegistry } from '../support/registry';
import { DEFAULT_API_KEY, addComponent, startEnv } from './fixtures';
import type { AddedComponent, TestEnv } from './fixtures';

const run = promisify(execFile);

const until = <T>(what: string, probe: () => T | undefined): Promise<T> => pollUntil(what, probe, { timeoutMs: 60_000, intervalMs: 100 });

await describeDocker('registry notifications to the listener', () => {
  let env: TestEnv;
  let registry: TestRegistry;
  let component: AddedComponent;
  let wrongAuth: AddedComponent;
  let wrongRegistry: TestRegistry;
  const pushed: string[] = [];

  beforeAll(async () => {
    await ensureBaseImage();
    env = await startEnv();
    component = await addComponent(env, { image: 'registry.example.com/team/app:1.0.0', tagPattern: 'semver:^1.0.0' });
    wrongAuth = await addComponent(env, { image: 'registry.example.com/team/app:1.0.0', tagPattern: '.*' });
    registry = await startRegistry({
      notifyUrl: `${env.url}${component.path('image')}`,
      notifyHeaders: { Authorization: `Bearer ${DEFAULT_API_KEY}` },
    });
    wrongRegistry = await startRegistry({
      notifyUrl: `${env.url}${wrongAuth.path('image')}`,
      notifyHeaders: { Authorization: 'Bearer not-the-key' },
    });
  });

  afterAll(async () => {
    await Promise.all(pushed.map((ref) => run('docker', ['rmi', ref]).catch(() => undefined)));
    await registry?.stop();
    await wrongRegistry?.stop();
    await env?.close();
  });

  it('deploys once per pushed image, with the version tag and its digest', async () => {
    for (const tag of ['1.2.0', 'latest', '1.2']) {
      const ref = `${registry.host}/team/app:${tag}`;
      await run('docker', ['tag', BASE_IMAGE, ref]);
      pushed.push(ref);
      await run('docker', ['push', ref]);
    }
    const request = await until('the deploy request', () => env.scheduler.requests[0]);
    const manifest = await fetch(`http://${registry.host}/v2/team/app/manifests/1.2.0`, {
      method: 'HEAD',
      headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' },
    });
    const digest = manifest.headers.get('docker-content-digest');
    expect(request).toMatchObject({
      componentId: component.component.id,
      trigger: { kind: 'image', provider: 'distribution' },
      target: { tag: '1.2.0', digest },
    });
    // Every notification has arrived once the two other manifest pushes are logged.
    await until('the other tags in the log', () =>
      env.store.data.deliveries.filter((d) => d.componentId === component.component.id && /latest|1\.2\b/.test(d.summary ?? '') && d.outcome === 'ignored').length >= 2 ? true : undefined,
    );
    expect(env.scheduler.requests).toHaveLength(1);
    const reasons = env.store.data.deliveries.filter((d) => d.componentId === component.component.id).map((d) => d.reason ?? '');
    expect(reasons.some((r) => /not a semantic version/.test(r))).toBe(true);
    // layer pushes are answered but leave no row; every row is a tagged manifest push
    expect(reasons.some((r) => /blob push/.test(r))).toBe(false);
    expect(env.store.data.deliveries.filter((d) => d.componentId === component.component.id).every((d) => d.event === 'push' && /team\/app:/.test(d.summary ?? ''))).toBe(true);
    const stored = env.store.data.components.find((c) => c.id === component.component.id)!;
    // accepted, not yet deployed: the configured tag follows only a succeeded deploy
    expect(stored.source.type === 'image' && stored.source.image).toBe('registry.example.com/team/app:1.0.0');
    expect(env.store.data.deliveries.every((d) => d.verified || d.componentId !== component.component.id)).toBe(true);
  });

  it('a multi-layer image push is exactly one row that matters (queued); pulls are never logged as pushes', async () => {
    const rowsBefore = new Set(env.store.data.deliveries.map((d) => d.id));
    const requestsBefore = env.scheduler.requests.length;
    const ref = `${registry.host}/team/app:1.3.0`;
    const dir = await mkdtemp(join(tmpdir(), 'ad-layers-'));
    try {
      // three layers on top of the base image: each is a blob push, each a notification
      await writeFile(join(dir, 'Dockerfile'), `FROM ${BASE_IMAGE}\nRUN echo one > /one\nRUN echo two > /two\nRUN echo three > /three\nLABEL test.built-as="${ref}"\n`);
      await run('docker', ['build', '-q', '-t', ref, dir]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    pushed.push(ref);
    await run('docker', ['push', ref]);
    await until('the deploy request for 1.3.0', () => env.scheduler.requests.find((r, i) => i >= requestsBefore && r.target.tag === '1.3.0'));
    // pulls of the image, then a sentinel tag: the registry delivers in order, so once the
    // sentinel's row is there every pull notification has been answered
    await run('docker', ['rmi', ref]);
    await run('docker', ['pull', ref]);
    await run('docker', ['pull', ref]);
    const sentinel = `${registry.host}/team/app:sentinel`;
    await run('docker', ['tag', ref, sentinel]);
    pushed.push(sentinel);
    await run('docker', ['push', sentinel]);
    const mine = () => env.store.data.deliveries.filter((d) => !rowsBefore.has(d.id) && d.componentId === component.component.id);
    await until('the sentinel row', () => (mine().some((d) => /:sentinel/.test(d.summary ?? '')) ? true : undefined));
    const rows = mine();
    expect(rows.map((d) => [d.event, d.outcome, d.summary])).toEqual([
      ['push', 'ignored', expect.stringMatching(/team\/app:sentinel$/)],
      ['push', 'queued', expect.stringMatching(/team\/app:1\.3\.0$/)],
    ]);
    expect(env.store.data.deliveries.some((d) => d.event === 'pull')).toBe(false);
    expect(env.scheduler.requests.length - requestsBefore).toBe(1);
  });

  it('refuses a registry that sends the wrong Authorization header', async () => {
    const ref = `${wrongRegistry.host}/team/app:1.5.0`;
    await run('docker', ['tag', BASE_IMAGE, ref]);
    pushed.push(ref);
    await run('docker', ['push', ref]);
    const refused = await until('a refused notification', () => env.store.data.deliveries.find((d) => d.componentId === wrongAuth.component.id && d.status === 401));
    expect(refused.reason).toMatch(/Authorization header is neither/);
    expect(env.scheduler.requests.filter((r) => r.componentId === wrongAuth.component.id)).toHaveLength(0);
  });
});
