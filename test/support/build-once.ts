/**
 * vitest global set-up: the compiled `serve` (out/headless) and the dashboard (out/renderer)
 * that the tests run, built once per test run and only when older than their sources, exactly
 * as `npm run build` would build them (so tests run what users run, not the TypeScript).
 */
import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ensureRendererBuilt } from '../e2e/renderer-build';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function newestMtime(dirs: string[]): Promise<number> {
  let newest = 0;
  for (const dir of dirs) {
    for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile() || /\.test\.tsx?$/.test(entry.name)) continue;
      newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
    }
  }
  return newest;
}

/** Builds out/headless unless it is newer than electron/, shared/ and the build script. */
export async function ensureHeadlessBuilt(): Promise<boolean> {
  const built = await stat(join(ROOT, 'out', 'headless', 'index.js')).then((s) => s.mtimeMs, () => 0);
  const sources = Math.max(
    await newestMtime([join(ROOT, 'electron'), join(ROOT, 'shared')]),
    (await stat(join(ROOT, 'build', 'headless.mjs'))).mtimeMs,
  );
  if (built > sources) return false;
  await promisify(execFile)(process.execPath, [join(ROOT, 'build', 'headless.mjs')], { cwd: ROOT });
  return true;
}

export default async function setup(): Promise<void> {
  await Promise.all([ensureHeadlessBuilt(), ensureRendererBuilt()]);
}
