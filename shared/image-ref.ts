/**
 * Docker image reference parsing and normalization (distribution/reference grammar).
 * Pure: used by the engine (validation, matching) and by the renderer (form hints).
 */

const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REMOTE_NAME = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?$`);
export const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const IDENTIFIER_RE = /^[a-f0-9]{64}$/;

export const DOCKER_HUB = 'docker.io';

export interface ImageRef {
  /** Registry host (normalized; `docker.io` for Docker Hub). */
  domain: string;
  /** Repository path, with `library/` added for Docker Hub official images. */
  path: string;
  /** Tag; `latest` when none was given and no digest was given. */
  tag?: string;
  digest?: string;
}

export class ImageRefError extends Error {}

/** True when `tag` follows Docker's tag grammar (1–128 chars, first a word character). */
export function isValidTag(tag: string): boolean {
  return TAG_RE.test(tag);
}

function splitDomain(name: string): { domain: string; path: string } {
  const slash = name.indexOf('/');
  if (slash === -1) return { domain: DOCKER_HUB, path: `library/${name}` };
  const first = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  const isDomain =
    first === 'localhost' || first.includes('.') || first.includes(':') || first !== first.toLowerCase();
  if (!isDomain) return { domain: DOCKER_HUB, path: name };
  const domain = first === 'index.docker.io' ? DOCKER_HUB : first;
  if (domain === DOCKER_HUB && !rest.includes('/')) return { domain, path: `library/${rest}` };
  return { domain, path: rest };
}

/** Parse a reference like `nginx`, `registry:5000/team/app:v1`, `app@sha256:...`. Throws ImageRefError. */
export function parseImageRef(input: string): ImageRef {
  const ref = input.trim();
  if (ref === '') throw new ImageRefError('image reference is empty');
  if (ref.length > 512) throw new ImageRefError('image reference is too long');
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) throw new ImageRefError(`invalid digest "${digest}"`);
  }
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > rest.lastIndexOf('/')) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!isValidTag(tag)) throw new ImageRefError(`invalid tag "${tag}"`);
  }
  if (IDENTIFIER_RE.test(rest)) throw new ImageRefError('a bare image id is not a repository name');
  const { domain, path } = splitDomain(rest);
  if (!DOMAIN.test(domain)) throw new ImageRefError(`invalid registry host "${domain}"`);
  if (!REMOTE_NAME.test(path)) {
    throw new ImageRefError(`invalid repository name "${path}" (lower-case letters, digits and . _ - separators)`);
  }
  if (domain.length + 1 + path.length > 255) throw new ImageRefError('repository name is longer than 255 characters');
  if (!tag && !digest) tag = 'latest';
  return { domain, path, tag, digest };
}

/** `domain/path` as Docker names it in full (`docker.io/library/nginx`). */
export function repositoryName(ref: ImageRef): string {
  return `${ref.domain}/${ref.path}`;
}

/** The reference as Docker prints it: familiar for Docker Hub, tag and digest when present. */
export function formatImageRef(ref: ImageRef): string {
  let name = repositoryName(ref);
  if (ref.domain === DOCKER_HUB) {
    name = ref.path.startsWith('library/') && ref.path.split('/').length === 2 ? ref.path.slice(8) : ref.path;
  }
  return `${name}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** Same reference with another tag (digest dropped). */
export function withTag(ref: ImageRef, tag: string): ImageRef {
  return { domain: ref.domain, path: ref.path, tag };
}

/**
 * The repository path used to match pushes with components: the registry host is left out
 * (webhook payloads often lack it) and Docker Hub's implicit `library/` is dropped, so
 * `nginx`, `docker.io/library/nginx` and a Docker Hub payload's `library/nginx` all give `nginx`.
 */
export function comparableRepository(ref: ImageRef): string {
  if (ref.domain === DOCKER_HUB && ref.path.startsWith('library/') && ref.path.split('/').length === 2) return ref.path.slice(8);
  return ref.path;
}

/** The reference as the user wrote it, with its tag replaced (and any digest pin dropped). */
export function retagReference(input: string, tag: string): string {
  let rest = input.trim();
  const at = rest.indexOf('@');
  if (at !== -1) rest = rest.slice(0, at);
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > rest.lastIndexOf('/')) rest = rest.slice(0, lastColon);
  return `${rest}:${tag}`;
}

/**
 * The repository a local tag names, as both engines' tag lists can be compared: Podman lists
 * unqualified local names under `localhost/` (built) or `docker.io/` (tagged through the
 * compatible API) where Docker lists them bare. null for what is not a reference.
 */
export function localRepository(tag: string): string | null {
  let ref: ImageRef;
  try {
    ref = parseImageRef(tag);
  } catch {
    return null;
  }
  return ref.domain === 'localhost' ? repositoryName({ domain: DOCKER_HUB, path: ref.path }) : repositoryName(ref);
}
