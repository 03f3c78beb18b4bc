import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileKeySealer } from '../core/store/sealer';
import { chooseSealer, keychainAvailable, SafeStorageSealer, type SafeStorageLike } from './safe-storage-sealer';

/** A reversible stand-in for the OS keychain (XOR with a fixed byte, so the output is not the input). */
function keychain(backend: ReturnType<SafeStorageLike['getSelectedStorageBackend']> = 'gnome_libsecret', available = true): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (s) => Buffer.from(Buffer.from(s).map((b) => b ^ 0x5a)),
    decryptString: (b) => Buffer.from(b.map((x) => x ^ 0x5a)).toString(),
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'autodeploy-sealer-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('safeStorage sealer', () => {
  it('round-trips, and the sealed text does not contain the secret', () => {
    const sealer = new SafeStorageSealer(keychain());
    const sealed = sealer.seal('hunter2-webhook-secret');
    expect(sealed.startsWith('ss1:')).toBe(true);
    expect(sealed).not.toContain('hunter2');
    expect(sealer.unseal(sealed)).toBe('hunter2-webhook-secret');
  });

  it('is chosen when the keychain works, and still opens values sealed earlier with the key file', async () => {
    const keyFile = join(dir, 'secret.key');
    const old = (await FileKeySealer.open(keyFile)).seal('from-headless-days');
    const { sealer, warnings } = await chooseSealer({ safeStorage: keychain(), platform: 'linux', keyFile });
    expect(sealer.kind).toBe('safeStorage');
    expect(warnings).toEqual([]);
    expect(sealer.unseal(old)).toBe('from-headless-days');
    expect(sealer.unseal(sealer.seal('new'))).toBe('new');
  });

  it('does not create a key file when the keychain works', async () => {
    const keyFile = join(dir, 'secret.key');
    await chooseSealer({ safeStorage: keychain(), platform: 'darwin', keyFile });
    expect(() => statSync(keyFile)).toThrow();
  });

  it("Linux's fixed-password fallback does not count as a keychain", () => {
    expect(keychainAvailable(keychain('basic_text'), 'linux')).toBe(false);
    expect(keychainAvailable(keychain('kwallet5'), 'linux')).toBe(true);
    expect(keychainAvailable(keychain('unknown', false), 'win32')).toBe(false);
    expect(keychainAvailable(keychain('unknown'), 'win32')).toBe(true);
  });

  it('without a keychain falls back to a 0600 key file, with a warning, and explains keychain values it cannot open', async () => {
    const keyFile = join(dir, 'secret.key');
    const { sealer, warnings } = await chooseSealer({ safeStorage: keychain('basic_text'), platform: 'linux', keyFile });
    expect(sealer.kind).toBe('file');
    expect(warnings).toEqual([
      `The OS keychain is not available (no Secret Service or KWallet is running), so secrets are encrypted with a key file (${keyFile}). Anyone who can read that file can read them.`,
    ]);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(sealer.unseal(sealer.seal('x'))).toBe('x');
    const fromKeychain = new SafeStorageSealer(keychain()).seal('y');
    expect(() => sealer.unseal(fromKeychain)).toThrow(/sealed with the OS keychain/);
  });
});
