/**
 * Issue 11.6: key and restore semantics, against the real `serve`.
 * - secret.key missing (or replaced) while db.json holds sealed secrets → serve refuses to
 *   start and says how to recover; nothing is overwritten.
 * - restoring db.last-good.json after a rotation never re-enables the rotated hook id or secret.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startServe } from '../support/serve';
import { githubHeaders, githubPush } from '../webhooks/fixtures';
import { createServed, post, serveToExit } from './serve-hooks';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ad-sec-key-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function withSealedData(): Promise<void> {
  const serve = await startServe({ dataDir: dir });
  try {
    await createServed(serve, { name: 'sealed', source: { type: 'git', repo: 'https://git.example.com/a/b.git' }, secret: 'sealed-secret-123' });
  } finally {
    await serve.stop();
  }
}

it('refuses to start when secret.key is missing and db.json holds sealed secrets', async () => {
  await withSealedData();
  const db = await readFile(join(dir, 'db.json'), 'utf8');
  await rename(join(dir, 'secret.key'), join(dir, 'secret.key.moved'));
  const run = await serveToExit(dir);
  expect(run.code).not.toBe(0);
  expect(run.code).not.toBeNull();
  expect(run.out).toMatch(/secret\.key is missing, but .*db\.json holds 2 sealed secrets/);
  expect(run.out).toMatch(/docs\/security\.md/);
  // nothing was replaced: no new key, the data as it was
  await expect(readFile(join(dir, 'secret.key'))).rejects.toThrow(/ENOENT/);
  expect(await readFile(join(dir, 'db.json'), 'utf8')).toBe(db);
  // putting the key back is the recovery
  await rename(join(dir, 'secret.key.moved'), join(dir, 'secret.key'));
  const serve = await startServe({ dataDir: dir });
  await serve.stop();
});

it('refuses to start when secret.key was replaced by another key', async () => {
  await withSealedData();
  await writeFile(join(dir, 'secret.key'), randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
  const run = await serveToExit(dir);
  expect(run.code).not.toBe(0);
  expect(run.out).toMatch(/secret\.key does not open the sealed secrets in .*db\.json/);
});

it('a restore of db.last-good.json after a rotation does not bring back the old hook id or secret', async () => {
  const SECRET = 'before-rotation-secret';
  let serve = await startServe({ dataDir: dir });
  const c = await createServed(serve, { name: 'rotated', source: { type: 'git', repo: 'https://github.com/acme/shop-api.git' }, triggers: { git: { enabled: true, keyword: '' } }, secret: SECRET });
  await serve.stop();
  // this start copies db.json (hook id H1, secret S1) to db.last-good.json
  serve = await startServe({ dataDir: dir });
  expect((await serve.api(`/components/${c.id}/secrets/hook/regenerate`, { method: 'POST' })).status).toBe(200);
  expect((await serve.api(`/components/${c.id}/secrets/git/regenerate`, { method: 'POST' })).status).toBe(200);
  await serve.stop();
  // db.json is damaged: the next start restores db.last-good.json
  await writeFile(join(dir, 'db.json'), '{"version":');
  serve = await startServe({ dataDir: dir });
  try {
    const body = JSON.stringify(githubPush());
    const hooks = (await (await serve.api(`/components/${c.id}/webhooks`)).json()) as { hooks: { trigger: string; url: string }[] };
    const now = hooks.hooks.find((h) => h.trigger === 'git')!.url;
    // the listener's port differs per start: the old hook path on today's listener
    const oldUrl = new URL(new URL(c.urls.git).pathname, now).href;
    expect(new URL(now).pathname).not.toBe(new URL(oldUrl).pathname);
    const old = await post(oldUrl, githubHeaders('push', body, SECRET), body);
    expect(old.status).toBe(404);
    // the rotated secret does not sign for the component either
    const signedOld = await post(now, githubHeaders('push', body, SECRET), body);
    expect(signedOld.status).not.toBe(202);
    const status = (await (await serve.api('/status')).json()) as { warnings: string[] };
    expect(status.warnings.join('\n')).toMatch(/retired/);
  } finally {
    await serve.stop();
  }
});
