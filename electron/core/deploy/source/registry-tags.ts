/**
 * The tags a registry holds for one repository (`GET /v2/<name>/tags/list`, the registry v2 API
 * that Docker Hub, GHCR, Quay, Harbor, Aliyun and a plain registry all speak), with the same
 * authentication as a pull. Pages are followed through the `Link` header, bounded.
 */
import type { ImageRef } from '../../../../shared/image-ref';
import type { Credentials } from './registry-auth';
import { RegistryError, ensureOk, fetchRegistry } from './registry-errors';
import { answerChallenge, registryBase, requestSignal } from './registry-resolve';

export interface ListTagsOptions {
  /** Domain and path are used; a tag or digest is ignored. */
  ref: ImageRef;
  credentials?: Credentials;
  insecure?: boolean;
  /** Stop after this many tags (default 5,000). */
  limit?: number;
  /** Tags asked per page (default 1,000; the registry may send fewer). */
  pageSize?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}
export interface TagsListed {
  tags: string[];
  /** More tags exist than were read (the limit was reached). */
  truncated: boolean;
}

/** The next page's path from `Link: </v2/x/tags/list?last=a&n=2>; rel="next"`. */
function nextLink(header: string | null): string | undefined {
  const m = header && /<([^>]+)>\s*;\s*rel="?next"?/i.exec(header);
  return m ? m[1] : undefined;
}

export async function listRegistryTags(opts: ListTagsOptions): Promise<TagsListed> {
  const { ref } = opts;
  const limit = opts.limit ?? 5000;
  const base = registryBase(ref, opts.insecure);
  const signal = requestSignal(opts.signal, opts.timeoutMs);
  const get = (url: string, authorization?: string): Promise<Response> =>
    fetchRegistry(url, { headers: { accept: 'application/json', ...(authorization ? { authorization } : {}) }, signal, redirect: 'follow' }, ref.domain);

  const tags: string[] = [];
  let authorization: string | undefined;
  let next: string | undefined = `/v2/${ref.path}/tags/list?n=${opts.pageSize ?? 1000}`;
  while (next && tags.length < limit) {
    const url = new URL(next, base).toString();
    if (!url.startsWith(`${base}/`)) throw new RegistryError('the registry sent a next-page link to another host', 'other');
    let res = await get(url, authorization);
    if (res.status === 401 && authorization === undefined) {
      authorization = await answerChallenge(res, ref, opts.credentials, signal);
      res = await get(url, authorization);
    }
    ensureOk(res, ref.domain, {
      notFound: `${ref.path} does not exist on ${ref.domain}`,
      refused: () => `the registry ${ref.domain} refused to list the tags of ${ref.path}`,
    });
    const body = (await res.json().catch(() => null)) as { tags?: unknown } | null;
    const page = Array.isArray(body?.tags) ? body.tags.filter((t): t is string => typeof t === 'string') : [];
    tags.push(...page);
    next = page.length > 0 ? nextLink(res.headers.get('link')) : undefined;
  }
  return { tags: tags.slice(0, limit), truncated: tags.length > limit || next !== undefined };
}
