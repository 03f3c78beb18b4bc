/**
 * Migration chain for db.json. `MIGRATIONS[n]` turns a version-n document into version n+1.
 * A document without `version` is a pre-release (version 0) file.
 */
import { SCHEMA_VERSION } from './document';

type Json = Record<string, unknown>;

export const MIGRATIONS: Record<number, (doc: Json) => Json> = {
  // 0 → 1: the first versioned schema; older files had no delivery log or dedupe table.
  0: (doc) => ({
    ...doc,
    version: 1,
    deliveries: Array.isArray(doc.deliveries) ? doc.deliveries : [],
    seenDeliveries: typeof doc.seenDeliveries === 'object' && doc.seenDeliveries !== null ? doc.seenDeliveries : {},
  }),
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
