/**
 * One engine per data directory. Two processes writing one db.json silently lose each
 * other's changes, so the first one holds an OS-level lock that dies with it: a unix-domain
 * socket `<dataDir>/.lock` (a named pipe on Windows) it listens on and answers with its pid.
 * A second process finds the address in use, connects, learns the pid and refuses to start.
 * Connection refused means the holder died (the socket file outlived it): the file is removed
 * and the lock taken. Re-entrant within one process (serve locks before opening the key file;
 * the engine locks again when it opens the store).
 */
import { createHash } from 'node:crypto';
import { mkdir, unlink } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export class DataDirLocked extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number | undefined,
  ) {
    super(
      `the data directory ${dataDir} is already in use by another Auto Deploy (${pid !== undefined ? `pid ${pid}` : 'pid unknown'}); ` +
        'stop that one first, or give this one another --data-dir',
    );
    this.name = 'DataDirLocked';
  }
}

export interface DataDirLock {
  readonly path: string;
  release(): Promise<void>;
}

interface Held {
  server: Server;
  path: string;
  count: number;
}
const held = new Map<string, Held>();

/** Unix socket paths are limited to ~104 bytes; a long data dir uses a hashed path in the temp dir. */
export function lockPath(dataDir: string, platform: NodeJS.Platform = process.platform): string {
  const hash = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 24);
  if (platform === 'win32') return `\\\\?\\pipe\\autodeploy-${hash}`;
  const inDir = join(resolve(dataDir), '.lock');
  return Buffer.byteLength(inDir) <= 100 ? inDir : join(tmpdir(), `autodeploy-${hash}.lock`);
}

function listen(path: string): Promise<Server> {
  return new Promise((ok, fail) => {
    const server = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.end(JSON.stringify({ app: 'auto-deploy', pid: process.pid }) + '\n');
    });
    server.once('error', fail);
    server.listen(path, () => {
      server.off('error', fail);
      server.on('error', () => undefined);
      // the lock must not keep a process alive that is otherwise done
      server.unref();
      ok(server);
    });
  });
}

/** 'live' with the holder's pid (if it said), or 'stale' when nobody listens. */
function probe(path: string): Promise<{ live: true; pid?: number } | { live: false }> {
  return new Promise((ok) => {
    const socket = createConnection(path);
    let text = '';
    const done = (r: { live: true; pid?: number } | { live: false }): void => {
      clearTimeout(timer);
      socket.destroy();
      ok(r);
    };
    const timer = setTimeout(() => done({ live: true }), 3000);
    socket.on('data', (d: Buffer) => {
      text += d.toString('utf8');
      if (text.length > 200) done({ live: true });
    });
    socket.on('end', () => {
      const pid = /"pid":(\d+)/.exec(text)?.[1];
      done({ live: true, ...(pid ? { pid: Number(pid) } : {}) });
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED' || err.code === 'ENOENT') done({ live: false });
      else done({ live: true });
    });
  });
}

export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = lockPath(dir);
  let entry = held.get(path);
  if (entry) {
    entry.count++;
  } else {
    let server: Server | undefined;
    for (let attempt = 0; !server; attempt++) {
      try {
        server = await listen(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
        const state = await probe(path);
        if (state.live) throw new DataDirLocked(dir, state.pid);
        if (attempt > 0) throw new DataDirLocked(dir, undefined);
        // the holder died without removing its socket file
        await unlink(path).catch(() => undefined);
      }
    }
    entry = { server, path, count: 1 };
    held.set(path, entry);
  }
  const mine = entry;
  let released = false;
  return {
    path,
    async release() {
      if (released) return;
      released = true;
      if (--mine.count > 0) return;
      held.delete(path);
      await new Promise<void>((ok) => mine.server.close(() => ok()));
    },
  };
}
