/**
 * The Electron main process end to end, with `electron` replaced by small fakes and the engine
 * by a recording api: the real entry (electron/main/index.ts) is imported and driven through
 * its tray menu, notifications, windows and app events.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_ROUTES, IPC_EVENT_CHANNEL, ipcChannel, type ApiMethod } from '../../shared/api';
import { EventBus } from '../../electron/core/events';
import type { EngineOptions } from '../../electron/core/engine';
import { clickMenuItem, createFakeElectron, fakeEvent, type FakeElectron } from './fake-electron';
import { FakeApi } from './fake-api';
import { hooks, makeDeploy } from './fixtures';

function fakeEngine() {
  const api = new FakeApi();
  const events = new EventBus();
  let finishStop!: () => void;
  const stopped = new Promise<void>((resolve) => (finishStop = resolve));
  return {
    api,
    events,
    start: vi.fn(async () => undefined),
    stop: vi.fn((_timeoutMs?: number) => stopped),
    status: () => api.getStatus(),
    resumed: vi.fn(),
    finishStop,
  };
}

let userData: string;
let fake: FakeElectron;
let engine: ReturnType<typeof fakeEngine>;
let createEngine: ReturnType<typeof vi.fn<(o: EngineOptions) => Promise<ReturnType<typeof fakeEngine>>>>;

async function launch(opts: Parameters<typeof createFakeElectron>[1] = {}): Promise<void> {
  fake = createFakeElectron(userData, opts);
  engine = fakeEngine();
  createEngine = vi.fn(async (_o: EngineOptions) => engine);
  vi.resetModules();
  vi.doMock('electron', () => fake.electron);
  vi.doMock('../../electron/core/engine', () => ({ createEngine }));
  await import('../../electron/main/index');
}
const started = () => vi.waitFor(() => expect(fake.windows[0]?.loadURL).toHaveBeenCalled());
const tray = () => fake.trays[0];
const win = () => fake.windows[0];

beforeEach(() => {
  userData = mkdtempSync(join(tmpdir(), 'autodeploy-desktop-'));
});
afterEach(() => {
  vi.useRealTimers();
  vi.doUnmock('electron');
  vi.doUnmock('../../electron/core/engine');
  rmSync(userData, { recursive: true, force: true });
});

describe('desktop app start-up', () => {
  it('starts the engine under userData with the keychain sealer and opens a secure window on the app page', async () => {
    await launch();
    await started();
    const options = createEngine.mock.calls[0][0];
    expect(options).toMatchObject({ dataDir: join(userData, 'data'), version: '9.9.9', warnings: [] });
    expect(options.sealer.kind).toBe('safeStorage');
    expect(options.sealer.unseal(options.sealer.seal('s3cret'))).toBe('s3cret');
    expect(engine.start).toHaveBeenCalledOnce();
    expect(fake.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(fake.electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(win().options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(win().options.webPreferences?.preload).toMatch(/preload[\\/]index\.cjs$/);
    expect(win().loadURL).toHaveBeenCalledWith('app://autodeploy/index.html#/');
    expect([...fake.handlers.keys()].sort()).toEqual((Object.keys(API_ROUTES) as ApiMethod[]).map(ipcChannel).sort());
    expect(tray().image).toMatch(/tray[\\/]tray-idle\.png$/);
    await vi.waitFor(() => expect(tray().menu.length).toBeGreaterThan(0));
    expect(tray().tooltip).toBe('Auto Deploy — idle\nTunnel off (webhooks reach this machine only)');
  });

  it('without an OS keychain falls back to the key file and says so in the engine warnings', async () => {
    await launch({ keychain: false });
    await started();
    const options = createEngine.mock.calls[0][0];
    expect(options.sealer.kind).toBe('file');
    expect(options.warnings).toEqual([expect.stringContaining('The OS keychain is not available')]);
    expect(options.warnings![0]).toContain(join(userData, 'data', 'secret.key'));
  });

  it('a second instance quits at once and never starts an engine', async () => {
    await launch({ lock: false });
    await vi.waitFor(() => expect(fake.electron.app.quit).toHaveBeenCalledOnce());
    expect(createEngine).not.toHaveBeenCalled();
    expect(fake.trays).toHaveLength(0);
  });

  it('a second launch focuses the running window', async () => {
    await launch();
    await started();
    win().show.mockClear();
    win().focus.mockClear();
    fake.electron.app.emit('second-instance', fakeEvent(), [], '/');
    expect(win().show).toHaveBeenCalledOnce();
    expect(win().focus).toHaveBeenCalledOnce();
    expect(fake.windows).toHaveLength(1);
  });

  it('waking from sleep makes the engine catch up', async () => {
    await launch();
    await started();
    expect(engine.resumed).not.toHaveBeenCalled();
    fake.electron.powerMonitor.emit('resume');
    expect(engine.resumed).toHaveBeenCalledOnce();
  });
});

describe('tray', () => {
  beforeEach(async () => {
    await launch();
    await started();
    await vi.waitFor(() => expect(tray().menu.length).toBeGreaterThan(0));
  });

  it('toggles and actions call the engine api', async () => {
    clickMenuItem(tray().menu, 'auto-deploy');
    clickMenuItem(tray().menu, 'tunnel');
    clickMenuItem(tray().menu, 'component:c_web:auto-build');
    clickMenuItem(tray().menu, 'component:c_web:deploy');
    await vi.waitFor(() => expect(engine.api.callsOf('deployNow')).toHaveLength(1));
    expect(engine.api.callsOf('updateSettings')).toEqual([[{ autoDeploy: false }]]);
    expect(engine.api.callsOf('startTunnel')).toEqual([[]]);
    expect(engine.api.callsOf('updateComponent')).toEqual([['c_web', { autoBuild: false }]]);
    expect(engine.api.callsOf('deployNow')).toEqual([['c_web', undefined]]);
  });

  it('"Check now" asks the engine to catch up with the component\'s source', async () => {
    clickMenuItem(tray().menu, 'component:c_web:check');
    await vi.waitFor(() => expect(engine.api.callsOf('checkComponent')).toEqual([['c_web']]));
    await vi.waitFor(() => expect(fake.notifications.map((n) => n.options.title)).toContain('web: up to date'));
  });

  it('"Copy API URL" writes the URL and warns that it is local while the tunnel is off', async () => {
    clickMenuItem(tray().menu, 'component:c_web:copy-api');
    await vi.waitFor(() => expect(fake.notifications).toHaveLength(1));
    expect(fake.electron.clipboard.writeText).toHaveBeenCalledWith('http://127.0.0.1:7780/hooks/h_c_web/api');
    expect(fake.notifications[0].options.title).toBe("Copied web's API URL — local only");
  });

  it('"Copy image webhook URL" copies the public URL once the tunnel is up', async () => {
    engine.api.webhooks.c_web = hooks('c_web', 'tunnel', ['image', 'api']);
    clickMenuItem(tray().menu, 'component:c_web:copy-image');
    await vi.waitFor(() => expect(fake.notifications).toHaveLength(1));
    expect(fake.electron.clipboard.writeText).toHaveBeenCalledWith('https://abc.loca.lt/hooks/h_c_web/image');
    expect(fake.notifications[0].options).toMatchObject({ title: "Copied web's image webhook URL", body: 'https://abc.loca.lt/hooks/h_c_web/image' });
  });

  it('a failing action is reported with the engine\'s reason', async () => {
    engine.api.deploys = [
      makeDeploy({ id: 'd_2', componentId: 'c_web', componentName: 'web', target: { tag: 'v2' } }),
      makeDeploy({ id: 'd_1', componentId: 'c_web', componentName: 'web', target: { tag: 'v1' } }),
    ];
    engine.events.emit({ type: 'deploy', deploy: makeDeploy({ id: 'd_2', componentId: 'c_web', state: 'deploying' }) });
    await vi.waitFor(() => expect(JSON.stringify(tray().menu)).toContain('Roll back to v1'));
    clickMenuItem(tray().menu, 'component:c_web:rollback');
    await vi.waitFor(() => expect(fake.notifications).toHaveLength(1));
    expect(fake.notifications[0].options).toMatchObject({ title: 'Could not roll back', body: 'no earlier successful deploy to roll back to' });
  });

  it('is rebuilt on events: pausing shows the paused icon and tooltip', async () => {
    engine.api.status = { ...engine.api.status, autoDeploy: false };
    engine.events.emit({ type: 'settings-changed', settings: { ...engine.api.settings, autoDeploy: false } });
    await vi.waitFor(() => expect(tray().image).toMatch(/tray-paused\.png$/));
    expect(tray().tooltip.split('\n')[0]).toBe('Auto Deploy — paused');
  });

  it('"Open dashboard" and "Quit" do what they say', async () => {
    win().show.mockClear();
    clickMenuItem(tray().menu, 'open-dashboard');
    await vi.waitFor(() => expect(win().show).toHaveBeenCalledOnce());
    clickMenuItem(tray().menu, 'quit');
    await vi.waitFor(() => expect(fake.electron.app.quit).toHaveBeenCalledOnce());
  });
});

describe('notifications', () => {
  beforeEach(async () => {
    await launch();
    await started();
    vi.useFakeTimers();
  });
  const timed = { createdAt: '2030-01-01T00:00:00Z', startedAt: '2030-01-01T00:00:02Z', finishedAt: '2030-01-01T00:00:14Z' };

  it.each([
    ['succeeded', { title: 'web deployed', body: 'web deployed v5.2 in 12 s' }],
    ['failed', { title: 'web v5.2 failed to deploy', body: 'pull failed: manifest unknown' }],
    ['rolled-back', { title: 'web v5.2 rolled back', body: 'pull failed: manifest unknown. The previous version is running again.' }],
  ] as const)('a deploy that %s gives exactly one notification, and its click opens that log', async (state, text) => {
    const base = { id: 'd_5', componentId: 'c_web', componentName: 'web', target: { tag: 'v5.2' }, ...timed };
    engine.events.emit({ type: 'deploy', deploy: makeDeploy({ ...base, state: 'pulling', finishedAt: undefined }) });
    engine.events.emit({ type: 'deploy', deploy: makeDeploy({ ...base, state, reason: 'pull failed: manifest unknown\nat layer 3' }) });
    engine.events.emit({ type: 'deploy', deploy: makeDeploy({ ...base, state, reason: 'pull failed: manifest unknown\nat layer 3' }) });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.notifications).toHaveLength(1);
    expect(fake.notifications[0].options).toMatchObject(text);
    expect(fake.notifications[0].show).toHaveBeenCalledOnce();
    win().loadURL.mockClear();
    fake.notifications[0].emit('click');
    expect(win().loadURL).toHaveBeenCalledWith('app://autodeploy/index.html#/deploys/d_5');
    expect(win().show).toHaveBeenCalled();
  });

  it('a burst of deploys becomes one summary', async () => {
    for (let i = 0; i < 5; i++) {
      engine.events.emit({ type: 'deploy', deploy: makeDeploy({ id: `d_${i}`, componentId: `c_s${i}`, state: i === 3 ? 'failed' : 'succeeded' }) });
    }
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.notifications.map(({ options: { title, body } }) => ({ title, body }))).toEqual([{ title: '5 deploys finished', body: '4 succeeded, 1 failed: s3' }]);
  });

  it('follows the notification settings as they change', async () => {
    engine.events.emit({ type: 'settings-changed', settings: { ...engine.api.settings, notifications: { ...engine.api.settings.notifications, succeeded: false } } });
    engine.events.emit({ type: 'deploy', deploy: makeDeploy({ id: 'd_8', componentId: 'c_web' }) });
    engine.events.emit({ type: 'tunnel-url-changed', url: 'https://new.loca.lt', previousUrl: 'https://old.loca.lt' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.notifications.map((n) => n.options.title)).toEqual(['Public URL changed — update your webhooks']);
  });
});

describe('window and events', () => {
  beforeEach(async () => {
    await launch();
    await started();
  });

  it('closing the window hides it to the tray', () => {
    const close = fakeEvent();
    win().emit('close', close);
    expect(close.preventDefault).toHaveBeenCalledOnce();
    expect(win().hide).toHaveBeenCalledOnce();
  });

  it('engine events are queued until the page is loaded, then forwarded', () => {
    engine.events.emit({ type: 'status-changed' });
    expect(win().webContents.sent).toEqual([]);
    win().webContents.emit('did-stop-loading');
    engine.events.emit({ type: 'components-changed' });
    expect(win().webContents.sent).toEqual([
      [IPC_EVENT_CHANNEL, { type: 'status-changed' }],
      [IPC_EVENT_CHANNEL, { type: 'components-changed' }],
    ]);
  });

  it('IPC answers the app page and refuses other senders', async () => {
    const handler = fake.handlers.get(ipcChannel('getSettings'))!;
    await expect(handler({ senderFrame: { url: 'app://autodeploy/index.html#/settings' } })).resolves.toMatchObject({ ok: true, value: { autoDeploy: true } });
    await expect(handler({ senderFrame: { url: 'https://evil.example/' } })).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await expect(handler({ senderFrame: null })).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('quit', () => {
  beforeEach(async () => {
    await launch();
    await started();
  });

  it('waits for the engine to stop before exiting; the window really closes meanwhile', async () => {
    const quit = fakeEvent();
    fake.electron.app.emit('before-quit', quit);
    expect(quit.preventDefault).toHaveBeenCalledOnce();
    expect(engine.stop).toHaveBeenCalledWith(10_000);
    // A second quit request while stopping does not stop twice.
    fake.electron.app.emit('before-quit', fakeEvent());
    expect(engine.stop).toHaveBeenCalledOnce();
    const close = fakeEvent();
    win().emit('close', close);
    expect(close.preventDefault).not.toHaveBeenCalled();
    await Promise.resolve();
    expect(fake.electron.app.exit).not.toHaveBeenCalled();
    engine.finishStop();
    await vi.waitFor(() => expect(fake.electron.app.exit).toHaveBeenCalledWith(0));
    // After the stop, quitting proceeds without being held up again.
    const last = fakeEvent();
    fake.electron.app.emit('before-quit', last);
    expect(last.preventDefault).not.toHaveBeenCalled();
  });

  it('gives up on an engine that never stops, after its limit', async () => {
    vi.useFakeTimers();
    fake.electron.app.emit('before-quit', fakeEvent());
    await vi.advanceTimersByTimeAsync(11_000);
    expect(fake.electron.app.exit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_500);
    expect(fake.electron.app.exit).toHaveBeenCalledWith(0);
  });
});
