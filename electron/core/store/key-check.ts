/**
 * Sealed secrets and their keys must belong together. A missing or replaced `secret.key` used
 * to be silently replaced by a new one, after which every sealed secret failed (reveal 500,
 * signed hooks 503, deploys failing). Now, when db.json (or its last good copy) holds values
 * sealed with a key — the key file, or in the desktop app the OS keychain — that key must be
 * there and must open them; else the app refuses to start, touching nothing, and says which key
 * is missing, where, and how to recover (docs/security.md, "Lost or replaced key"). `serve` and
 * the desktop app both call `checkSealingKeys` before they open a key or the store.
 */
import { access, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DB_FILE, LAST_GOOD_FILE } from './store';
import { FILE_KEY_PREFIX, FileKeySealer } from './sealer';

export class KeyMismatch extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyMismatch';
  }
}

/** One key that may have sealed values in db.json: the key file, or (desktop) the OS keychain. */
export interface SealingKey {
  /** Values sealed with this key start with it. */
  prefix: string;
  /** The key as the user finds it: a file's path, or "the OS keychain". */
  name: string;
  /** How its absence reads after the name: "is missing", "is not available (…)". */
  absent: string;
  /** One sentence: how to bring this key back. */
  restore: string;
  /** The key's unseal, or undefined when the key is not there. Must never create a key. */
  open(): Promise<((sealed: string) => string) | undefined>;
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

/** The key file as a sealing key (`serve`, and the desktop app without a keychain). */
export function keyFileKey(keyFile: string): SealingKey {
  return {
    prefix: FILE_KEY_PREFIX,
    name: keyFile,
    absent: 'is missing',
    restore: `Put the original ${basename(keyFile)} back (from a backup) and start again.`,
    open: async () => {
      if (!(await exists(keyFile))) return undefined;
      const sealer = await FileKeySealer.open(keyFile);
      return (sealed) => sealer.unseal(sealed);
    },
  };
}

const LOST =
  'If the key is lost, the sealed secrets cannot be recovered: move db.json and db.last-good.json aside to start empty, ' +
  'or see "Lost or replaced key" in docs/security.md.';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Sealed values by prefix, from db.json, or from db.last-good.json when db.json holds none (a restore would use it). */
async function sealedValues(dataDir: string, prefixes: string[]): Promise<{ path: string; values: string[] }> {
  const pattern = new RegExp(`"((?:${prefixes.map(escape).join('|')})[A-Za-z0-9+/=]+)"`, 'g');
  let found = { path: join(dataDir, DB_FILE), values: [] as string[] };
  for (const file of [DB_FILE, LAST_GOOD_FILE]) {
    const path = join(dataDir, file);
    const text = await readFile(path, 'utf8').catch(() => '');
    found = { path, values: [...text.matchAll(pattern)].map((m) => m[1]) };
    if (found.values.length > 0) return found;
  }
  return found;
}

/** Throws KeyMismatch when sealed data exists that one of these keys should open and cannot. Call before opening a key or the store. */
export async function checkSealingKeys(dataDir: string, keys: SealingKey[]): Promise<void> {
  const { path, values } = await sealedValues(dataDir, keys.map((k) => k.prefix));
  const problems: string[] = [];
  for (const key of keys) {
    const sealed = values.filter((v) => v.startsWith(key.prefix));
    if (sealed.length === 0) continue;
    const unseal = await key.open();
    if (!unseal) {
      problems.push(`${key.name} ${key.absent}, but ${path} holds ${sealed.length} sealed secrets that need it; refusing to start with a new key. ${key.restore}`);
      continue;
    }
    try {
      unseal(sealed[0]);
    } catch {
      problems.push(`${key.name} does not open the sealed secrets in ${path} (was it replaced?); refusing to start. ${key.restore}`);
    }
  }
  if (problems.length > 0) throw new KeyMismatch(`${problems.join(' ')} ${LOST}`);
}
