/**
 * The desktop app on the real engine and store (Electron faked), when the key that sealed the
 * data's secrets is gone: the OS keychain now unavailable or replaced, or the fallback key file
 * missing. Like `serve`, it refuses to start — a dialog naming the key and db.json, exit 1 —
 * and leaves every file in the data folder as it was (no new key, no rewritten db.json).
 */
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ipcChannel, type ApiMethod } from '../../shared/api';
import type { IpcResult } from '../../shared/ipc';
import { createEngine, type EngineOptions } from '../../electron/core/engine';
import { runDesktop, type DesktopApp, type ElectronModules } from '../../electron/main/desktop-app';
import { createFakeElectron, type FakeElectron } from './fake-electron';

const SECRET = 'desktop-sealed-secret-1';
let dir: string;
let userData: string;
let dataDir: string;
let keyFile: string;
const running: DesktopApp[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ad-desktop-key-'));
  userData = join(dir, 'userData');
  dataDir = join(userData, 'data');
  keyFile = join(dataDir, 'secret.key');
});
afterEach(async () => {
  for (const app of running.splice(0)) await app.engine.stop(5000);
  await rm(dir, { recursive: true, force: true });
});

async function launch(keychain: boolean, tweak: (fake: FakeElectron) => void = () => undefined) {
  const fake = createFakeElectron(userData, { keychain });
  tweak(fake);
  // the real engine, on port 0 so no run collides with another
  const engineFactory = vi.fn((o: EngineOptions) => createEngine({ ...o, webhookPort: 0, webhookHost: '127.0.0.1' }));
  const app = await runDesktop(fake.electron as unknown as ElectronModules, {
    createEngine: engineFactory,
    mainDir: join(dir, 'out', 'main'),
    resourcesPath: join(dir, 'resources'),
    argv: ['auto-deploy', '--hidden'],
    platform: 'linux',
    env: { XDG_CONFIG_HOME: join(dir, 'config') },
    log: () => undefined,
  });
  if (app) running.push(app);
  const invoke = async <T>(method: ApiMethod, ...args: unknown[]): Promise<T> => {
    const result = (await fake.handlers.get(ipcChannel(method))!({ senderFrame: { url: 'app://autodeploy/index.html' } }, ...args)) as IpcResult<T>;
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };
  return { fake, app, engineFactory, invoke };
}

/** Starts the app once, creates a component with a sealed secret, and stops. Returns its id. */
async function seed(keychain: boolean): Promise<string> {
  const { app, invoke } = await launch(keychain);
  expect(app).toBeDefined();
  const { id } = await invoke<{ id: string }>('createComponent', { name: 'sealed', source: { type: 'git', repo: 'https://git.example.com/a/b.git' }, secret: SECRET });
  await app!.engine.stop(5000);
  running.splice(0);
  return id;
}

/** Every file under the data folder with its bytes, to prove a refused start wrote nothing. */
async function snapshot(): Promise<Record<string, string>> {
  const files = await readdir(dataDir, { recursive: true, withFileTypes: true });
  const out: Record<string, string> = {};
  for (const f of files.filter((e) => e.isFile())) {
    const path = join(f.parentPath, f.name);
    out[path] = (await readFile(path)).toString('base64');
  }
  return out;
}

async function expectRefused(launched: Awaited<ReturnType<typeof launch>>, message: RegExp): Promise<void> {
  expect(launched.app).toBeUndefined();
  expect(launched.fake.electron.dialog.showErrorBox).toHaveBeenCalledOnce();
  const [title, text] = launched.fake.electron.dialog.showErrorBox.mock.calls[0] as unknown as [string, string];
  expect(title).toBe('Auto Deploy cannot open its secrets');
  expect(text).toMatch(message);
  expect(text).toContain('docs/security.md');
  expect(launched.fake.electron.app.exit).toHaveBeenCalledWith(1);
  expect(launched.engineFactory).not.toHaveBeenCalled();
  expect(launched.fake.trays).toHaveLength(0);
}

describe('desktop start with sealed secrets whose key is gone', () => {
  it('sealed with the keychain, keychain now unavailable: refuses, names the keychain and db.json, writes nothing; back with the keychain, the secret opens', async () => {
    const id = await seed(true);
    const before = await snapshot();
    expect(Object.keys(before)).toContain(join(dataDir, 'db.json'));

    const refused = await launch(false);
    await expectRefused(refused, /^the OS keychain is not available \(no Secret Service or KWallet is running\), but .*db\.json holds 2 sealed secrets that need it; refusing to start with a new key\. Start or unlock your keyring/);
    expect(refused.fake.electron.dialog.showErrorBox.mock.calls[0][1]).toContain(join(dataDir, 'db.json'));
    // no key file was created to replace the keychain, db.json untouched
    expect(await snapshot()).toEqual(before);

    const again = await launch(true);
    expect(again.app).toBeDefined();
    expect(again.fake.electron.dialog.showErrorBox).not.toHaveBeenCalled();
    await expect(again.invoke('revealSecret', id, 'git')).resolves.toEqual({ value: SECRET });
  });

  it('sealed with the keychain, keychain replaced (it no longer decrypts them): refuses', async () => {
    await seed(true);
    const before = await snapshot();
    const refused = await launch(true, (fake) => {
      fake.electron.safeStorage.decryptString = () => {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      };
    });
    await expectRefused(refused, /^the OS keychain does not open the sealed secrets in .*db\.json \(was it replaced\?\)/);
    expect(await snapshot()).toEqual(before);
  });

  it('sealed with the key file (no keychain), key file missing: refuses naming its path, creates no new key', async () => {
    await seed(false);
    await rename(keyFile, `${keyFile}.moved`);
    const before = await snapshot();
    const refused = await launch(false);
    await expectRefused(refused, new RegExp(`^${escapeRe(keyFile)} is missing, but .*db\\.json holds 2 sealed secrets that need it`));
    expect(refused.fake.electron.dialog.showErrorBox.mock.calls[0][1]).toContain('Put the original secret.key back');
    expect(await snapshot()).toEqual(before);
  });

  it('sealed with the key file, key file replaced: refuses', async () => {
    await seed(false);
    await writeFile(keyFile, randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
    const before = await snapshot();
    await expectRefused(await launch(false), new RegExp(`^${escapeRe(keyFile)} does not open the sealed secrets in .*db\\.json`));
    expect(await snapshot()).toEqual(before);
  });

  it('sealed with the key file, keychain available now but the key file gone: refuses (the keychain cannot open them)', async () => {
    await seed(false);
    await rm(keyFile);
    const before = await snapshot();
    await expectRefused(await launch(true), new RegExp(`^${escapeRe(keyFile)} is missing`));
    expect(await snapshot()).toEqual(before);
  });
});

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
