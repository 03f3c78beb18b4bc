/**
 * A lowdb adapter whose writes are atomic: write a temp file, fsync it, rename it over the
 * target, fsync the directory. A crash at any point leaves either the old or the new file.
 */
import { open, readFile, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

export async function writeFileAtomic(path: string, data: string, mode = 0o600): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fh = await open(tmp, 'w', mode);
  try {
    await fh.writeFile(data, 'utf8');
    await fh.sync();
  } catch (err) {
    // a full disk: leave no partial temp file behind
    await fh.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fh.close();
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

/**
 * Remove temp files a killed process left (`.<name>.<pid>.<time>.tmp`). Only safe while this
 * process holds the data-dir lock: no other writer can be mid-write.
 */
export async function removeStaleTempFiles(dir: string): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!/^\..+\.\d+\.\d+\.tmp$/.test(name)) continue;
    await unlink(join(dir, name)).then(
      () => removed++,
      () => undefined,
    );
  }
  return removed;
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
