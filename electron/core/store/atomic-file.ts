/**
 * A lowdb adapter whose writes are atomic: write a temp file, fsync it, rename it over the
 * target, fsync the directory. A crash at any point leaves either the old or the new file.
 */
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

export async function writeFileAtomic(path: string, data: string, mode = 0o600): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fh = await open(tmp, 'w', mode);
  try {
    await fh.writeFile(data, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } catch {
    // some filesystems refuse fsync on a directory; the rename is still atomic
  } finally {
    await dir.close();
  }
}

/** Raw text adapter: parsing and validation happen in the store, so bad files can be set aside. */
export class AtomicTextFile implements Adapter<string> {
  constructor(readonly path: string) {}

  async read(): Promise<string | null> {
    try {
      return await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async write(data: string): Promise<void> {
    await writeFileAtomic(this.path, data);
  }
}
