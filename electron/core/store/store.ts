/**
 * The persistent store: one lowdb document (db.json) in the data directory.
 * - Load: parse → migrate → validate. A file that fails is moved aside (timestamped) and the
 *   last good copy (db.last-good.json) is used instead, with a warning for status.
 * - Write: mutations apply in memory at once; writes are serialized and coalesced, and each
 *   goes through write-then-rename, so a crash never leaves a half-written file.
 * - A write that fails (full disk) puts the document back as it was last written and fails
 *   every update made since, so an update is either on disk or reported failed — never
 *   "failed" and then saved by a later write.
 */
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import type { Adapter } from 'lowdb';
import { SCHEMA_VERSION, dbDocument, emptyDocument } from './document';
import type { DbDocument } from './document';
import { AtomicTextFile, removeStaleTempFiles, writeFileAtomic } from './atomic-file';
import { migrate } from './migrations';
import { applyRetired } from './retired';

export const DB_FILE = 'db.json';
export const LAST_GOOD_FILE = 'db.last-good.json';

class DocumentFile implements Adapter<DbDocument> {
  private readonly file: AtomicTextFile;
  constructor(path: string) {
    this.file = new AtomicTextFile(path);
  }
  async read(): Promise<DbDocument | null> {
    return (await this.load())?.doc ?? null;
  }
  /** The document, the text it came from, and whether it needed a migration. */
  async load(): Promise<{ doc: DbDocument; text: string; migrated: boolean } | null> {
    const text = await this.file.read();
    return text === null ? null : { ...parseDocumentText(text), text };
  }
  async write(data: DbDocument): Promise<void> {
    await this.file.write(JSON.stringify(data));
  }
}

export function parseDocument(text: string): DbDocument {
  return parseDocumentText(text).doc;
}

function parseDocumentText(text: string): { doc: DbDocument; migrated: boolean } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const result = dbDocument.safeParse(migrate(json));
  if (!result.success) {
    const first = result.error.issues[0];
    throw new Error(`does not match the schema (${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid'})`);
  }
  return { doc: result.data, migrated: (json as { version?: unknown }).version !== SCHEMA_VERSION };
}

export class Store {
  private readonly db: Low<DbDocument>;
  private readonly file: DocumentFile;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;
  private pending: Promise<void> | null = null;
  /** Updates are numbered; every update up to `lostUpTo` was undone by a failed write. */
  private updates = 0;
  private lostUpTo = 0;
  readonly warnings: string[] = [];

  private constructor(
    readonly dataDir: string,
    data: DbDocument,
  ) {
    this.file = new DocumentFile(join(dataDir, DB_FILE));
    this.db = new Low(this.file, data);
  }

  static async open(dataDir: string): Promise<Store> {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await removeStaleTempFiles(dataDir);
    const dbPath = join(dataDir, DB_FILE);
    const lastGoodPath = join(dataDir, LAST_GOOD_FILE);
    const warnings: string[] = [];
    let data: DbDocument | null;
    let needsWrite: boolean;
    try {
      const loaded = await new DocumentFile(dbPath).load();
      data = loaded?.doc ?? null;
      if (loaded) await writeFileAtomic(lastGoodPath, loaded.text);
      // a new or migrated document is written (back) in the current schema
      needsWrite = !loaded || loaded.migrated;
    } catch (err) {
      const aside = `${dbPath}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await rename(dbPath, aside);
      let fallback: DbDocument | null;
      try {
        fallback = await new DocumentFile(lastGoodPath).read();
      } catch {
        fallback = null;
      }
      warnings.push(
        `The data file ${dbPath} could not be read: ${(err as Error).message}. It was kept as ${aside}; ` +
          (fallback ? 'the last good copy was restored.' : 'no good copy was found, so Auto Deploy started empty.'),
      );
      // a rotated hook id or secret must not come back with the old copy
      if (fallback) warnings.push(...(await applyRetired(dataDir, fallback)));
      data = fallback;
      needsWrite = true;
    }
    const store = new Store(dataDir, data ?? emptyDocument());
    store.warnings.push(...warnings);
    if (needsWrite) await store.flush();
    return store;
  }

  /** The current document. Treat it as read-only; change it through `update`. */
  get data(): DbDocument {
    return this.db.data;
  }

  /**
   * Apply a mutation now and persist it. Resolves once a write that includes it is on disk.
   * Concurrent updates share one write.
   */
  async update<T>(mutate: (doc: DbDocument) => T): Promise<T> {
    const result = mutate(this.db.data);
    const n = ++this.updates;
    await this.flush();
    // a later write succeeded, but this update had been undone by an earlier failed one
    if (n <= this.lostUpTo) throw new Error('the change could not be saved (an earlier write failed; the data file is unchanged)');
    return result;
  }

  /** Persist the current document (coalescing with any write already waiting). */
  flush(): Promise<void> {
    this.dirty = true;
    if (this.pending) return this.pending;
    this.pending = this.writing.then(async () => {
      this.pending = null;
      this.dirty = false;
      try {
        await this.db.write();
      } catch (err) {
        // undo in memory what did not reach the disk (db.json still holds the last write: writes
        // are atomic), and fail every update made so far
        this.db.data = (await this.file.load().catch(() => null))?.doc ?? this.db.data;
        // after the reload: an update made while it ran changed the document just dropped
        this.lostUpTo = this.updates;
        throw err;
      }
    });
    this.writing = this.pending.catch(() => undefined);
    return this.pending;
  }

  /** Wait for every scheduled write. */
  async close(): Promise<void> {
    while (this.pending || this.dirty) {
      await (this.pending ?? this.flush());
    }
    await this.writing;
  }
}
