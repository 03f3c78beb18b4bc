/**
 * Asks the registry (registry v2 API) which digest a tag points at right now: the registry is
 * the truth, a webhook only a hint. Handles anonymous, Basic and Bearer-token registries.
 */
import { createHash } from 'node:crypto';
import { DOCKER_HUB } from '../../../../shared/image-ref';
import type { ImageRef } from '../../../../shared/image-ref';
import type { Credentials } from './registry-auth';

export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

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
export function retryAfterMs(res: Response, now = Date.now()): number | undefined {
  const value = res.headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The error for a registry answer that is not a success (401/403 and 404 are named by the caller). */
export function statusError(res: Response, domain: string): RegistryError {
  const wait = retryAfterMs(res);
  const what = res.status === 429 ? `the registry ${domain} is rate-limiting (429)` : `the registry ${domain} answered ${res.status}`;
  return new RegistryError(what, 'other', { status: res.status, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
}

export interface ResolveOptions {
  ref: ImageRef;
  credentials?: Credentials;
  /** Plain http (loopback or engine-declared insecure registries). */
  insecure?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
}
export interface Resolved {
  digest: string;
  mediaType?: string;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/i;
export const isLoopbackRegistry = (domain: string): boolean => LOOPBACK.test(domain);

/** `Bearer realm="...",service="...",scope="..."` → scheme + params. */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const space = header.indexOf(' ');
  const scheme = (space === -1 ? header : header.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  const re = /([a-zA-Z_]+)="([^"]*)"/g;
  for (let m = re.exec(header); m; m = re.exec(header)) params[m[1].toLowerCase()] = m[2]!;
  return { scheme, params };
}

/**
 * Why the registry said no, in words that tell the user what to fix: a wrong username/password
 * (401 with credentials), missing credentials (401 without), or an account that may not pull
 * this repository (403).
 */
export function refusal(status: number, what: string, credentials: Credentials | undefined): string {
  if (status === 403) return `not allowed to pull ${what}: the registry refused this account access (403)`;
  if (credentials) return `the registry refused the username/password for ${what} (401)`;
  return `${what} needs credentials (docker login or the component's credentials) (401)`;
}

const basic = (c: Credentials): string => `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;

async function bearerToken(params: Record<string, string>, path: string, credentials: Credentials | undefined, signal: AbortSignal): Promise<string> {
  if (!params.realm || !/^https?:\/\//i.test(params.realm)) throw new RegistryError('the registry sent a token challenge without a usable realm', 'other');
  const url = new URL(params.realm);
  if (params.service) url.searchParams.set('service', params.service);
  url.searchParams.set('scope', params.scope ?? `repository:${path}:pull`);
  const res = await fetch(url, { headers: credentials ? { authorization: basic(credentials) } : {}, signal });
  if (res.status === 401 || res.status === 403) throw new RegistryError(refusal(res.status, path, credentials), 'unauthorized', { status: res.status });
  if (!res.ok) throw new RegistryError(`the registry's token service answered ${res.status}`, 'other');
  const body = (await res.json()) as { token?: string; access_token?: string };
  const token = body.token ?? body.access_token;
  if (!token) throw new RegistryError("the registry's token service sent no token", 'other');
  return token;
}

/** The Authorization value that answers a registry's 401 (token service, or Basic credentials). */
export async function answerChallenge(res: Response, ref: ImageRef, credentials: Credentials | undefined, signal: AbortSignal): Promise<string> {
  const challenge = parseChallenge(res.headers.get('www-authenticate') ?? '');
  if (challenge.scheme === 'bearer') return `Bearer ${await bearerToken(challenge.params, ref.path, credentials, signal)}`;
  if (credentials) return basic(credentials);
  throw new RegistryError(refusal(401, `${ref.domain}/${ref.path}`, undefined), 'unauthorized', { status: res.status });
}

/** `https://host` (or http for loopback/insecure registries; Docker Hub's API host). */
export function registryBase(ref: ImageRef, insecure: boolean | undefined): string {
  const host = ref.domain === DOCKER_HUB ? 'registry-1.docker.io' : ref.domain;
  return `${insecure || isLoopbackRegistry(ref.domain) ? 'http' : 'https'}://${host}`;
}

export async function resolveTag(opts: ResolveOptions): Promise<Resolved> {
  const { ref, credentials } = opts;
  if (!ref.tag) throw new RegistryError('no tag to resolve', 'other');
  const url = `${registryBase(ref, opts.insecure)}/v2/${ref.path}/manifests/${encodeURIComponent(ref.tag)}`;
  const signal = opts.signal
    ? AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs ?? 30_000)])
    : AbortSignal.timeout(opts.timeoutMs ?? 30_000);

  const request = async (method: 'HEAD' | 'GET', authorization?: string): Promise<Response> => {
    try {
      return await fetch(url, { method, headers: { accept: MANIFEST_ACCEPT, ...(authorization ? { authorization } : {}) }, signal, redirect: 'follow' });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new RegistryError(`cannot reach the registry ${ref.domain}: ${cause?.code ?? cause?.message ?? (err as Error).message}`, 'network');
    }
  };

  let authorization: string | undefined;
  let res = await request('HEAD');
  if (res.status === 401) {
    authorization = await answerChallenge(res, ref, credentials, signal);
    res = await request('HEAD', authorization);
  }
  if (res.status === 405 || (res.ok && !res.headers.get('docker-content-digest'))) {
    // some registries do not answer HEAD, or omit the digest header: hash the manifest body
    res = await request('GET', authorization);
    if (res.ok && !res.headers.get('docker-content-digest')) {
      const body = Buffer.from(await res.arrayBuffer());
      return { digest: `sha256:${createHash('sha256').update(body).digest('hex')}`, mediaType: res.headers.get('content-type') ?? undefined };
    }
  }
  if (res.status === 404) throw new RegistryError(`no such tag: ${ref.path}:${ref.tag} does not exist on ${ref.domain}`, 'not_found', { status: 404 });
  if (res.status === 401 || res.status === 403) throw new RegistryError(refusal(res.status, `${ref.domain}/${ref.path}`, credentials), 'unauthorized', { status: res.status });
  if (!res.ok) throw statusError(res, ref.domain);
  const digest = res.headers.get('docker-content-digest');
  if (!digest) throw new RegistryError('the registry sent no digest', 'other');
  return { digest, mediaType: res.headers.get('content-type') ?? undefined };
}
