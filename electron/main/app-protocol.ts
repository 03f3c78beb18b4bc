/**
 * The dashboard is served from a privileged custom scheme (app://autodeploy/...) rather than
 * file://: pages get a real origin for navigation checks, the CSP arrives as a response header,
 * and nothing outside the built renderer folder can be read.
 */
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import type { Protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from './security';

export const APP_SCHEME = 'app';
export const APP_HOST = 'autodeploy';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Must run before `app` is ready. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** The file an app:// URL names inside `rootDir`, or undefined for other hosts and escapes. */
export function resolveAppFile(rootDir: string, requestUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0')) return undefined;
  const file = resolve(rootDir, `.${path === '/' ? '/index.html' : path}`);
  const rel = relative(rootDir, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? file : undefined;
}

export type ReadFile = (path: string) => Promise<Uint8Array>;

export async function appResponse(rootDir: string, requestUrl: string, read: ReadFile = readFile): Promise<Response> {
  const file = resolveAppFile(rootDir, requestUrl);
  if (!file) return new Response('Not found', { status: 404 });
  let body: Uint8Array;
  try {
    body = await read(file);
  } catch {
    return new Response('Not found', { status: 404 });
  }
  return new Response(new Uint8Array(body), {
    status: 200,
    headers: {
      'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    },
  });
}

/** Must run after `app` is ready. */
export function serveApp(protocol: Pick<Protocol, 'handle'>, rootDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(rootDir, request.url));
}
