/**
 * electron-vite build of the desktop app: main (ESM, Node), preload (CommonJS, because a
 * sandboxed preload cannot load ES modules) and the renderer, which reuses the browser build's
 * config (renderer/vite.config.ts) so both builds share root and plugins.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import renderer from './renderer/vite.config';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: here('./out/main'),
      lib: { entry: here('./electron/main/index.ts') },
    },
  },
  preload: {
    build: {
      outDir: here('./out/preload'),
      lib: { entry: here('./electron/preload/index.ts'), formats: ['cjs'], fileName: () => 'index.cjs' },
      // Sandboxed preloads can require only `electron`: everything else must be bundled in.
      externalizeDeps: false,
    },
  },
  renderer: {
    ...renderer,
    // electron-vite's config loader does not give imported files their own import.meta.url,
    // so the paths renderer/vite.config.ts derives from it are re-stated here.
    root: here('./renderer'),
    build: {
      ...renderer.build,
      outDir: here('./out/renderer'),
      // electron-vite leaves the renderer unminified by default; this build is also the
      // dashboard `serve` ships to browsers, so it is minified like the plain vite build
      minify: true,
      rolldownOptions: { input: here('./renderer/index.html') },
    },
  },
});
