/**
 * runDesktop called directly with fake Electron modules: the launch options and settings that
 * depend on how the app was started (login item, hidden start, a failing engine).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../electron/core/events';
import { runDesktop, type DesktopOptions, type ElectronModules } from '../../electron/main/desktop-app';
import { createFakeElectron, fakeEvent, type FakeElectron } from './fake-electron';
import { FakeApi } from './fake-api';

let dir: string;
let fake: FakeElectron;
let api: FakeApi;
let events: EventBus;

function options(p: Partial<DesktopOptions> = {}): DesktopOptions {
  return {
    createEngine: async () => ({ api, events, start: async () => undefined, stop: async () => undefined, status: () => api.getStatus(), resumed: () => undefined }),
    mainDir: join(dir, 'out', 'main'),
    resourcesPath: join(dir, 'resources'),
    argv: ['auto-deploy'],
    platform: 'linux',
    env: { XDG_CONFIG_HOME: join(dir, 'config') },
    log: () => undefined,
    ...p,
  };
}
const electron = () => fake.electron as unknown as ElectronModules;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'autodeploy-launch-'));
  fake = createFakeElectron(join(dir, 'userData'));
  api = new FakeApi();
  events = new EventBus();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('launch options', () => {
  it('started with --hidden (at login) stays in the tray until asked', async () => {
    const app = await runDesktop(electron(), options({ argv: ['auto-deploy', '--hidden'] }));
    expect(app).toBeDefined();
    expect(fake.windows).toHaveLength(0);
    expect(fake.trays).toHaveLength(1);
    fake.electron.app.emit('second-instance', fakeEvent(), [], '/');
    expect(fake.windows).toHaveLength(1);
    expect(fake.windows[0].loadURL).toHaveBeenCalledWith('app://autodeploy/index.html#/');
  });

  it('packaged: reads icons from resources and follows the start-at-login setting (Linux autostart)', async () => {
    fake.electron.app.isPackaged = true;
    await runDesktop(electron(), options());
    expect(fake.trays[0].image).toBe(join(dir, 'resources', 'tray', 'tray-idle.png'));
    const entry = join(dir, 'config', 'autostart', 'auto-deploy.desktop');
    expect(existsSync(entry)).toBe(false);
    events.emit({ type: 'settings-changed', settings: { ...api.settings, startAtLogin: true } });
    await vi.waitFor(() => expect(existsSync(entry)).toBe(true));
    expect(readFileSync(entry, 'utf8')).toContain('--hidden');
    events.emit({ type: 'settings-changed', settings: { ...api.settings, startAtLogin: false } });
    await vi.waitFor(() => expect(existsSync(entry)).toBe(false));
  });

  it('packaged on macOS: uses the login item and template tray images', async () => {
    fake.electron.app.isPackaged = true;
    api.settings = { ...api.settings, startAtLogin: true };
    await runDesktop(electron(), options({ platform: 'darwin' }));
    expect(fake.electron.app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true, args: ['--hidden'] });
    expect(fake.trays[0].image).toBe(join(dir, 'resources', 'tray', 'tray-idleTemplate.png'));
  });

  it('a development build never registers itself at login', async () => {
    api.settings = { ...api.settings, startAtLogin: true };
    await runDesktop(electron(), options({ platform: 'darwin' }));
    events.emit({ type: 'settings-changed', settings: { ...api.settings, startAtLogin: false } });
    expect(fake.electron.app.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('the dev server URL replaces the app:// pages in development only', async () => {
    await runDesktop(electron(), options({ env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } }));
    expect(fake.windows[0].loadURL).toHaveBeenCalledWith('http://localhost:5173#/');
    expect(fake.electron.protocol.handle).not.toHaveBeenCalled();
    expect(fake.electron.session.defaultSession.webRequest.onHeadersReceived).toHaveBeenCalledOnce();
  });

  it('an engine that cannot start is reported in a dialog and the app exits', async () => {
    const result = await runDesktop(
      electron(),
      options({ createEngine: () => Promise.reject(new Error('Webhook port 7780 on 127.0.0.1 is already in use')) }),
    );
    expect(result).toBeUndefined();
    expect(fake.electron.dialog.showErrorBox).toHaveBeenCalledWith('Auto Deploy could not start', 'Webhook port 7780 on 127.0.0.1 is already in use');
    expect(fake.electron.app.exit).toHaveBeenCalledWith(1);
    expect(fake.trays).toHaveLength(0);
  });

  it('Windows: a left click on the tray opens the dashboard; notifications get the app id', async () => {
    await runDesktop(electron(), options({ platform: 'win32', argv: ['auto-deploy', '--hidden'] }));
    expect(fake.electron.app.setAppUserModelId).toHaveBeenCalledWith('dev.autodeploy.app');
    fake.trays[0].emit('click');
    expect(fake.windows).toHaveLength(1);
  });
});
