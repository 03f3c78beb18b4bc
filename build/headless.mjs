#!/usr/bin/env node
/**
 * Compiles `autodeploy` (electron/headless.ts and everything it imports from electron/ and
 * shared/) into out/headless/index.js, which plain Node runs: no TypeScript loader at run time.
 *
 * The pure-JS libraries (zod, lowdb, semver, re2js, picomatch, tar-fs, …) are bundled in:
 * loading zod alone as ~80 separate ES modules cost more start-up time than the whole rest of
 * the engine. dockerode and localtunnel stay external — they are the package's only
 * `dependencies`, installed beside it — because both are CommonJS trees loaded lazily (on the
 * first Docker call, when a tunnel opens; see load-dockerode.ts, tunnel-manager.ts).
 * esbuild rather than electron-vite: this is a Node program, not an Electron one, and esbuild
 * builds it in well under a second.
 */
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** @param {string} path */
const here = (path) => fileURLToPath(new URL(path, import.meta.url));

await rm(here('../out/headless'), { recursive: true, force: true });
await build({
  entryPoints: [here('../electron/headless.ts')],
  outdir: here('../out/headless'),
  entryNames: 'index',
  chunkNames: 'chunks/[name]-[hash]',
  // dynamic import()s (the localtunnel session, the build context) stay separate chunks, loaded when first needed
  splitting: true,
  bundle: true,
  // smaller to parse at every start (≈ 4 MB less resident); the source map keeps traces readable
  minify: true,
  sourcemap: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['dockerode', 'localtunnel', 'localtunnel/*'],
  // bundled CommonJS libraries call require() for Node built-ins, which an ES module lacks
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
