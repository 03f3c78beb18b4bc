/**
 * Provider delivery ids seen, kept ≥ 48 h across restarts for duplicate detection, in an
 * append-only journal (`seen-deliveries.log`: `<key> <ISO time>` or `<key> -` to forget)
 * instead of db.json: under a burst of deliveries the set grows by one entry per request, and
 * rewriting the whole document for each batch made answer latency grow with it. Appends cost
 * the same however large the set is; the file is compacted at load and when mostly stale.
 * A torn last line (crash mid-append) is ignored.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic-file';

export const SEEN_FILE = 'seen-deliveries.log';
const LINE = /^([A-Za-z0-9_-]{1,64}) (-|\d{4}-\d{2}-\d{2}T[\d:.]+Z)$/;

export class SeenJournal {
  private readonly seen = new Map<string, string>();
  private pending: string[] = [];
  private fileLines = 0;
  private writing: Promise<void> = Promise.resolve();
  readonly path: string;

  constructor(
    dataDir: string,
    private readonly retentionMs: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.path = join(dataDir, SEEN_FILE);
  }

  /** Read the journal (dropping expired and forgotten ids) and rewrite it compacted. */
  async load(): Promise<void> {
    let text = '';
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const loaded = new Map<string, string>();
    for (const line of text.split('\n')) {
      const m = LINE.exec(line);
      if (!m) continue;
      if (m[2] === '-') loaded.delete(m[1]);
      else loaded.set(m[1], m[2]);
    }
    // ids set before load (none in practice) win over the file
    for (const [k, v] of this.seen) loaded.set(k, v);
    this.seen.clear();
    for (const [k, v] of loaded) this.seen.set(k, v);
    this.prune();
    await this.compact();
  }

  get(key: string): string | undefined {
    return this.seen.get(key);
  }

  get size(): number {
    return this.seen.size;
  }

  /** Remember (ISO time) or forget (null); visible at once, on disk after `flush`. */
  set(key: string, at: string | null): void {
    if (at === null) this.seen.delete(key);
    else this.seen.set(key, at);
    this.pending.push(`${key} ${at ?? '-'}\n`);
  }

  /** Drop ids older than the retention (in memory; the file follows at the next compaction). */
  prune(): void {
    const now = this.clock();
    for (const [key, at] of this.seen) {
      if (now - Date.parse(at) >= this.retentionMs) this.seen.delete(key);
    }
  }

  /** Append what is pending; compact when most of the file is stale. Serialized. */
  flush(): Promise<void> {
    const lines = this.pending;
    this.pending = [];
    this.writing = this.writing.then(async () => {
      if (lines.length > 0) {
        await appendFile(this.path, lines.join(''), { mode: 0o600 });
        this.fileLines += lines.length;
      }
      if (this.fileLines > 1000 && this.fileLines > 2 * this.seen.size) await this.rewrite();
    });
    return this.writing;
  }

  private compact(): Promise<void> {
    this.writing = this.writing.then(() => this.rewrite());
    return this.writing;
  }

  private async rewrite(): Promise<void> {
    const body = [...this.seen].map(([k, v]) => `${k} ${v}\n`).join('');
    await writeFileAtomic(this.path, body);
    this.fileLines = this.seen.size;
  }
}
