/**
 * Wires the engine to Electron: secure window, IPC, tray, notifications, secrets, login item,
 * single instance and graceful quit. Electron's modules are passed in, so tests run all of this
 * against small fakes.
 */
import type * as Electron from 'electron';
import type { ApiEvent } from '../../shared/api';
import type { Settings } from '../../shared/schemas/settings';
import type { Engine, EngineOptions } from '../core/engine';
import { checkSealingKeys, KeyMismatch } from '../core/store/key-check';
import { APP_INDEX_URL, registerAppScheme, serveApp } from './app-protocol';
import { DashboardWindow } from './dashboard-window';
import { DeployNotifier } from './deploy-notifier';
import { ElectronNotifier } from './electron-notifier';
import { ElectronTrayView, trayIconPath } from './electron-tray';
import { EventForwarder } from './event-forwarder';
import { registerApiHandlers } from './ipc-handlers';
import { claimSingleInstance, GracefulQuit } from './lifecycle';
import { applyStartAtLogin, HIDDEN_FLAG } from './login-item';
import { appPaths } from './paths';
import { chooseSealer, sealingKeys } from './safe-storage-sealer';
import { guardSession, installSecurity, isAppUrl } from './security';
import { createTrayActions } from './tray-actions';
import { TrayController } from './tray-controller';

export type ElectronModules = Pick<
  typeof Electron,
  'app' | 'BrowserWindow' | 'Tray' | 'Menu' | 'Notification' | 'clipboard' | 'shell' | 'safeStorage' | 'ipcMain' | 'protocol' | 'session' | 'dialog'
> &
  Partial<Pick<typeof Electron, 'powerMonitor'>>;

export interface DesktopOptions {
  createEngine: (options: EngineOptions) => Promise<Engine>;
  mainDir: string;
  resourcesPath: string;
  argv: string[];
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  quitTimeoutMs?: number;
  log?: (message: string) => void;
}

export interface DesktopApp {
  engine: Engine;
  dashboard: DashboardWindow;
  tray: TrayController;
  quit: GracefulQuit;
}

/** Resolves undefined when another instance owns the app (this one quits). */
export async function runDesktop(electron: ElectronModules, opts: DesktopOptions): Promise<DesktopApp | undefined> {
  const { app } = electron;
  const log = opts.log ?? ((m: string) => console.warn(`[auto-deploy] ${m}`));
  let engine: Engine | undefined;
  let showWhenReady = false;
  // A second launch during start-up shows the window once it exists.
  let onSecondInstance = (): void => {
    showWhenReady = true;
  };
  const cleanups: (() => void)[] = [];

  registerAppScheme(electron.protocol);
  if (!claimSingleInstance(app, () => onSecondInstance())) return undefined;
  const quit = new GracefulQuit(app, (timeoutMs) => engine?.stop(timeoutMs) ?? Promise.resolve(), {
    timeoutMs: opts.quitTimeoutMs,
    onQuitting: () => cleanups.forEach((fn) => fn()),
    log,
  });
  quit.install();
  await app.whenReady();
  if (opts.platform === 'win32') app.setAppUserModelId('dev.autodeploy.app');

  const paths = appPaths({ app, mainDir: opts.mainDir, resourcesPath: opts.resourcesPath, env: opts.env });
  const devUrl = app.isPackaged ? undefined : opts.env.ELECTRON_RENDERER_URL;
  const pageUrl = devUrl ?? APP_INDEX_URL;
  if (!devUrl) serveApp(electron.protocol, paths.rendererDir);
  installSecurity(app, { appUrl: pageUrl, openExternal: (url) => electron.shell.openExternal(url), log });
  guardSession(electron.session.defaultSession, { devServerUrl: devUrl });

  const sealerOptions = { safeStorage: electron.safeStorage, platform: opts.platform, keyFile: paths.keyFile };
  try {
    // Before a key is chosen (which creates a key file where none is) or db.json is opened: the
    // same refusal as `serve`, so secrets that cannot be read are never started on or overwritten.
    await checkSealingKeys(paths.dataDir, sealingKeys(sealerOptions));
    const { sealer, warnings } = await chooseSealer(sealerOptions);
    engine = await opts.createEngine({ dataDir: paths.dataDir, sealer, version: app.getVersion(), warnings });
    await engine.start();
  } catch (err) {
    const title = err instanceof KeyMismatch ? 'Auto Deploy cannot open its secrets' : 'Auto Deploy could not start';
    electron.dialog.showErrorBox(title, err instanceof Error ? err.message : String(err));
    app.exit(1);
    return undefined;
  }
  const { api, events } = engine;
  // after sleep, webhooks sent meanwhile are lost: the engine asks the sources itself
  const started = engine;
  const onResume = (): void => started.resumed();
  electron.powerMonitor?.on('resume', onResume);
  cleanups.push(() => electron.powerMonitor?.off('resume', onResume));
  const subscribe = (fn: (event: ApiEvent) => void): (() => void) => events.subscribe(fn);

  const forwarder = new EventForwarder(subscribe);
  cleanups.push(() => forwarder.dispose());
  cleanups.push(registerApiHandlers(electron.ipcMain, api, (event) => isAppUrl(event.senderFrame?.url, pageUrl)));
  const window = new DashboardWindow({
    createWindow: (o) => new electron.BrowserWindow(o),
    pageUrl,
    preload: paths.preload,
    icon: opts.platform === 'linux' ? paths.appIcon : undefined,
    isQuitting: () => quit.quitting,
    onCreated: (win) => forwarder.attach(win.webContents),
    log,
  });
  onSecondInstance = () => window.show();

  const notifier = new ElectronNotifier({
    create: (o) => new electron.Notification(o),
    isSupported: () => electron.Notification.isSupported(),
    onClick: (route) => window.show(route),
    icon: opts.platform === 'linux' ? paths.appIcon : undefined,
  });
  const settings = await api.getSettings();
  const deployNotifier = new DeployNotifier({ subscribe, prefs: settings.notifications, notifier });
  cleanups.push(() => deployNotifier.dispose());
  followStartAtLogin(electron, opts, paths.autostartDir, settings, subscribe, log);

  const iconPath = (icon: Parameters<typeof trayIconPath>[1]): string => trayIconPath(paths.trayIconDir, icon, opts.platform);
  const tray = new electron.Tray(iconPath('idle'));
  const actions = createTrayActions({
    api,
    clipboard: electron.clipboard,
    notify: (spec) => notifier.show(spec),
    openDashboard: (route) => window.show(route),
    openExternal: (url) => electron.shell.openExternal(url),
    quit: () => app.quit(),
  });
  const view = new ElectronTrayView({ tray, buildMenu: (t) => electron.Menu.buildFromTemplate(t), iconPath, dispatch: (a) => void actions(a) });
  const trayController = new TrayController({ api, subscribe, view, log });
  cleanups.push(() => trayController.stop());
  // Windows users expect a left click on the tray icon to open the app; the menu is on right click.
  if (opts.platform === 'win32') tray.on('click', () => window.show());
  app.on('activate', () => window.show());
  await trayController.start();

  const launchedHidden =
    opts.argv.includes(HIDDEN_FLAG) || (opts.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
  if (showWhenReady || !launchedHidden) window.show();
  return { engine, dashboard: window, tray: trayController, quit };
}

/** Apply "start at login" now and whenever the setting changes. */
function followStartAtLogin(
  electron: ElectronModules,
  opts: DesktopOptions,
  autostartDir: string,
  settings: Settings,
  subscribe: (fn: (event: ApiEvent) => void) => () => void,
  log: (message: string) => void,
): void {
  const deps = { platform: opts.platform, app: electron.app, exec: opts.env.APPIMAGE ?? process.execPath, autostartDir };
  let current = settings.startAtLogin;
  const apply = (enabled: boolean): void =>
    void applyStartAtLogin(enabled, deps).catch((err: unknown) => log(`start at login: ${String(err)}`));
  // Only touch the OS when the app is installed; a dev build must not register itself.
  if (electron.app.isPackaged) apply(current);
  subscribe((event) => {
    if (event.type !== 'settings-changed' || event.settings.startAtLogin === current) return;
    current = event.settings.startAtLogin;
    if (electron.app.isPackaged) apply(current);
  });
}
