/**
 * Hook ids and sealed secrets that were rotated away (regenerated, replaced, or their
 * component deleted), kept outside db.json in `retired.json` as SHA-256 fingerprints. A
 * rotation usually means the old value leaked; restoring `db.last-good.json` (after db.json
 * was damaged) must not bring it back. The restore consults this list: a retired hook id is
 * replaced by a new one, a retired sealed secret by a marker that opens nothing (the user
 * sets it again; status says so). Bounded: the newest 2000 of each.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file';
import type { DbDocument, StoredSecrets } from './document';
import { newHookId } from './secrets';

export const RETIRED_FILE = 'retired.json';
const MAX = 2000;
/** What a retired secret becomes after a restore: no sealer opens it. */
export const RETIRED_MARKER = 'retired:set this secret again';

interface RetiredList {
  hookIds: string[];
  secrets: string[];
}

const fingerprint = (value: string): string => createHash('sha256').update(value).digest('hex');

async function load(dataDir: string): Promise<RetiredList> {
  try {
    const json = JSON.parse(await readFile(join(dataDir, RETIRED_FILE), 'utf8')) as Partial<RetiredList>;
    return { hookIds: Array.isArray(json.hookIds) ? json.hookIds : [], secrets: Array.isArray(json.secrets) ? json.secrets : [] };
  } catch {
    return { hookIds: [], secrets: [] };
  }
}

// one write at a time, so two rotations never drop each other's entries
let chain: Promise<void> = Promise.resolve();

/** Record values before the change that retires them is written (a failure fails the change). */
export function retire(dataDir: string, what: { hookIds?: string[]; sealed?: (string | undefined)[] }): Promise<void> {
  const next = chain.then(async () => {
    const list = await load(dataDir);
    const add = (into: string[], values: string[]): string[] => [...into, ...values.map(fingerprint).filter((f) => !into.includes(f))].slice(-MAX);
    list.hookIds = add(list.hookIds, what.hookIds ?? []);
    list.secrets = add(list.secrets, (what.sealed ?? []).filter((s): s is string => !!s));
    await writeFileAtomic(join(dataDir, RETIRED_FILE), JSON.stringify(list));
  });
  chain = next.catch(() => undefined);
  return next;
}

/** Retire every sealed secret of a component (for deletion). */
export const sealedOf = (secrets: StoredSecrets): (string | undefined)[] => Object.values(secrets);

/** After a restore: take back what was retired. Returns warnings for status. */
export async function applyRetired(dataDir: string, doc: DbDocument): Promise<string[]> {
  const list = await load(dataDir);
  if (list.hookIds.length === 0 && list.secrets.length === 0) return [];
  const hooks = new Set(list.hookIds);
  const secrets = new Set(list.secrets);
  const warnings: string[] = [];
  for (const c of doc.components) {
    const changed: string[] = [];
    if (hooks.has(fingerprint(c.hookId))) {
      c.hookId = newHookId();
      changed.push('its webhook URLs changed (the restored hook id had been retired)');
    }
    for (const key of Object.keys(c.secrets) as (keyof StoredSecrets)[]) {
      const v = c.secrets[key];
      if (v && secrets.has(fingerprint(v))) {
        c.secrets[key] = RETIRED_MARKER;
        changed.push(`its ${key} secret must be set again (the restored one had been retired)`);
      }
    }
    if (changed.length) warnings.push(`Component "${c.name}" was restored from the last good copy: ${changed.join('; ')}.`);
  }
  return warnings;
}
