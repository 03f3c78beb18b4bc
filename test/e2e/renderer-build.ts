/**
 * The built dashboard the control server serves (out/renderer): rebuilt when older than its
 * sources, and measured (the issue asks for the bundle size to be reported).
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT = join(ROOT, 'out', 'renderer');

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || /\.test\.tsx?$/.test(entry.name)) continue;
    newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/** Builds out/renderer unless it is newer than renderer/ and shared/. Returns whether it built. */
export async function ensureRendererBuilt(): Promise<boolean> {
  const built = await stat(join(OUT, 'index.html')).then((s) => s.mtimeMs, () => 0);
  const sources = Math.max(await newestMtime(join(ROOT, 'renderer')), await newestMtime(join(ROOT, 'shared')));
  if (built > sources) return false;
  await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'error'], {
    cwd: ROOT,
    // vitest sets NODE_ENV=test, which would make vite emit React's development build
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return true;
}

export interface BundleSize {
  /** The JS the page loads first (the entry script in index.html). */
  entryJs: { bytes: number; gzip: number };
  /** Every JS chunk, including the lazily loaded ones (forms, triggers). */
  allJs: { bytes: number; gzip: number; files: number };
  css: { bytes: number; gzip: number };
}

export async function bundleSize(): Promise<BundleSize> {
  const html = await readFile(join(OUT, 'index.html'), 'utf8');
  const entry = /<script[^>]+src="\.?\/?([^"]+\.js)"/.exec(html)?.[1];
  const size = async (file: string) => {
    const buf = await readFile(join(OUT, file));
    return { bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
  };
  const assets = await readdir(join(OUT, 'assets'));
  const sum = async (ext: string) => {
    const files = assets.filter((f) => f.endsWith(ext));
    const sizes = await Promise.all(files.map((f) => size(join('assets', f))));
    return { bytes: sizes.reduce((a, s) => a + s.bytes, 0), gzip: sizes.reduce((a, s) => a + s.gzip, 0), files: files.length };
  };
  const css = await sum('.css');
  return {
    entryJs: entry ? await size(entry) : { bytes: 0, gzip: 0 },
    allJs: await sum('.js'),
    css: { bytes: css.bytes, gzip: css.gzip },
  };
}

export const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
