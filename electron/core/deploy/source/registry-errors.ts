/**
 * What goes wrong asking a registry, in words that tell the user what to fix: the error type,
 * an unreachable registry, and an answer that is not a success (404, 401/403, 429 with
 * `Retry-After`, any other status). Used by the tag resolver and the tag lister alike.
 */
import type { Credentials } from './registry-auth';

export type RegistryErrorKind = 'not_found' | 'unauthorized' | 'network' | 'other';
export class RegistryError extends Error {
  constructor(
    message: string,
    readonly kind: RegistryErrorKind,
    /** The registry's HTTP status, and how long it asked us to wait (429/503 `Retry-After`). */
    readonly http?: { status: number; retryAfterMs?: number },
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

/** `Retry-After: 120` or an HTTP date → milliseconds from now (undefined when absent or unreadable). */
function retryAfterMs(res: Response, now = Date.now()): number | undefined {
  const value = res.headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Why the registry said no: a wrong username/password (401 with credentials), missing
 * credentials (401 without), or an account that may not pull this repository (403).
 */
export function refusal(status: number, what: string, credentials: Credentials | undefined): string {
  if (status === 403) return `not allowed to pull ${what}: the registry refused this account access (403)`;
  if (credentials) return `the registry refused the username/password for ${what} (401)`;
  return `${what} needs credentials (docker login or the component's credentials) (401)`;
}

/** `fetch`, with a registry that cannot be reached (DNS, refused, TLS, timeout) as a `network` RegistryError. */
export async function fetchRegistry(url: string, init: RequestInit, domain: string): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new RegistryError(`cannot reach the registry ${domain}: ${cause?.code ?? cause?.message ?? (err as Error).message}`, 'network');
  }
}

export interface AnswerWords {
  /** The message for a 404. */
  notFound: string;
  /** The message for a 401 or 403. */
  refused: (status: number) => string;
}

/** Throws the RegistryError for an answer that is not a success; 404 and 401/403 in the caller's words. */
export function ensureOk(res: Response, domain: string, words: AnswerWords): void {
  if (res.status === 404) throw new RegistryError(words.notFound, 'not_found', { status: 404 });
  if (res.status === 401 || res.status === 403) throw new RegistryError(words.refused(res.status), 'unauthorized', { status: res.status });
  if (res.ok) return;
  const wait = retryAfterMs(res);
  const what = res.status === 429 ? `the registry ${domain} is rate-limiting (429)` : `the registry ${domain} answered ${res.status}`;
  throw new RegistryError(what, 'other', { status: res.status, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
}
