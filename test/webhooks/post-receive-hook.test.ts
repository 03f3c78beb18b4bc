/**
 * The dashboard's post-receive hint for local/self-hosted repositories, run for real: the
 * generated hook is installed in a bare repository, a push runs it, and it POSTs the pushed
 * commit and branch to the custom API URL (a loopback server here) as JSON.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { postReceiveHook } from '../../shared/post-receive-hook';

const exec = promisify(execFile);
const git = (cwd: string, ...args: string[]) => exec('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd });

describe('post-receive hook from the dashboard hint', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('calls the custom API with the pushed commit, only for the configured branch', async () => {
    const bodies: unknown[] = [];
    const server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        bodies.push({ path: req.url, type: req.headers['content-type'], json: JSON.parse(text) as unknown });
        res.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"queued"}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/abc/api`;
    try {
      const root = await mkdtemp(join(tmpdir(), 'ad-post-receive-'));
      dirs.push(root);
      const bare = join(root, 'app.git');
      const work = join(root, 'work');
      await exec('git', ['init', '-q', '--bare', '-b', 'main', bare]);
      const hook = join(bare, 'hooks', 'post-receive');
      await writeFile(hook, postReceiveHook(url, 'main').replace("'<the custom API secret key>'", "'key-123456'"));
      await chmod(hook, 0o755);
      await exec('git', ['clone', '-q', bare, work]);
      await writeFile(join(work, 'a.txt'), 'one\n');
      await git(work, 'add', '.');
      await git(work, 'commit', '-qm', 'one');
      await git(work, 'push', '-q', 'origin', 'HEAD:main');
      await git(work, 'push', '-q', 'origin', 'HEAD:other');
      const sha = (await git(work, 'rev-parse', 'HEAD')).stdout.trim();
      expect(bodies).toEqual([{ path: '/hooks/abc/api', type: 'application/json', json: { secret_key: 'key-123456', commit: sha, branch: 'main' } }]);
    } finally {
      server.close();
    }
  });
});
