/**
 * The docker build context of a checkout: the context directory and the Dockerfile (both
 * relative to the repository root) must resolve — symlinks followed — inside the checkout;
 * `.dockerignore` in the context root is honoured the way `docker build` does.
 * Nothing is ever written into the checkout: a repository controls every path in it, and a
 * committed symlink would turn such a write into a write anywhere on the host. A Dockerfile
 * from outside the context travels as an extra entry of the tar stream instead.
 */
import { lstatSync } from 'node:fs';
import { lstat, readFile, realpath, stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import ignore from '@balena/dockerignore';
import tarFs from 'tar-fs';

export class BuildContextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildContextError';
  }
}

export interface BuildContext {
  stream: Readable;
  /** The Dockerfile's path inside the context (posix). */
  dockerfile: string;
  contextDir: string;
}

const inside = (root: string, p: string): boolean => p === root || p.startsWith(root + sep);
const toPosix = (p: string): string => p.split(sep).join('/');
/** Where a Dockerfile from outside the context directory is placed inside it. */
export const OUTSIDE_DOCKERFILE = '.autodeploy.Dockerfile';

async function confined(root: string, rel: string, what: string): Promise<string> {
  const lexical = resolve(root, rel);
  if (!inside(root, lexical)) throw new BuildContextError(`the ${what} "${rel}" is outside the repository`);
  let real: string;
  try {
    real = await realpath(lexical);
  } catch {
    throw new BuildContextError(`the ${what} "${rel}" does not exist in the repository`);
  }
  if (!inside(root, real)) throw new BuildContextError(`the ${what} "${rel}" leads outside the repository (through a symlink)`);
  return real;
}

export async function prepareBuildContext(checkoutDir: string, contextPath: string, dockerfilePath: string): Promise<BuildContext> {
  const root = await realpath(checkoutDir);
  const contextDir = await confined(root, contextPath || '.', 'build context');
  if (!(await stat(contextDir)).isDirectory()) throw new BuildContextError(`the build context "${contextPath}" is not a directory`);
  const dockerfileReal = await confined(root, dockerfilePath, 'Dockerfile');
  if (!(await stat(dockerfileReal)).isFile()) throw new BuildContextError(`the Dockerfile "${dockerfilePath}" is not a file`);

  let dockerfile: string;
  let injected: Buffer | undefined;
  if (inside(contextDir, dockerfileReal)) {
    dockerfile = toPosix(relative(contextDir, dockerfileReal));
  } else {
    // like `docker build -f ../Dockerfile`: the CLI sends the file along inside the context
    // (as an extra tar entry; whatever the repository holds at that name is left out)
    injected = await readFile(dockerfileReal);
    dockerfile = OUTSIDE_DOCKERFILE;
  }

  let patterns = '';
  const ignorePath = resolve(contextDir, '.dockerignore');
  const ignoreStat = await lstat(ignorePath).catch(() => undefined);
  if (ignoreStat) {
    // a symlinked .dockerignore is read only when it stays inside the checkout
    const real = ignoreStat.isSymbolicLink() ? await realpath(ignorePath).catch(() => undefined) : ignorePath;
    if (real && inside(root, real)) patterns = await readFile(real, 'utf8').catch(() => '');
  }
  const ig = ignore().add(patterns);
  const exceptions = patterns
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('!'))
    .map((l) => l.slice(1).trim().replace(/^\/+/, ''));
  // like docker: walk into an ignored directory only when an exception names a path in it
  const mayHoldException = (dir: string): boolean => exceptions.some((e) => `${e}/`.startsWith(`${dir}/`));
  const alwaysSent = new Set([dockerfile, '.dockerignore']);

  const stream = tarFs.pack(contextDir, {
    ignore: (name) => {
      const rel = toPosix(relative(contextDir, name));
      if (injected && rel === OUTSIDE_DOCKERFILE) return true;
      if (alwaysSent.has(rel) || !ig.ignores(rel)) return false;
      if (exceptions.length && mayHoldException(rel) && lstatSync(name).isDirectory()) return false;
      return true;
    },
    ...(injected
      ? {
          finalize: false,
          finish: (pack) => {
            pack.entry({ name: OUTSIDE_DOCKERFILE, mode: 0o644, mtime: new Date(0) }, injected);
            pack.finalize();
          },
        }
      : {}),
  });
  return { stream, dockerfile, contextDir };
}
