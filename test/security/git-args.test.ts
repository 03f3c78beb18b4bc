/**
 * Issue 11.9: a user value never reaches git as an option. The component schema already
 * refuses repository URLs starting with "-"; this checks the checkout itself (real git) with
 * such a URL, as if it came from an old or hand-edited db.json: git sees it as a URL (and its
 * transport refuses it), never as an option of `git remote add`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { checkoutCommit } from '../../electron/core/deploy/source/git-checkout';

const run = promisify(execFile);
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ad-gitargs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

for (const url of ['--mirror=fetch', `--upload-pack=touch pwned`, '-f']) {
  it(`a repository URL "${url}" is stored as the remote's URL and refused by git's transport`, async () => {
    const lines: string[] = [];
    await expect(checkoutCommit({ repo: url, branch: 'main', dir, log: (l) => lines.push(l) })).rejects.toThrow(/git fetch failed: .*(strange|blocked|not appear to be a git repository)/s);
    expect((await run('git', ['-C', dir, 'config', 'remote.origin.url'])).stdout.trim()).toBe(url);
    expect(await readdir(dir)).toEqual(['.git']);
  });
}
