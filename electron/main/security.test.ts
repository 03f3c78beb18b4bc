import { describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';
import { fakeEvent, fakeSession, FakeWebContents } from '../../test/electron/fake-electron';
import { dashboardWindowOptions } from './dashboard-window';
import { CONTENT_SECURITY_POLICY, DEV_CONTENT_SECURITY_POLICY, guardSession, guardWebContents, isAppUrl } from './security';

const APP = 'app://autodeploy/index.html';

function guarded() {
  const contents = new FakeWebContents();
  const openExternal = vi.fn(async () => undefined);
  guardWebContents(contents as unknown as WebContents, { appUrl: APP, openExternal });
  const navigate = (url: string, isMainFrame = true) => {
    const event = fakeEvent({ url, isMainFrame });
    contents.emit('will-frame-navigate', event);
    return event;
  };
  return { contents, openExternal, navigate };
}

describe('window security', () => {
  it('the dashboard window is isolated, sandboxed and without Node', () => {
    const options = dashboardWindowOptions('/app/out/preload/index.cjs');
    expect(options.show).toBe(false);
    expect(options.webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
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
    });
  });

  it('a navigation to a foreign URL is prevented and opened in the browser instead', () => {
    const { navigate, openExternal } = guarded();
    const event = navigate('https://evil.example/phish');
    expect(event.preventDefault).toHaveBeenCalledOnce();
    expect(openExternal).toHaveBeenCalledWith('https://evil.example/phish');
  });

  it("navigations within the app's own pages are allowed", () => {
    const { navigate, openExternal } = guarded();
    for (const url of ['app://autodeploy/index.html#/deploys/d_1', 'app://autodeploy/other.html']) {
      expect(navigate(url).preventDefault).not.toHaveBeenCalled();
    }
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('non-web schemes are blocked and never handed to the OS', () => {
    const { navigate, openExternal, contents } = guarded();
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'app://other-host/index.html']) {
      expect(navigate(url).preventDefault).toHaveBeenCalledOnce();
    }
    expect(contents.windowOpenHandler!({ url: 'smb://host/share' })).toEqual({ action: 'deny' });
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('a foreign subframe navigation is blocked without opening anything', () => {
    const { navigate, openExternal } = guarded();
    expect(navigate('https://ads.example/', false).preventDefault).toHaveBeenCalledOnce();
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('window.open is always denied; web links open in the browser', () => {
    const { contents, openExternal } = guarded();
    expect(contents.windowOpenHandler!({ url: 'https://github.com/settings/hooks' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: APP })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://github.com/settings/hooks');
  });

  it('redirects away from the app and webviews are prevented', () => {
    const { contents } = guarded();
    const redirect = fakeEvent({ url: 'https://elsewhere.example/' });
    contents.emit('will-redirect', redirect);
    expect(redirect.preventDefault).toHaveBeenCalledOnce();
    const webview = fakeEvent();
    contents.emit('will-attach-webview', webview, {}, {});
    expect(webview.preventDefault).toHaveBeenCalledOnce();
  });

  it('every permission request and check is denied', () => {
    const session = fakeSession();
    guardSession(session as unknown as Session, {});
    const callback = vi.fn();
    session.permissionRequestHandler!({}, 'media', callback, {});
    session.permissionRequestHandler!({}, 'notifications', callback, {});
    expect(callback.mock.calls).toEqual([[false], [false]]);
    expect(session.permissionCheckHandler!({}, 'clipboard-read', APP, {})).toBe(false);
    expect(session.webRequest.onHeadersReceived).not.toHaveBeenCalled();
  });

  it('the dev server gets a CSP header, other origins are left alone', () => {
    const session = fakeSession();
    guardSession(session as unknown as Session, { devServerUrl: 'http://localhost:5173/' });
    const listener = session.webRequest.onHeadersReceived.mock.calls[0][0] as (d: unknown, cb: (r: unknown) => void) => void;
    const own = vi.fn();
    listener({ url: 'http://localhost:5173/src/main.tsx', responseHeaders: { 'X-A': ['1'] } }, own);
    expect(own).toHaveBeenCalledWith({ responseHeaders: { 'X-A': ['1'], 'Content-Security-Policy': [DEV_CONTENT_SECURITY_POLICY] } });
    const other = vi.fn();
    listener({ url: 'https://cdn.example/x.js', responseHeaders: {} }, other);
    expect(other).toHaveBeenCalledWith({ responseHeaders: {} });
  });

  it('the CSP allows only the app itself', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*/);
  });

  it('isAppUrl compares scheme and host, and rejects garbage', () => {
    expect(isAppUrl('app://autodeploy/x', APP)).toBe(true);
    expect(isAppUrl('app://autodeploy.evil/x', APP)).toBe(false);
    expect(isAppUrl('http://localhost:5173/#/x', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('not a url', APP)).toBe(false);
    expect(isAppUrl(undefined, APP)).toBe(false);
  });
});
