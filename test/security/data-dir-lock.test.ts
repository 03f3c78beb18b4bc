/**
 * Issue 11.5: two `serve` processes on one data directory. The second exits non-zero naming
 * the first one's pid; the first keeps working. A lock left by a killed process is stale and
 * does not block the next start.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServe } from '../support/serve';
import type { ServeProcess } from '../support/serve';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
let first: ServeProcess;

/** Runs `serve` to its exit; the test expects it to exit by itself. */
function serveToExit(dataDir: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'electron/headless.ts', 'serve', '--data-dir', dataDir, '--webhook-port', '0', '--control-port', '0'], { cwd: ROOT });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => proc.kill("SIGKILL"), 30_000);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ad-sec-lock-'));
  first = await startServe({ dataDir: dir });
});
afterAll(async () => {
  await first?.stop();
  await rm(dir, { recursive: true, force: true });
});

it('a second serve on the same data dir exits non-zero naming the first pid; the first keeps working', async () => {
  const created = await first.api('/components', { method: 'POST', json: { name: 'before', source: { type: 'image', image: 'example.com/a/b:1' } } });
  expect(created.status).toBe(201);

  const second = await serveToExit(dir);
  expect(second.code).not.toBe(0);
  expect(second.code).not.toBeNull();
  expect(second.out).toMatch(new RegExp(`already in use by another Auto Deploy \\(pid ${first.proc.pid}\\)`));
  expect(second.out).not.toMatch(/Dashboard:/);

  const after = await first.api('/components', { method: 'POST', json: { name: 'after', source: { type: 'image', image: 'example.com/a/b:1' } } });
  expect(after.status).toBe(201);
  const list = (await (await first.api('/components')).json()) as { name: string }[];
  expect(list.map((c) => c.name).sort()).toEqual(['after', 'before']);
});

it('a lock left by a killed process does not block the next start', async () => {
  await first.stop('SIGKILL');
  const next = await startServe({ dataDir: dir });
  try {
    const list = (await (await next.api('/components')).json()) as { name: string }[];
    expect(list.map((c) => c.name).sort()).toEqual(['after', 'before']);
  } finally {
    await next.stop();
  }
});
