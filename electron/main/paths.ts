/** Where the desktop app keeps its data and finds its built files and icons, packaged or not. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'electron';
import { SECRET_KEY_FILE } from '../core/store/sealer';

export interface AppPaths {
  dataDir: string;
  /** Used only when the OS keychain is unavailable. */
  keyFile: string;
  preload: string;
  rendererDir: string;
  trayIconDir: string;
  appIcon: string;
  autostartDir: string;
}

export interface PathInputs {
  app: Pick<App, 'getPath' | 'getAppPath' | 'isPackaged'>;
  /** Folder of the built main script (out/main). */
  mainDir: string;
  resourcesPath: string;
  env: NodeJS.ProcessEnv;
}

export function appPaths({ app, mainDir, resourcesPath, env }: PathInputs): AppPaths {
  const dataDir = join(app.getPath('userData'), 'data');
  // Icons ship outside the asar (electron-builder extraResources) so the OS can read them.
  const resources = app.isPackaged ? resourcesPath : join(app.getAppPath(), 'build');
  return {
    dataDir,
    keyFile: join(dataDir, SECRET_KEY_FILE),
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    rendererDir: join(mainDir, '..', 'renderer'),
    trayIconDir: join(resources, 'tray'),
    appIcon: join(resources, 'icon.png'),
    autostartDir: join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart'),
  };
}
