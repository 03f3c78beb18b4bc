/**
 * Every window-security decision in one place: the web preferences, the CSP, which URLs are
 * the app's own pages, and the guards on each web contents (navigation, new windows,
 * webviews) and on the session (permissions, CSP header for the dev server).
 */
import type { App, Session, WebContents, WebPreferences } from 'electron';

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

/** The dashboard needs its own scripts, styles (React sets inline style attributes) and data: images. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** electron-vite's dev server injects an inline React-refresh preamble and talks over a websocket. */
export const DEV_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
  "script-src 'self'",
  "script-src 'self' 'unsafe-inline'",
).replace("connect-src 'self'", "connect-src 'self' ws: http://localhost:* http://127.0.0.1:*");

/** True for the app's own pages: same origin as `appUrl` (app://autodeploy or the dev server). */
export function isAppUrl(url: string | undefined, appUrl: string): boolean {
  if (!url) return false;
  try {
    const target = new URL(url);
    const own = new URL(appUrl);
    return target.protocol === own.protocol && target.host === own.host;
  } catch {
    return false;
  }
}

const isWebUrl = (url: string): boolean => {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
};

export interface GuardOptions {
  appUrl: string;
  openExternal: (url: string) => Promise<void>;
  log?: (message: string) => void;
}

/** Navigation stays on the app's pages; links to the web open in the browser; nothing else opens. */
export function guardWebContents(contents: WebContents, opts: GuardOptions): void {
  const external = (url: string): void => {
    if (isWebUrl(url)) opts.openExternal(url).catch((err: unknown) => opts.log?.(`could not open ${url}: ${String(err)}`));
    else opts.log?.(`blocked ${url}`);
  };
  contents.on('will-frame-navigate', (event) => {
    if (isAppUrl(event.url, opts.appUrl)) return;
    event.preventDefault();
    if (event.isMainFrame) external(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, opts.appUrl)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    external(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Deny every permission (camera, notifications from the page, clipboard reads, …); the dashboard needs none. */
export function guardSession(session: Session, opts: { devServerUrl?: string }): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  const dev = opts.devServerUrl;
  // Production pages get their CSP from the app:// protocol handler; the dev server needs a header here.
  if (dev) {
    session.webRequest.onHeadersReceived((details, callback) => {
      const headers = { ...details.responseHeaders };
      if (isAppUrl(details.url, dev)) headers['Content-Security-Policy'] = [DEV_CONTENT_SECURITY_POLICY];
      callback({ responseHeaders: headers });
    });
  }
}

/** Guard every web contents the app ever creates, including ones we did not create ourselves. */
export function installSecurity(app: Pick<App, 'on'>, opts: GuardOptions): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, opts));
}
