/**
 * Browser build of the dashboard (headless `serve` mode serves `out/renderer/`).
 * The Electron build (electron.vite.config.ts) reuses the same root and entry.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  // This folder, whatever the working directory (vite injects import.meta.dirname into configs).
  root: import.meta.dirname,
  // Relative asset URLs: the same files load from file:// (Electron) and http://127.0.0.1 (serve).
  base: './',
  plugins: [react()],
  build: {
    // Relative to root.
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'es2022',
  },
});
