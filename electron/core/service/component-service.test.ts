import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api';
import type { ApiEvent } from '../../../shared/api';
import { EventBus } from '../events';
import { FileKeySealer } from '../store/sealer';
import { Store } from '../store/store';
import { ComponentService } from './component-service';

let dir: string;
let store: Store;
let service: ComponentService;
let events: ApiEvent[];
const removed: [string, boolean][] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ad-components-'));
  store = await Store.open(dir);
  const bus = new EventBus();
  events = [];
  bus.subscribe((e) => events.push(e));
  // the deploy engine's clean-up is its own concern; here we only see that it is asked
  const scheduler = {
    removeComponentResources: async (id: string, removeContainer: boolean) => {
      removed.push([id, removeContainer]);
      return removeContainer;
    },
  };
  service = new ComponentService(store, await FileKeySealer.open(join(dir, 'secret.key')), bus, scheduler);
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const git = { type: 'git' as const, repo: 'git@github.com:acme/api.git' };

describe('ComponentService', () => {
  it('gives a git component a git and an API trigger, both with generated secrets', async () => {
    const c = await service.create({ name: 'api', source: git });
    expect(c.source).toMatchObject({ branch: 'main', dockerfile: 'Dockerfile', context: '.' });
    expect(c.triggers).toEqual({ git: { enabled: true, keyword: 'deploy', secretSet: true }, api: { enabled: true, secretKeySet: true } });
    const secret = service.reveal(c.id, 'git').value;
    const key = service.reveal(c.id, 'api').value;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key).not.toBe(secret);
    expect(service.reveal(c.id, 'hook').value).toHaveLength(32);
    expect(events).toContainEqual({ type: 'components-changed', componentId: c.id });
  });

  it('keeps what a patch does not name, and clears optional settings sent empty', async () => {
    const c = await service.create({
      name: 'web',
      source: { type: 'image', image: 'team/web:v1' },
      triggers: { image: { tagPattern: 'semver:^1.0.0', noDowngrade: true } },
      deploy: { ports: ['8080:80'], command: ['httpd', '-f'], network: 'backend', restart: 'always' },
    });
    const u = await service.update(c.id, { deploy: { command: [], network: '' }, triggers: { image: { enabled: false } } });
    expect(u.deploy.command).toBeUndefined();
    expect(u.deploy.network).toBeUndefined();
    expect(u.deploy.ports).toEqual(['8080:80']);
    expect(u.deploy.restart).toBe('always');
    expect(u.triggers.image).toEqual({ enabled: false, tagPattern: 'semver:^1.0.0', noDowngrade: true, secretSet: false });
  });

  it('switches triggers and secrets with the source type', async () => {
    const c = await service.create({ name: 'switch', source: { type: 'image', image: 'team/web:v1' } });
    expect(c.triggers.git).toBeUndefined();
    const u = await service.update(c.id, { source: git });
    expect(u.triggers.image).toBeUndefined();
    expect(u.triggers.git).toEqual({ enabled: true, keyword: 'deploy', secretSet: true });
  });

  it('refuses a duplicate name and a trigger the source cannot have, naming the fields', async () => {
    await service.create({ name: 'dup', source: git });
    const err = await service.create({ name: 'dup', source: { type: 'image', image: 'x/y' }, triggers: { git: {} } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).details?.map((d) => d.path).sort()).toEqual(['name', 'triggers.git']);
    expect(store.data.components).toHaveLength(1);
  });

  it('regenerates the hook id, so the old URL stops working', async () => {
    const c = await service.create({ name: 'hooky', source: git });
    const before = service.webhooks(c.id, { local: 'http://127.0.0.1:7780' });
    const { value } = await service.regenerate(c.id, 'hook');
    const after = service.webhooks(c.id, { local: 'http://127.0.0.1:7780', public: 'https://x.loca.lt/' });
    expect(after.hooks.map((h) => h.url)).toEqual([`https://x.loca.lt/hooks/${value}/git`, `https://x.loca.lt/hooks/${value}/api`]);
    expect(after.hooks.every((h) => h.base === 'tunnel' && h.localUrl.startsWith('http://127.0.0.1:7780/hooks/'))).toBe(true);
    expect(before.hooks[0]?.url).not.toContain(value);
  });

  it('asks the deploy engine to clean up on delete, then forgets the component', async () => {
    const c = await service.create({ name: 'gone', source: git });
    expect(await service.remove(c.id, { removeContainer: true })).toEqual({ removedContainer: true });
    expect(removed).toContainEqual([c.id, true]);
    expect(() => service.get(c.id)).toThrow(/No component/);
  });
});
