/**
 * Secrets are sealed before they are written. `SecretSealer` is the seam: the desktop app
 * plugs in Electron safeStorage (OS keychain); headless mode uses an AES-256-GCM key file.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface SecretSealer {
  /** Which backend, shown in status. */
  readonly kind: 'file' | 'safeStorage';
  seal(plain: string): string;
  unseal(sealed: string): string;
}

/** Values sealed with the key file start with it (the key check looks for them in db.json). */
export const FILE_KEY_PREFIX = 'gcm1:';
/** The key file's name in the data directory (headless mode, and the desktop app without a keychain). */
export const SECRET_KEY_FILE = 'secret.key';

/** AES-256-GCM with a random 96-bit IV per value; the key lives in a 0600 file. */
export class FileKeySealer implements SecretSealer {
  readonly kind = 'file' as const;
  private constructor(private readonly key: Buffer) {}

  static async open(keyFile: string): Promise<FileKeySealer> {
    let key: Buffer;
    try {
      key = Buffer.from((await readFile(keyFile, 'utf8')).trim(), 'base64');
      if (key.length !== 32) throw new Error(`secret key file ${keyFile} is not a 256-bit key`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      key = randomBytes(32);
      await mkdir(dirname(keyFile), { recursive: true, mode: 0o700 });
      await writeFile(keyFile, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    }
    await chmod(keyFile, 0o600);
    return new FileKeySealer(key);
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return FILE_KEY_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  unseal(sealed: string): string {
    if (!sealed.startsWith(FILE_KEY_PREFIX)) throw new Error('not a sealed value of this backend');
    const raw = Buffer.from(sealed.slice(FILE_KEY_PREFIX.length), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
