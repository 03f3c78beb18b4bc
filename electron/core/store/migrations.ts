/**
 * Migration chain for db.json. `MIGRATIONS[n]` turns a version-n document into version n+1.
 * A document without `version` is a pre-release (version 0) file.
 */
import { SCHEMA_VERSION } from './document';

type Json = Record<string, unknown>;

export const MIGRATIONS: Record<number, (doc: Json) => Json> = {
  // 0 → 1: the first versioned schema; older files had no delivery log.
  0: (doc) => ({
    ...doc,
    version: 1,
    deliveries: Array.isArray(doc.deliveries) ? doc.deliveries : [],
  }),
  // 1 → 2: delivery ids seen moved from db.json to the append-only seen-deliveries.log
  // (rewriting the document per batch grew with the set); the old table is dropped.
  1: ({ seenDeliveries: _dropped, ...doc }) => ({ ...doc, version: 2 }),
};

export class MigrationError extends Error {}

export function migrate(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new MigrationError('the data file is not a JSON object');
  }
  let doc = input as Json;
  const raw = doc.version === undefined ? 0 : doc.version;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0) {
    throw new MigrationError(`unknown schema version ${JSON.stringify(raw)}`);
  }
  let version: number = raw;
  if (version > SCHEMA_VERSION) {
    throw new MigrationError(`the data file is from a newer Auto Deploy (schema ${version}, this one reads ${SCHEMA_VERSION})`);
  }
  while (version < SCHEMA_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) throw new MigrationError(`no migration from schema ${version}`);
    doc = step(doc);
    version = doc.version as number;
  }
  return doc;
}
