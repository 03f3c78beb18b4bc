import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AtomicTextFile } from './atomic-file';
import { SCHEMA_VERSION } from './document';
import { DB_FILE, LAST_GOOD_FILE, Store, parseDocument } from './store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ad-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sampleComponent = (n: number) => ({
  id: `c_${n}`,
  name: `app-${n}`,
  autoBuild: true,
  source: { type: 'image' as const, image: `registry.example.com/team/app-${n}:v1` },
  triggers: { image: { enabled: true, tagPattern: '', noDowngrade: false }, api: { enabled: true } },
  deploy: {
    target: 'container' as const,
    ports: ['8080:80'],
    env: {},
    secretEnv: [],
    volumes: [],
    restart: 'unless-stopped' as const,
    healthcheck: { timeoutSeconds: 60, stableSeconds: 3 },
    keepImages: 3,
    replicas: 1,
  },
  hookId: 'h'.repeat(32),
  secrets: {},
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
});

describe('Store', () => {
  it('creates a versioned, valid db.json with mode 0600 on first open', async () => {
    const store = await Store.open(dir);
    await store.close();
    const text = await readFile(join(dir, DB_FILE), 'utf8');
    const doc = parseDocument(text);
    expect(doc.version).toBe(SCHEMA_VERSION);
    expect(doc.components).toEqual([]);
    expect((await stat(join(dir, DB_FILE))).mode & 0o777).toBe(0o600);
    expect(store.warnings).toEqual([]);
  });

  it('persists updates across reopen and keeps a last-good copy', async () => {
    const store = await Store.open(dir);
    await store.update((doc) => {
      doc.components.push(sampleComponent(1));
    });
    await store.close();
    const again = await Store.open(dir);
    expect(again.data.components.map((c) => c.name)).toEqual(['app-1']);
    const lastGood = parseDocument(await readFile(join(dir, LAST_GOOD_FILE), 'utf8'));
    expect(lastGood.components).toHaveLength(1);
  });

  it('coalesces concurrent updates and loses none of them', async () => {
    const store = await Store.open(dir);
    const writes = vi.spyOn(AtomicTextFile.prototype, 'write');
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.update((doc) => {
          doc.components.push(sampleComponent(i));
        }),
      ),
    );
    await store.close();
    // 50 updates, at most one write in flight plus one waiting: not one write each
    expect(writes.mock.calls.length).toBeGreaterThan(0);
    expect(writes.mock.calls.length).toBeLessThanOrEqual(2);
    writes.mockRestore();
    const doc = parseDocument(await readFile(join(dir, DB_FILE), 'utf8'));
    expect(doc.components).toHaveLength(50);
  });

  const corruptions: [string, (good: string) => string, RegExp][] = [
    ['truncated', (good) => good.slice(0, Math.floor(good.length / 2)), /not valid JSON/],
    ['invalid JSON', () => '{"version": 1, nope', /not valid JSON/],
    ['valid JSON failing the schema', () => JSON.stringify({ version: 1, settings: { autoDeploy: 'yes' } }), /does not match the schema/],
    ['a JSON array', () => '[1,2,3]', /not a JSON object/],
    ['from a newer version', () => JSON.stringify({ version: 99 }), /newer Auto Deploy/],
  ];
  for (const [name, corrupt, message] of corruptions) {
    it(`sets aside a ${name} file, restores the last good copy, and warns`, async () => {
      const store = await Store.open(dir);
      await store.update((doc) => {
        doc.components.push(sampleComponent(7));
      });
      await store.close();
      await Store.open(dir).then((s) => s.close()); // a clean start records the last good copy
      const good = await readFile(join(dir, DB_FILE), 'utf8');
      await writeFile(join(dir, DB_FILE), corrupt(good));

      const recovered = await Store.open(dir);
      expect(recovered.data.components.map((c) => c.name)).toEqual(['app-7']);
      expect(recovered.warnings).toHaveLength(1);
      expect(recovered.warnings[0]).toMatch(message);
      expect(recovered.warnings[0]).toMatch(/last good copy was restored/);
      const files = await readdir(dir);
      const aside = files.filter((f) => f.startsWith(`${DB_FILE}.corrupt-`));
      expect(aside).toHaveLength(1);
      expect(await readFile(join(dir, aside[0]), 'utf8')).toBe(corrupt(good));
      // the restored data is written back as a valid file
      expect(parseDocument(await readFile(join(dir, DB_FILE), 'utf8')).components).toHaveLength(1);
    });
  }

  it('starts empty with a warning when neither the file nor a good copy can be read', async () => {
    await writeFile(join(dir, DB_FILE), 'garbage');
    const store = await Store.open(dir);
    expect(store.data.components).toEqual([]);
    expect(store.warnings[0]).toMatch(/no good copy was found/);
  });

  it('migrates a version-1 file: the old seen-deliveries table is dropped', async () => {
    const v1 = { version: 1, settings: {}, components: [sampleComponent(4)], deploys: [], deliveries: [], seenDeliveries: { abc: new Date().toISOString() } };
    await writeFile(join(dir, DB_FILE), JSON.stringify(v1));
    const store = await Store.open(dir);
    expect(store.warnings).toEqual([]);
    expect(store.data.version).toBe(2);
    expect(store.data.components[0]?.name).toBe('app-4');
    await store.close();
    expect(JSON.parse(await readFile(join(dir, DB_FILE), 'utf8'))).not.toHaveProperty('seenDeliveries');
  });

  it('migrates a version-0 file (no version field) to the current schema', async () => {
    const v0 = { settings: {}, components: [sampleComponent(3)], deploys: [] };
    await writeFile(join(dir, DB_FILE), JSON.stringify(v0));
    const store = await Store.open(dir);
    expect(store.warnings).toEqual([]);
    expect(store.data.version).toBe(SCHEMA_VERSION);
    expect(store.data.deliveries).toEqual([]);
    expect(store.data.components[0]?.name).toBe('app-3');
  });
});
