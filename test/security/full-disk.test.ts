/**
 * Issue 11.7: a full disk. On a 2 MB tmpfs data dir: a deploy request that cannot be recorded
 * is refused and never runs (so "could not be queued" is the truth and a retry cannot deploy
 * twice); a failed write is undone and never saved by a later one (an API write that
 * answered 500 stays unapplied); no partial temp file is left; temp files a killed process left are removed on start.
 * Needs root (mount); the suite fails with the reason otherwise.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWith } from '../support/prerequisite';
import type { Harness } from '../deploy/helpers';
import { createComponent, openHarness } from '../deploy/helpers';
import type { DbDocument } from '../../electron/core/store/document';
import { Store } from '../../electron/core/store/store';

const run = promisify(execFile);
const mountable = (async () => {
  if (process.getuid?.() !== 0) return 'root, to mount a small tmpfs (mount -t tmpfs -o size=2m)';
  return null;
})();

await describeWith('a full disk (2 MB tmpfs)', [mountable], () => {
  let dir: string;
  let h: Harness | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ad-sec-disk-'));
    await run('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir]);
  });
  afterAll(async () => {
    await h?.close().catch(() => undefined);
    await run('umount', [dir]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('a deploy request that cannot be recorded is refused, does not run, and leaves no temp file', async () => {
    h = await openHarness(dir);
    const id = await createComponent(h, { name: 'disk', source: { type: 'image', image: '127.0.0.1:1/none/x:v1' } });
    // fill the disk
    await writeFile(join(dir, 'filler'), Buffer.alloc(4 * 1024 * 1024)).catch(() => undefined);
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) {
      await h.manager.request({ componentId: id, trigger: { kind: 'image' }, target: { tag: 'v1' } }).then(
        () => answers.push('queued'),
        (err: NodeJS.ErrnoException) => answers.push(err.code ?? err.message),
      );
    }
    expect(answers).toEqual(Array(5).fill('ENOSPC'));
    // nothing is recorded, nothing runs
    await new Promise((r) => setTimeout(r, 1000));
    expect(h.store.data.deploys).toEqual([]);
    // announced as queued at most, never started
    expect(h.seen.filter((e) => e.type === 'deploy' && e.deploy.state !== 'queued')).toEqual([]);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    await rm(join(dir, 'filler'));
    await h.close();
    h = undefined;
  });

  it('a write that fails on a full disk is undone, and a later write does not save it', async () => {
    const store = await Store.open(dir);
    await store.update((doc) => void (doc.settings.maxConcurrentBuilds = 3));
    await writeFile(join(dir, 'filler'), Buffer.alloc(4 * 1024 * 1024)).catch(() => undefined);
    // big enough that the rewritten db.json cannot fit in what is left
    const failed = await store
      .update((doc) => void (doc.runtime.lastTunnelUrl = `https://${'x'.repeat(100_000)}.example`))
      .then(
        () => 'saved',
        (err: NodeJS.ErrnoException) => err.code ?? err.message,
      );
    expect(failed).toBe('ENOSPC');
    expect(store.data.runtime.lastTunnelUrl).toBeUndefined();
    await rm(join(dir, 'filler'));
    // the next write succeeds: it must not carry the change reported as failed
    await store.update((doc) => void (doc.settings.maxConcurrentBuilds = 4));
    const onDisk = JSON.parse(await readFile(join(dir, 'db.json'), 'utf8')) as DbDocument;
    expect(onDisk.settings.maxConcurrentBuilds).toBe(4);
    expect(onDisk.runtime.lastTunnelUrl).toBeUndefined();
    await store.close();
  });

  it('temp files a killed process left are removed on start', async () => {
    await writeFile(join(dir, '.db.json.12345.1700000000000.tmp'), '{"partial');
    h = await openHarness(dir);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
