/** Reading and writing a component's sealed secrets, and generating new ones with a CSPRNG. */
import { randomBytes } from 'node:crypto';
import type { StoredComponent, StoredSecrets } from './document';
import type { SecretSealer } from './sealer';

/** 32 random bytes, base64url: 256 bits. */
export const newSecret = (): string => randomBytes(32).toString('base64url');
/** 24 random bytes, base64url (32 chars): 192 bits, above the 128-bit floor. */
export const newHookId = (): string => randomBytes(24).toString('base64url');
export const newId = (prefix: string): string => `${prefix}_${randomBytes(9).toString('base64url')}`;

/** The plaintext of one sealed secret of a component, or undefined when none is set. */
export function revealStored(sealer: SecretSealer, component: StoredComponent, key: keyof StoredSecrets): string | undefined {
  const sealed = component.secrets[key];
  return sealed === undefined ? undefined : sealer.unseal(sealed);
}
