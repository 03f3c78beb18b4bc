/** Validation shared by the registry providers: tags, digests and names from payloads. */
import { ImageRefError, isValidTag, parseImageRef } from '../../../../shared/image-ref';
import { badRequest } from '../hook-error';
import { UNKNOWN_HOST } from '../../ingest/parsed-event';
import type { ImagePush } from '../../ingest/parsed-event';

const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,128}$/;

/**
 * One pushed image, validated: the tag by Docker's grammar, the digest by its grammar, the
 * name by the reference grammar. Returns a skip reason for digest-only (untagged) pushes.
 */
export function imagePush(repository: string | undefined, host: string | undefined, tag: string | undefined, digest: string | undefined): ImagePush | string {
  if (!repository) throw badRequest('the payload names no repository');
  if (!tag || tag.startsWith('sha256:')) return `${repository.slice(0, 100)} pushed by digest without a tag`;
  if (!isValidTag(tag)) throw badRequest(`"${tag.slice(0, 64)}${tag.length > 64 ? '...' : ''}" is not a valid Docker tag`);
  if (digest !== undefined && !DIGEST.test(digest)) throw badRequest('the digest is malformed');
  try {
    parseImageRef(`${host ?? UNKNOWN_HOST}/${repository}`);
  } catch (err) {
    throw badRequest(err instanceof ImageRefError ? `bad repository name: ${err.message.slice(0, 200)}` : 'bad repository name');
  }
  return { repository, host, tag, digest };
}

/** Split `host/path[:tag]` (a full reference from a payload) into host and path. */
export function splitReference(ref: string): { host?: string; repository: string } | undefined {
  try {
    const parsed = parseImageRef(ref);
    return { host: parsed.domain, repository: parsed.path };
  } catch {
    return undefined;
  }
}

export function collect(items: (ImagePush | string)[]): { pushes: ImagePush[]; skipped: string[] } {
  const pushes: ImagePush[] = [];
  const skipped: string[] = [];
  for (const item of items) {
    if (typeof item === 'string') skipped.push(item);
    else pushes.push(item);
  }
  return { pushes, skipped };
}
