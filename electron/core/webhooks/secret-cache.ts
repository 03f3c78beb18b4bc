/**
 * Unsealed component secrets, cached by their sealed value: unsealing (AES-GCM, or the OS
 * keychain with safeStorage) on every delivery costs more than the rest of the check. A
 * regenerated secret has a new sealed value (fresh IV), so stale entries are never hit; the
 * cache is bounded and lives only in memory, like the secrets it would unseal anyway.
 */
import type { StoredComponent, StoredSecrets } from '../store/document';
import type { SecretSealer } from '../store/sealer';

const LIMIT = 256;

export class SecretCache {
  private readonly plain = new Map<string, string>();

  constructor(private readonly sealer: SecretSealer) {}

  reveal(component: StoredComponent, key: keyof StoredSecrets): string | undefined {
    const sealed = component.secrets[key];
    if (sealed === undefined) return undefined;
    let value = this.plain.get(sealed);
    if (value === undefined) {
      value = this.sealer.unseal(sealed);
      if (this.plain.size >= LIMIT) this.plain.clear();
      this.plain.set(sealed, value);
    }
    return value;
  }
}
