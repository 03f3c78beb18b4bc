import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oneFileTar } from './one-file-tar';

describe('oneFileTar', () => {
  it('writes an archive GNU tar extracts to the same bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ad-tar-'));
    try {
      const content = Buffer.from('{"admin":{"listen":"0.0.0.0:2019"}}\n'.repeat(40));
      writeFileSync(join(dir, 'a.tar'), oneFileTar('caddy.json', content));
      execFileSync('tar', ['-xf', 'a.tar'], { cwd: dir });
      expect(readFileSync(join(dir, 'caddy.json'))).toEqual(content);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a path (only a plain name fits the upload it is for)', () => {
    expect(() => oneFileTar('etc/x', Buffer.from(''))).toThrow(/plain file name/);
  });
});
