import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileKeySealer } from './sealer';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ad-sealer-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileKeySealer', () => {
  it('round-trips, never shows the plaintext, and uses a fresh IV per value', async () => {
    const sealer = await FileKeySealer.open(join(dir, 'secret.key'));
    const a = sealer.seal('hunter2-hunter2');
    const b = sealer.seal('hunter2-hunter2');
    expect(a).not.toContain('hunter2');
    expect(a).not.toBe(b);
    expect(sealer.unseal(a)).toBe('hunter2-hunter2');
  });

  it('keeps its key in a 0600 file and reuses it on the next start', async () => {
    const keyFile = join(dir, 'secret.key');
    const sealed = (await FileKeySealer.open(keyFile)).seal('s3cret-value');
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect((await readFile(keyFile, 'utf8')).trim()).toHaveLength(44);
    expect((await FileKeySealer.open(keyFile)).unseal(sealed)).toBe('s3cret-value');
  });

  it('refuses a tampered value', async () => {
    const sealer = await FileKeySealer.open(join(dir, 'secret.key'));
    const sealed = sealer.seal('value-1234');
    const raw = Buffer.from(sealed.slice(5), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => sealer.unseal('gcm1:' + raw.toString('base64'))).toThrow();
  });

  it('refuses a value sealed with another key', async () => {
    const one = await FileKeySealer.open(join(dir, 'one.key'));
    const two = await FileKeySealer.open(join(dir, 'two.key'));
    expect(() => two.unseal(one.seal('value-1234'))).toThrow();
  });
});
