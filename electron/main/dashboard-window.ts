/**
 * The dashboard window: created on first use, hidden (not closed) when the user closes it so
 * the app keeps living in the tray, and pointed at a hash route (e.g. `/deploys/<id>`) when a
 * notification or the tray asks for one.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { secureWebPreferences } from './security';

export interface DashboardWindowDeps {
  createWindow: (options: BrowserWindowConstructorOptions) => BrowserWindow;
  /** The renderer's index page (app://autodeploy/index.html, or the dev server URL). */
  pageUrl: string;
  preload: string;
  icon?: string;
  /** While quitting, closing really closes. */
  isQuitting: () => boolean;
  /** Called once per new window, before its page loads (e.g. to attach the event forwarder). */
  onCreated?: (win: BrowserWindow) => void;
  log?: (message: string) => void;
}

export function dashboardWindowOptions(preload: string, icon?: string): BrowserWindowConstructorOptions {
  return {
    width: 1120,
    height: 760,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Auto Deploy',
    autoHideMenuBar: true,
    ...(icon ? { icon } : {}),
    webPreferences: secureWebPreferences(preload),
  };
}

/** `pageUrl` with the dashboard hash route, e.g. `app://autodeploy/index.html#/deploys/d_1`. */
export const routeUrl = (pageUrl: string, route = '/'): string =>
  `${pageUrl.split('#')[0]}#${route.startsWith('/') ? route : `/${route}`}`;

export class DashboardWindow {
  private win?: BrowserWindow;

  constructor(private readonly deps: DashboardWindowDeps) {}

  get current(): BrowserWindow | undefined {
    return this.win && !this.win.isDestroyed() ? this.win : undefined;
  }

  /** Show (creating it if needed) and focus; with a route, navigate there. */
  show(route?: string): void {
    const existing = this.current;
    if (!existing) {
      this.create(route);
      return;
    }
    if (route !== undefined) this.load(existing, route);
    if (existing.isMinimized()) existing.restore();
    existing.show();
    existing.focus();
  }

  hide(): void {
    this.current?.hide();
  }

  private create(route: string | undefined): BrowserWindow {
    const win = this.deps.createWindow(dashboardWindowOptions(this.deps.preload, this.deps.icon));
    this.win = win;
    win.on('close', (event) => {
      if (this.deps.isQuitting()) return;
      event.preventDefault();
      win.hide();
    });
    win.on('closed', () => {
      if (this.win === win) this.win = undefined;
    });
    // Shown once painted, so the user never sees an empty white frame.
    win.once('ready-to-show', () => {
      win.show();
      win.focus();
    });
    this.deps.onCreated?.(win);
    this.load(win, route ?? '/');
    return win;
  }

  private load(win: BrowserWindow, route: string): void {
    // Only the fragment differs on later calls, so Chromium navigates in-page without a reload.
    win.loadURL(routeUrl(this.deps.pageUrl, route)).catch((err: unknown) => this.deps.log?.(`dashboard load: ${String(err)}`));
  }
}
