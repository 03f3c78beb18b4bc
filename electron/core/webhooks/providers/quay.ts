/**
 * Quay `repo_push` (docs/webhooks.md, "Quay"): `repository` (`namespace/name`), `docker_url`
 * (`host/namespace/name`) and `updated_tags`, a list of tag names. No digest, no headers.
 */
import { asArray, str } from '../json-read';
import type { ImageProvider } from './provider';
import { collect, imagePush, splitReference } from './image-common';

export const quay: ImageProvider = {
  id: 'quay',
  detect: (_d, json) => Array.isArray(json.updated_tags) && str(json, 'repository') !== undefined,
  read(_d, json) {
    const ref = splitReference(str(json, 'docker_url') ?? '');
    const repository = ref?.repository ?? str(json, 'repository');
    const items = asArray(json.updated_tags).map((t) => imagePush(repository, ref?.host, typeof t === 'string' ? t : undefined, undefined));
    const { pushes, skipped } = collect(items);
    return { provider: 'quay', event: 'repo_push', result: { kind: 'image-push', pushes, skipped } };
  },
};
