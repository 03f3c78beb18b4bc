/** The control API's bearer token: generated on first start, kept 0600 in the data directory. */
import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const TOKEN_FILE = 'control-token';

export async function loadOrCreateToken(dataDir: string): Promise<string> {
  const file = join(dataDir, TOKEN_FILE);
  try {
    const token = (await readFile(file, 'utf8')).trim();
    if (token.length >= 32) {
      await chmod(file, 0o600);
      return token;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const token = randomBytes(32).toString('base64url');
  await writeFile(file, token + '\n', { mode: 0o600 });
  await chmod(file, 0o600);
  return token;
}
