/**
 * Secrets sealed with Electron safeStorage (macOS Keychain, Windows DPAPI, libsecret/KWallet).
 * Where no real keychain exists — Linux without a keyring, where Electron would fall back to a
 * hard-coded password ("basic_text") — the file-key sealer is used instead, with a warning the
 * user sees in status.
 */
import { access } from 'node:fs/promises';
import type { SafeStorage } from 'electron';
import { keyFileKey, type SealingKey } from '../core/store/key-check';
import { FileKeySealer, type SecretSealer } from '../core/store/sealer';

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

const PREFIX = 'ss1:';

export class SafeStorageSealer implements SecretSealer {
  readonly kind = 'safeStorage' as const;

  /** `previous` unseals values written while the key file was in use (keychain became available later). */
  constructor(
    private readonly safeStorage: SafeStorageLike,
    private readonly previous?: SecretSealer,
  ) {}

  seal(plain: string): string {
    return PREFIX + this.safeStorage.encryptString(plain).toString('base64');
  }

  unseal(sealed: string): string {
    if (sealed.startsWith(PREFIX)) return this.safeStorage.decryptString(Buffer.from(sealed.slice(PREFIX.length), 'base64'));
    if (this.previous) return this.previous.unseal(sealed);
    throw new Error('this secret was sealed by another backend that is not available; set it again');
  }
}

/** The key-file sealer, explaining keychain-sealed values it cannot open. */
class KeyFileFallback implements SecretSealer {
  readonly kind = 'file' as const;
  constructor(private readonly inner: SecretSealer) {}
  seal(plain: string): string {
    return this.inner.seal(plain);
  }
  unseal(sealed: string): string {
    if (sealed.startsWith(PREFIX)) throw new Error('this secret was sealed with the OS keychain, which is not available now; unlock the keyring or set the secret again');
    return this.inner.unseal(sealed);
  }
}

export interface SealerChoice {
  sealer: SecretSealer;
  warnings: string[];
}

export interface ChooseSealerOptions {
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  keyFile: string;
  openKeyFile?: (keyFile: string) => Promise<SecretSealer>;
  exists?: (path: string) => Promise<boolean>;
}

const fileExists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

/** Why the keychain is unavailable, after "The OS keychain is not available". */
const unavailableDetail = (platform: NodeJS.Platform): string => (platform === 'linux' ? ' (no Secret Service or KWallet is running)' : '');

export function keychainAvailable(safeStorage: SafeStorageLike, platform: NodeJS.Platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  // On Linux without a keyring Electron "encrypts" with a fixed password: not a secret store.
  return platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
}

/** Call after the app is ready (safeStorage needs it on Linux). */
export async function chooseSealer(opts: ChooseSealerOptions): Promise<SealerChoice> {
  const open = opts.openKeyFile ?? ((f: string) => FileKeySealer.open(f));
  const exists = opts.exists ?? fileExists;
  if (keychainAvailable(opts.safeStorage, opts.platform)) {
    const previous = (await exists(opts.keyFile)) ? await open(opts.keyFile) : undefined;
    return { sealer: new SafeStorageSealer(opts.safeStorage, previous), warnings: [] };
  }
  return {
    sealer: new KeyFileFallback(await open(opts.keyFile)),
    warnings: [
      `The OS keychain is not available${unavailableDetail(opts.platform)}, ` +
        `so secrets are encrypted with a key file (${opts.keyFile}). Anyone who can read that file can read them.`,
    ],
  };
}

/**
 * The keys the desktop app's sealed secrets may need (values sealed with the key file while no
 * keychain was running, and values sealed with the keychain), for `checkSealingKeys` before
 * `chooseSealer`: choosing would create a new key file where one is missing.
 */
export function sealingKeys(opts: Pick<ChooseSealerOptions, 'safeStorage' | 'platform' | 'keyFile'>): SealingKey[] {
  const keychain: SealingKey = {
    prefix: PREFIX,
    name: 'the OS keychain',
    absent: `is not available${unavailableDetail(opts.platform)}`,
    restore:
      opts.platform === 'linux'
        ? 'Start or unlock your keyring (GNOME Keyring or KWallet) in this desktop session and start Auto Deploy again.'
        : 'Unlock the OS keychain (or sign in as the user whose keychain sealed them) and start Auto Deploy again.',
    open: async () => {
      if (!keychainAvailable(opts.safeStorage, opts.platform)) return undefined;
      const sealer = new SafeStorageSealer(opts.safeStorage);
      return (sealed) => sealer.unseal(sealed);
    },
  };
  return [keyFileKey(opts.keyFile), keychain];
}
