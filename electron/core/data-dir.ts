/** Where headless mode keeps its data by default: the user's config directory. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'auto-deploy');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'auto-deploy');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'auto-deploy');
}
