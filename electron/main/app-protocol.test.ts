import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appResponse, resolveAppFile } from './app-protocol';
import { CONTENT_SECURITY_POLICY } from './security';

let root: string;
let outside: string;
beforeAll(() => {
  const base = mkdtempSync(join(tmpdir(), 'autodeploy-proto-'));
  root = join(base, 'renderer');
  outside = base;
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Auto Deploy</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'nope');
});
afterAll(() => rmSync(outside, { recursive: true, force: true }));

describe('app:// protocol', () => {
  it('maps URLs to files inside the renderer folder only', () => {
    expect(resolveAppFile(root, 'app://autodeploy/')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://autodeploy/assets/index-abc.js?v=1#x')).toBe(join(root, 'assets', 'index-abc.js'));
    // The URL parser folds dot segments (even encoded ones) before we see them: they stay inside.
    expect(resolveAppFile(root, 'app://autodeploy/../secret.txt')).toBe(join(root, 'secret.txt'));
    expect(resolveAppFile(root, 'app://autodeploy/%2e%2e/secret.txt')).toBe(join(root, 'secret.txt'));
    // Encoded slashes survive parsing and would climb out once decoded: refused.
    expect(resolveAppFile(root, 'app://autodeploy/assets/%2e%2e%2f%2e%2e%2fsecret.txt')).toBeUndefined();
    expect(resolveAppFile(root, 'app://autodeploy/%00')).toBeUndefined();
    expect(resolveAppFile(root, 'app://other/index.html')).toBeUndefined();
    expect(resolveAppFile(root, 'https://autodeploy/index.html')).toBeUndefined();
  });

  it('serves pages with the CSP header and the right type', async () => {
    const page = await appResponse(root, 'app://autodeploy/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>Auto Deploy</title>');
    const script = await appResponse(root, 'app://autodeploy/assets/index-abc.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers 404 for missing files and escapes', async () => {
    expect((await appResponse(root, 'app://autodeploy/missing.js')).status).toBe(404);
    const escape = await appResponse(root, 'app://autodeploy/%2e%2e/secret.txt');
    expect(escape.status).toBe(404);
    expect(await escape.text()).not.toContain('nope');
  });
});
