/**
 * A checkout that was never built: `npx autodeploy serve` says what to run instead of starting
 * something that answers 404, and serve refuses to start without the dashboard.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function runIn(cwd: string, command: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, out: stdout + stderr });
    });
  });
}

describe('without a build', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ad-nobuild-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('`npx autodeploy serve` in a fresh checkout fails, naming the command to run', async () => {
    const checkout = join(dir, 'fresh');
    await cp(join(ROOT, 'package.json'), join(checkout, 'package.json'));
    await cp(join(ROOT, 'bin'), join(checkout, 'bin'), { recursive: true });
    const r = await runIn(checkout, 'npx', ['--no-install', 'autodeploy', 'serve', '--webhook-port', '0', '--control-port', '0']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('autodeploy: not built');
    expect(r.out).toContain('run `npm run build`');
  });

  it('serve without the dashboard built fails before listening, naming the command to run', async () => {
    const checkout = join(dir, 'half');
    await cp(join(ROOT, 'package.json'), join(checkout, 'package.json'));
    await cp(join(ROOT, 'bin'), join(checkout, 'bin'), { recursive: true });
    await cp(join(ROOT, 'out', 'headless'), join(checkout, 'out', 'headless'), { recursive: true });
    const r = await runIn(checkout, process.execPath, ['bin/autodeploy.mjs', 'serve', '--data-dir', join(dir, 'data'), '--webhook-port', '0', '--control-port', '0']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('the dashboard is not built');
    expect(r.out).toContain('run `npm run build`');
    expect(r.out).not.toContain('serving');
  });
});
