/** Data survives restarts, kill -9 mid-write, and corrupted files — against the real `serve` process. */
import { readFile, readdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDocument } from '../../electron/core/store/store';
import { startServe } from '../support/serve';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ad-persist-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('headless persistence', () => {
  it('keeps a component unchanged across a restart of serve', async () => {
    const first = await startServe({ dataDir: dir });
    const created: any = await (
      await first.api('/components', {
        method: 'POST',
        json: {
          name: 'api',
          source: { type: 'git', repo: 'https://github.com/acme/api.git', branch: 'release/2.x' },
          triggers: { git: { keyword: 'ship' } },
          deploy: { ports: ['127.0.0.1:18090:8080'], env: { MODE: 'prod' }, volumes: ['data:/var/lib/app'], restart: 'always' },
        },
      })
    ).json();
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.output()).toMatch(/stopped/);

    const second = await startServe({ dataDir: dir });
    try {
      const again = await (await second.api(`/components/${created.id}`)).json();
      expect(again).toEqual(created);
      // the same token is reused, so scripts keep working
      expect(second.token).toBe(first.token);
    } finally {
      await second.stop();
    }
  });

  it('always leaves a loadable, valid db.json when killed with SIGKILL during a stream of writes', async () => {
    const ROUNDS = 12;
    let written = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const serve = await startServe({ dataDir: dir });
      const writer = (async () => {
        for (let i = 0; ; i++) {
          const res = await serve
            .api('/components', { method: 'POST', json: { name: `r${round}-c${i}`, source: { type: 'image', image: `team/app-${i}:v${i}` } } })
            .catch(() => null);
          if (!res) return;
          if (res.status === 201) written++;
          const body = (await res.json().catch(() => null)) as { id?: string } | null;
          if (body?.id) {
            await serve.api(`/components/${body.id}`, { method: 'PATCH', json: { deploy: { env: { I: String(i) } } } }).catch(() => null);
          }
        }
      })();
      await new Promise((r) => setTimeout(r, 150 + ((round * 97) % 400)));
      await serve.stop('SIGKILL');
      await writer;
      const text = await readFile(join(dir, 'db.json'), 'utf8');
      const doc = parseDocument(text); // throws if torn or invalid
      expect(doc.components.length).toBeGreaterThan(0);
      const leftovers = (await readdir(dir)).filter((f) => f.includes('.corrupt-'));
      expect(leftovers).toEqual([]);
    }
    expect(written).toBeGreaterThan(ROUNDS);
  });

  it('starts with a corrupted db.json, keeps it aside, and says so in status', async () => {
    const first = await startServe({ dataDir: dir });
    await first.api('/components', { method: 'POST', json: { name: 'keep-me', source: { type: 'image', image: 'team/app:v1' } } });
    await first.stop();
    // a clean start records the good copy; then the file is damaged
    await (await startServe({ dataDir: dir })).stop();
    const good = await readFile(join(dir, 'db.json'), 'utf8');
    await writeFile(join(dir, 'db.json'), good.slice(0, good.length - 40));

    const serve = await startServe({ dataDir: dir });
    try {
      const status = (await (await serve.api('/status')).json()) as { warnings: string[] };
      expect(status.warnings.join('\n')).toMatch(/could not be read: not valid JSON.*last good copy was restored/s);
      const names = ((await (await serve.api('/components')).json()) as { name: string }[]).map((c) => c.name);
      expect(names).toEqual(['keep-me']);
      expect(serve.output()).toMatch(/Warning: The data file/);
      const aside = (await readdir(dir)).filter((f) => f.startsWith('db.json.corrupt-'));
      expect(aside).toHaveLength(1);
    } finally {
      await serve.stop();
    }
  });
});

describe('secrets', () => {
  it('never appear in db.json, data files, logs or API reads — only through reveal', async () => {
    const secrets = {
      secret: 'gitsecret-7f3a9c1e5b',
      secretKey: 'apikey-2d8e4b6f0a1c',
      gitToken: 'ghp_tokenvalue1234567890',
    };
    const serve = await startServe({ dataDir: dir });
    try {
      const res = await serve.api('/components', {
        method: 'POST',
        json: { name: 'secretive', source: { type: 'git', repo: 'https://github.com/acme/private.git', username: 'bot' }, ...secrets },
      });
      expect(res.status).toBe(201);
      const created = (await res.json()) as { id: string };
      const imgRes = await serve.api('/components', {
        method: 'POST',
        json: { name: 'private-image', source: { type: 'image', image: '127.0.0.1:5000/team/priv:v1', registryUsername: 'bot' }, registryPassword: 'regpass-99887766' },
      });
      expect(imgRes.status).toBe(201);
      const all = [...Object.values(secrets), 'regpass-99887766'];

      const reads = [
        await (await serve.api('/components')).text(),
        await (await serve.api(`/components/${created.id}`)).text(),
        await (await serve.api(`/components/${created.id}/webhooks`)).text(),
        await (await serve.api('/deploys')).text(),
        await (await serve.api('/deliveries')).text(),
        await (await serve.api('/status')).text(),
        await (await serve.api('/settings')).text(),
      ];
      for (const text of reads) for (const s of all) expect(text).not.toContain(s);

      const reveal = async (kind: string) =>
        ((await (await serve.api(`/components/${created.id}/secrets/${kind}/reveal`, { method: 'POST' })).json()) as { value: string }).value;
      expect(await reveal('git')).toBe(secrets.secret);
      expect(await reveal('api')).toBe(secrets.secretKey);

      await serve.stop();
      for (const file of await readdir(dir, { recursive: true })) {
        if (file === 'secret.key') continue;
        const content = await readFile(join(dir, file)).catch(() => null);
        if (!content) continue;
        for (const s of all) expect(content.toString('utf8'), file).not.toContain(s);
      }
      for (const s of all) expect(serve.output()).not.toContain(s);
    } finally {
      await serve.stop();
    }
  });
});
