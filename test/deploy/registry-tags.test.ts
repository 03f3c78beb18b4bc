import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiError } from '../../shared/api';
import { parseImageRef } from '../../shared/image-ref';
import { listRegistryTags } from '../../electron/core/deploy/source/registry-tags';
import { markTags } from '../../electron/core/service/tag-list';
import { BASE_IMAGE, describeDocker, ensureBaseImage } from '../support/docker';
import { freePort, startRegistry } from '../support/registry';
import type { TestRegistry } from '../support/registry';
import type { Harness } from './helpers';
import { cleanupComponents, createComponent, openHarness, run, uniqueName } from './helpers';

await describeDocker('registry tag lists (real docker-registry)', () => {
  let registry: TestRegistry;
  let h: Harness;
  let repo: string;
  const name = uniqueName('tags');
  const ids: string[] = [];
  const pushed = ['v1.0.0', 'v1.2.0', 'v2.0.0', 'latest', 'nightly'];

  beforeAll(async () => {
    await ensureBaseImage();
    registry = await startRegistry();
    repo = `${registry.host}/team/${name}`;
    for (const tag of pushed) {
      await run('docker', ['tag', BASE_IMAGE, `${repo}:${tag}`]);
      await run('docker', ['push', `${repo}:${tag}`]);
      await run('docker', ['rmi', `${repo}:${tag}`]);
    }
    h = await openHarness();
  });
  afterAll(async () => {
    await h?.close();
    await cleanupComponents(ids, [name]);
    await registry?.stop();
  });

  it('lists every tag, following the registry\'s pages', async () => {
    const ref = parseImageRef(`${repo}:latest`);
    const all = await listRegistryTags({ ref, pageSize: 2 });
    expect(all.truncated).toBe(false);
    expect([...all.tags].sort()).toEqual([...pushed].sort());
    const some = await listRegistryTags({ ref, pageSize: 2, limit: 3 });
    expect(some.tags).toHaveLength(3);
    expect(some.truncated).toBe(true);
  });

  it('marks each tag by the component\'s rule, newest version first', async () => {
    const id = await createComponent(h, {
      name,
      source: { type: 'image', image: `${repo}:v1.0.0` },
      triggers: { image: { tagPattern: 'semver:^1.0.0' } },
    });
    ids.push(id);
    const comp = h.store.data.components.find((c) => c.id === id)!;
    const list = markTags(comp, await h.manager.registryTags(id));
    expect(list.repository).toBe(repo);
    expect(list.tags.map((t) => t.tag)).toEqual(['v2.0.0', 'v1.2.0', 'v1.0.0', 'latest', 'nightly']);
    const verdict = Object.fromEntries(list.tags.map((t) => [t.tag, t.verdict]));
    expect(verdict).toMatchObject({ 'v1.2.0': 'deploys', 'v1.0.0': 'deploys', 'v2.0.0': 'ignored', latest: 'ignored' });
  });

  it('says why when the registry cannot be asked', async () => {
    const id = await createComponent(h, { name: `${name}-gone`, source: { type: 'image', image: `127.0.0.1:${await freePort()}/team/x:v1` } });
    ids.push(id);
    const err = await h.manager.registryTags(id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('unavailable');
    expect((err as ApiError).message).toMatch(/cannot reach the registry/);
  });
});
