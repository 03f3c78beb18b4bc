/** Electron main entry: hands the real Electron modules and the engine factory to the desktop wiring. */
import * as electron from 'electron';
import { createEngine } from '../core/engine';
import { runDesktop } from './desktop-app';

runDesktop(electron, {
  createEngine,
  mainDir: import.meta.dirname,
  resourcesPath: process.resourcesPath,
  argv: process.argv,
  platform: process.platform,
  env: process.env,
}).catch((err: unknown) => {
  console.error('[auto-deploy] fatal:', err);
  electron.app.exit(1);
});
