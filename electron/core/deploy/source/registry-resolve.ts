/**
 * Asks the registry (registry v2 API) which digest a tag points at right now: the registry is
 * the truth, a webhook only a hint. Handles anonymous, Basic and Bearer-token registries.
 */
import { createHash } from 'node:crypto';
import { DOCKER_HUB } from '../../../../shared/image-ref';
import type { ImageRef } from '../../../../shared/image-ref';
import type { Credentials } from './registry-auth';
import { RegistryError, ensureOk, fetchRegistry, refusal } from './registry-errors';

export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

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

/** The caller's signal, bounded by a timeout (default 30 s). */
export function requestSignal(signal: AbortSignal | undefined, timeoutMs = 30_000): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

export async function resolveTag(opts: ResolveOptions): Promise<Resolved> {
  const { ref, credentials } = opts;
  if (!ref.tag) throw new RegistryError('no tag to resolve', 'other');
  const url = `${registryBase(ref, opts.insecure)}/v2/${ref.path}/manifests/${encodeURIComponent(ref.tag)}`;
  const signal = requestSignal(opts.signal, opts.timeoutMs);
  const request = (method: 'HEAD' | 'GET', authorization?: string): Promise<Response> =>
    fetchRegistry(url, { method, headers: { accept: MANIFEST_ACCEPT, ...(authorization ? { authorization } : {}) }, signal, redirect: 'follow' }, ref.domain);

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
  ensureOk(res, ref.domain, {
    notFound: `no such tag: ${ref.path}:${ref.tag} does not exist on ${ref.domain}`,
    refused: (status) => refusal(status, `${ref.domain}/${ref.path}`, credentials),
  });
  const digest = res.headers.get('docker-content-digest');
  if (!digest) throw new RegistryError('the registry sent no digest', 'other');
  return { digest, mediaType: res.headers.get('content-type') ?? undefined };
}
