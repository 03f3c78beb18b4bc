/**
 * The desktop shell on the real engine (real store, listener, deploy scheduler, Docker and a
 * loopback registry); only Electron is faked. A component created over IPC appears in the tray,
 * its API webhook URL is copied from the tray, a call to that URL deploys it, and the
 * "deployed" notification opens that deploy's log.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { ipcChannel, type ApiMethod } from '../../shared/api';
import type { IpcResult } from '../../shared/ipc';
import { createEngine } from '../../electron/core/engine';
import { runDesktop, type DesktopApp, type ElectronModules } from '../../electron/main/desktop-app';
import { buildWithCli, cleanupComponents, dockerfileServing, httpText, run, uniqueName } from '../deploy/helpers';
import { describeDocker, ensureBaseImage } from '../support/docker';
import { freePort, startRegistry, type TestRegistry } from '../support/registry';
import { clickMenuItem, createFakeElectron, fakeEvent, type FakeElectron } from './fake-electron';

await describeDocker('desktop shell on the real engine', () => {
  let dir: string;
  let registry: TestRegistry;
  let fake: FakeElectron;
  let desktop: DesktopApp | undefined;
  let componentId = '';
  const name = uniqueName('desk');
  let port = 0;

  const invoke = async <T>(method: ApiMethod, ...args: unknown[]): Promise<IpcResult<T>> =>
    (await fake.handlers.get(ipcChannel(method))!({ senderFrame: { url: 'app://autodeploy/index.html' } }, ...args)) as IpcResult<T>;
  const menuText = () => JSON.stringify(fake.trays[0]?.menu ?? []);

  beforeAll(async () => {
    await ensureBaseImage();
    dir = await mkdtemp(join(tmpdir(), 'ad-desktop-'));
    registry = await startRegistry();
    port = await freePort();
    await buildWithCli(`${registry.host}/desk/${name}:v1`, dockerfileServing(), { version: 'v1\n' });
    await run('docker', ['push', `${registry.host}/desk/${name}:v1`]);
    fake = createFakeElectron(join(dir, 'userData'));
    desktop = await runDesktop(fake.electron as unknown as ElectronModules, {
      // Port 0: never collide with a running app or another suite.
      createEngine: (o) => createEngine({ ...o, webhookPort: 0, webhookHost: '127.0.0.1' }),
      mainDir: join(dir, 'out', 'main'),
      resourcesPath: join(dir, 'resources'),
      argv: ['auto-deploy', '--hidden'],
      platform: 'linux',
      env: {},
      log: () => undefined,
    });
  });
  afterAll(async () => {
    if (desktop && !fake.electron.app.exit.mock.calls.length) await desktop.engine.stop(5000);
    await cleanupComponents([componentId], [name]);
    await registry?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('IPC validation errors carry the engine’s field details', async () => {
    const bad = await invoke('createComponent', { name: 'Not Valid', source: { type: 'image', image: 'x:1' } });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.code).toBe('validation');
    expect(!bad.ok && bad.error.details?.map((d) => d.path)).toContain('name');
  });

  it('create over IPC → tray → copy API URL → webhook call → deployed notification → log route', async () => {
    const created = await invoke<{ id: string }>('createComponent', {
      name,
      source: { type: 'image', image: `${registry.host}/desk/${name}:v1` },
      triggers: { api: { enabled: true } },
      secretKey: 'desk-test-secret-key',
      deploy: { ports: [`127.0.0.1:${port}:8080`], healthcheck: { stableSeconds: 1, timeoutSeconds: 30 } },
    });
    expect(created.ok).toBe(true);
    componentId = created.ok ? created.value.id : '';

    await vi.waitFor(() => expect(menuText()).toContain(`component:${componentId}:copy-api`), { timeout: 10_000 });
    clickMenuItem(fake.trays[0].menu, `component:${componentId}:copy-api`);
    await vi.waitFor(() => expect(fake.electron.clipboard.writeText).toHaveBeenCalledOnce());
    const url = fake.electron.clipboard.writeText.mock.calls[0][0] as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hooks\/[^/]+\/api$/);
    expect(fake.notifications[0].options.title).toBe(`Copied ${name}'s API URL — local only`);

    const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ secret_key: 'desk-test-secret-key' }) });
    expect(answer.status).toBe(202);
    const { deployId } = (await answer.json()) as { deployId: string };

    await vi.waitFor(() => expect(fake.notifications.map((n) => n.options.title)).toContain(`${name} deployed`), { timeout: 120_000, interval: 250 });
    const done = fake.notifications.find((n) => n.options.title === `${name} deployed`)!;
    expect(done.options.body).toMatch(new RegExp(`^${name} deployed v1 in [\\d.]+ (s|min)`));
    expect(await httpText(port)).toBe('200 v1');

    done.emit('click');
    expect(fake.windows).toHaveLength(1);
    expect(fake.windows[0].loadURL).toHaveBeenCalledWith(`app://autodeploy/index.html#/deploys/${deployId}`);

    await vi.waitFor(() => expect(menuText()).toContain(`${name} — ✓ v1, just now`), { timeout: 10_000 });
    expect(fake.trays[0].image).toMatch(/tray-idle\.png$/);
  });

  it('quitting stops the real engine, then exits', async () => {
    const quit = fakeEvent();
    fake.electron.app.emit('before-quit', quit);
    expect(quit.preventDefault).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(fake.electron.app.exit).toHaveBeenCalledWith(0), { timeout: 20_000 });
  });
});
