/**
 * "Start at login": the OS login item on macOS and Windows; an XDG autostart entry on Linux,
 * where Electron has no login-item API.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { App } from 'electron';

/** Launched at login, the app starts in the tray without opening its window. */
export const HIDDEN_FLAG = '--hidden';

export interface LoginItemDeps {
  platform: NodeJS.Platform;
  app: Pick<App, 'setLoginItemSettings'>;
  /** What the entry runs: the AppImage when running from one, else the executable. */
  exec: string;
  autostartDir: string;
  fs?: {
    mkdir: (dir: string) => Promise<unknown>;
    writeFile: (file: string, text: string) => Promise<void>;
    rm: (file: string) => Promise<void>;
  };
}

const nodeFs = {
  mkdir: (dir: string) => mkdir(dir, { recursive: true }),
  writeFile: (file: string, text: string) => writeFile(file, text, 'utf8'),
  rm: (file: string) => rm(file, { force: true }),
};

export const AUTOSTART_FILE = 'auto-deploy.desktop';

/** Quote per the Desktop Entry spec's Exec rules. */
const quoteExec = (arg: string): string => (/[\s"'\\$`]/.test(arg) ? `"${arg.replace(/(["\\$`])/g, '\\$1')}"` : arg);

export function autostartEntry(exec: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Auto Deploy',
    'Comment=Push-to-deploy for this machine',
    `Exec=${quoteExec(exec)} ${HIDDEN_FLAG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export async function applyStartAtLogin(enabled: boolean, deps: LoginItemDeps): Promise<void> {
  if (deps.platform === 'linux') {
    const fs = deps.fs ?? nodeFs;
    const file = join(deps.autostartDir, AUTOSTART_FILE);
    if (!enabled) return fs.rm(file);
    await fs.mkdir(deps.autostartDir);
    return fs.writeFile(file, autostartEntry(deps.exec));
  }
  deps.app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] });
}
