import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OUTSIDE_DOCKERFILE, prepareBuildContext } from './build-context';

/** The entry names of a tar stream, as GNU tar lists them. */
function tarEntries(stream: Readable): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const tar = spawn('tar', ['-t'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    tar.stdout.on('data', (d: Buffer) => (out += d.toString()));
    tar.on('error', reject);
    tar.on('close', () => resolve(out.split('\n').filter(Boolean).map((e) => e.replace(/\/$/, '')).sort()));
    stream.pipe(tar.stdin);
  });
}

describe('prepareBuildContext', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'ad-ctx-'));
    const files: Record<string, string> = {
      Dockerfile: 'FROM scratch\n',
      'app/main.js': 'x',
      'app/debug.log': 'x',
      'app/keep.log': 'x',
      'node_modules/dep/index.js': 'x',
      'docs/Dockerfile.web': 'FROM scratch\n',
      '.dockerignore': '# comment\nnode_modules\n**/*.log\n!app/keep.log\nDockerfile\n',
    };
    for (const [p, c] of Object.entries(files)) {
      await mkdir(join(root, p, '..'), { recursive: true });
      await writeFile(join(root, p), c);
    }
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('honours .dockerignore, exceptions included, and always sends the Dockerfile', async () => {
    const ctx = await prepareBuildContext(root, '.', 'Dockerfile');
    expect(ctx.dockerfile).toBe('Dockerfile');
    const entries = await tarEntries(ctx.stream);
    expect(entries).toContain('Dockerfile');
    expect(entries).toContain('.dockerignore');
    expect(entries).toContain('app/main.js');
    expect(entries).toContain('app/keep.log');
    expect(entries).not.toContain('app/debug.log');
    expect(entries.filter((e) => e.startsWith('node_modules'))).toEqual([]);
  });

  it('uses a context directory, bringing a Dockerfile from outside it along', async () => {
    const ctx = await prepareBuildContext(root, 'app', 'docs/Dockerfile.web');
    expect(ctx.dockerfile).toBe(OUTSIDE_DOCKERFILE);
    expect(await tarEntries(ctx.stream)).toEqual(['.', OUTSIDE_DOCKERFILE, 'debug.log', 'keep.log', 'main.js'].sort());
  });

  it('rejects paths that leave the checkout, also through symlinks', async () => {
    await symlink('/etc', join(root, 'etc-link'));
    await symlink('/etc/hostname', join(root, 'Dockerfile.link'));
    await expect(prepareBuildContext(root, '../', 'Dockerfile')).rejects.toThrow(/outside the repository/);
    await expect(prepareBuildContext(root, '.', '../../etc/passwd')).rejects.toThrow(/outside the repository/);
    await expect(prepareBuildContext(root, 'etc-link', 'Dockerfile')).rejects.toThrow(/leads outside the repository/);
    await expect(prepareBuildContext(root, '.', 'Dockerfile.link')).rejects.toThrow(/leads outside the repository/);
    await expect(prepareBuildContext(root, '.', 'missing/Dockerfile')).rejects.toThrow(/does not exist/);
    await expect(prepareBuildContext(root, 'app/main.js', 'Dockerfile')).rejects.toThrow(/not a directory/);
  });
});
