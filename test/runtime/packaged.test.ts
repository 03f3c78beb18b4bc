/**
 * The package as a user installs it: `npm pack` of this checkout (what `files` ships, no
 * sources), installed into a temporary prefix with its `dependencies` from the npm registry,
 * then the installed `autodeploy serve` run outside the checkout: it serves the dashboard and
 * lets both ports go on SIGTERM to the pid we spawned.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/registry';
import { alive, startCommand, stillOpenAfter } from './process-helpers';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

describe('the packed package, installed outside the checkout', () => {
  let dir: string;
  let prefix: string;
  let packed: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ad-pack-'));
    prefix = join(dir, 'prefix');
    // the global set-up built out/; --ignore-scripts: nothing else to run at pack time
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT });
    const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    packed = info.files.map((f) => f.path);
    // --ignore-scripts skips the optional native builds (ssh2's cpu-features), which serve does not need
    await run('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(dir, info.filename)], {
      cwd: dir,
      timeout: 300_000,
    });
  }, 360_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('ships the compiled engine and the built dashboard, and no TypeScript sources', () => {
    expect(packed).toContain('bin/autodeploy.mjs');
    expect(packed).toContain('out/headless/index.js');
    expect(packed).toContain('out/renderer/index.html');
    expect(packed.filter((p) => /\.tsx?$/.test(p) || p.startsWith('electron/') || p.startsWith('test/'))).toEqual([]);
  });

  it('installs only the runtime dependencies (no TypeScript loader, no build tools)', async () => {
    const installed = await readdir(join(prefix, 'lib', 'node_modules', 'auto-deploy', 'node_modules'));
    expect(installed).toContain('dockerode');
    expect(installed).toContain('localtunnel');
    for (const tool of ['tsx', 'vite', 'esbuild', 'typescript', 'electron', 'react', 'zod']) expect(installed).not.toContain(tool);
  });

  it('runs `autodeploy serve` from the install, serves the dashboard, and frees both ports on SIGTERM', async () => {
    const [webhookPort, controlPort] = [await freePort(), await freePort()];
    const dataDir = join(dir, 'data');
    const serve = await startCommand(
      join(prefix, 'bin', 'autodeploy'),
      ['serve', '--data-dir', dataDir, '--webhook-port', String(webhookPort), '--control-port', String(controlPort)],
      { cwd: tmpdir() },
    );
    try {
      const page = await fetch(`http://127.0.0.1:${controlPort}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(await page.text()).toContain('<div id="root">');
      const token = (await readFile(join(dataDir, 'control-token'), 'utf8')).trim();
      const status = await fetch(`http://127.0.0.1:${controlPort}/api/status`, { headers: { authorization: `Bearer ${token}` } });
      expect(status.status).toBe(200);
      // stdout is not a terminal here (as under a service manager): the token stays out of it
      expect(serve.output()).not.toContain(token);
    } finally {
      serve.proc.kill('SIGTERM');
    }
    expect(await stillOpenAfter([webhookPort, controlPort], 5_000)).toEqual([]);
    expect(await serve.exited).toEqual({ code: 0, signal: null });
    expect(alive(serve.proc.pid!)).toBe(false);
  });
});
