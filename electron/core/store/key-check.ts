/**
 * The key file and the data must belong together. A missing or replaced `secret.key` used to
 * be silently replaced by a new one, after which every sealed secret failed (reveal 500,
 * signed hooks 503, deploys failing). Now, when db.json (or its last good copy) holds values
 * sealed with a key file, that key must be there and must open them; else the engine refuses
 * to start and says how to recover (docs/security.md, "Lost or replaced key").
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DB_FILE, LAST_GOOD_FILE } from './store';
import { FileKeySealer } from './sealer';

export class KeyMismatch extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyMismatch';
  }
}

const FILE_SEALED = /"(gcm1:[A-Za-z0-9+/=]+)"/g;

async function sealedValues(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return [...text.matchAll(FILE_SEALED)].map((m) => m[1]);
}

const RECOVERY =
  'Put the original secret.key back (from a backup). If it is lost, the sealed secrets cannot be recovered: ' +
  'move db.json and db.last-good.json aside to start empty, or see "Lost or replaced key" in docs/security.md.';

/** Throws KeyMismatch when sealed data exists that this key file cannot open. Call before FileKeySealer.open. */
export async function checkKeyFile(dataDir: string, keyFile: string): Promise<void> {
  let dbPath = join(dataDir, DB_FILE);
  let sealed = await sealedValues(dbPath);
  if (sealed.length === 0) {
    dbPath = join(dataDir, LAST_GOOD_FILE);
    sealed = await sealedValues(dbPath);
  }
  if (sealed.length === 0) return;
  const present = await access(keyFile).then(
    () => true,
    () => false,
  );
  if (!present) {
    throw new KeyMismatch(`${keyFile} is missing, but ${dbPath} holds ${sealed.length} sealed secrets; refusing to start with a new key. ${RECOVERY}`);
  }
  const sealer = await FileKeySealer.open(keyFile);
  try {
    sealer.unseal(sealed[0]);
  } catch {
    throw new KeyMismatch(`${keyFile} does not open the sealed secrets in ${dbPath} (was it replaced?); refusing to start. ${RECOVERY}`);
  }
}
