/**
 * Small fakes of the Electron modules the main process uses, recording what the app does
 * with them. Tests install them with `vi.mock('electron', ...)` (the binary cannot run here).
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions, NotificationConstructorOptions } from 'electron';
import { vi } from 'vitest';

/** The Electron event object handlers receive: only preventDefault matters to us. */
export const fakeEvent = (extra: Record<string, unknown> = {}) => ({ defaultPrevented: false, preventDefault: vi.fn(), ...extra });

export class FakeWebContents extends EventEmitter {
  url = '';
  windowOpenHandler?: (details: { url: string }) => { action: 'allow' | 'deny' };
  readonly sent: [string, unknown][] = [];
  readonly session = fakeSession();
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDestroyed(): boolean {
    return false;
  }
}

export function fakeSession() {
  return {
    permissionRequestHandler: undefined as undefined | ((...a: unknown[]) => void),
    permissionCheckHandler: undefined as undefined | ((...a: unknown[]) => boolean),
    headersListener: undefined as undefined | ((...a: unknown[]) => void),
    setPermissionRequestHandler(h: (...a: unknown[]) => void) { this.permissionRequestHandler = h; },
    setPermissionCheckHandler(h: (...a: unknown[]) => boolean) { this.permissionCheckHandler = h; },
    webRequest: { onHeadersReceived: vi.fn() },
  };
}

export function createFakeElectron(userData: string, opts: { lock?: boolean; keychain?: boolean } = {}) {
  const windows: FakeBrowserWindow[] = [];
  const trays: FakeTray[] = [];
  const notifications: FakeNotification[] = [];
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();

  class FakeBrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    readonly loadURL = vi.fn(async (url: string) => {
      this.webContents.url = url;
    });
    readonly show = vi.fn();
    readonly focus = vi.fn();
    readonly hide = vi.fn();
    readonly restore = vi.fn();
    constructor(readonly options: BrowserWindowConstructorOptions) {
      super();
      windows.push(this);
    }
    isMinimized() { return false; }
    isDestroyed() { return false; }
  }

  class FakeTray extends EventEmitter {
    menu: MenuItemConstructorOptions[] = [];
    image: string;
    tooltip = '';
    constructor(image: string) {
      super();
      this.image = image;
      trays.push(this);
    }
    setContextMenu(menu: { template: MenuItemConstructorOptions[] }) { this.menu = menu.template; }
    setImage(image: string) { this.image = image; }
    setToolTip(tip: string) { this.tooltip = tip; }
  }

  class FakeNotification extends EventEmitter {
    static isSupported = () => true;
    readonly show = vi.fn();
    constructor(readonly options: NotificationConstructorOptions) {
      super();
      notifications.push(this);
    }
  }

  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => opts.lock ?? true),
    whenReady: vi.fn(() => Promise.resolve()),
    quit: vi.fn(),
    exit: vi.fn(),
    getPath: vi.fn((name: string) => (name === 'userData' ? userData : join(userData, name))),
    getAppPath: () => '/app',
    getVersion: () => '9.9.9',
    setAppUserModelId: vi.fn(),
    getLoginItemSettings: () => ({ wasOpenedAtLogin: false }),
    setLoginItemSettings: vi.fn(),
  });

  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Notification: FakeNotification,
    Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }) },
    clipboard: { writeText: vi.fn() },
    shell: { openExternal: vi.fn(async () => undefined) },
    safeStorage: {
      isEncryptionAvailable: () => opts.keychain ?? true,
      getSelectedStorageBackend: () => ((opts.keychain ?? true) ? 'gnome_libsecret' : 'basic_text'),
      encryptString: (s: string) => Buffer.from(`kc:${s}`),
      decryptString: (b: Buffer) => b.toString().slice(3),
    },
    ipcMain: {
      handle: vi.fn((channel: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) => handlers.set(channel, fn)),
      removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: { defaultSession: fakeSession() },
    dialog: { showErrorBox: vi.fn() },
    powerMonitor: new EventEmitter(),
  };
  return { electron, windows, trays, notifications, handlers };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

/** Click a menu item by id anywhere in a template. */
export function clickMenuItem(menu: MenuItemConstructorOptions[], id: string): void {
  const find = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions | undefined => {
    for (const item of items) {
      if (item.id === id) return item;
      const sub = Array.isArray(item.submenu) ? find(item.submenu) : undefined;
      if (sub) return sub;
    }
    return undefined;
  };
  const item = find(menu);
  if (!item?.click) throw new Error(`no clickable menu item ${id}`);
  (item.click as () => void)();
}
