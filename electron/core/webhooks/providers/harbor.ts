/**
 * Harbor (docs/webhooks.md, "Harbor"): `type: PUSH_ARTIFACT` with `event_data`, or CloudEvents
 * `type: harbor.artifact.pushed` with `data` and an `id`. Each resource has `tag`, `digest`
 * and a full `resource_url`. Authentication is a static Authorization header (checked by the
 * image route before any provider reads the payload).
 */
import { asArray, asObject, str } from '../json-read';
import type { ImageProvider } from './provider';
import { collect, imagePush, splitReference } from './image-common';

export const harbor: ImageProvider = {
  id: 'harbor',
  detect: (_d, json) => {
    const type = str(json, 'type') ?? '';
    return type.startsWith('harbor.') || (/^[A-Z_]+$/.test(type) && asObject(json.event_data) !== undefined);
  },
  read(_d, json) {
    const type = str(json, 'type') ?? '';
    const cloudEvent = type.startsWith('harbor.');
    const deliveryId = cloudEvent ? str(json, 'id') : undefined;
    const base = { provider: 'harbor' as const, event: type.slice(0, 64), deliveryId };
    if (type !== 'PUSH_ARTIFACT' && type !== 'harbor.artifact.pushed') {
      return { ...base, result: { kind: 'ignored', reason: `event "${type.slice(0, 64)}" is not an artifact push` } };
    }
    const data = asObject(cloudEvent ? json.data : json.event_data);
    const repoFullName = str(data, 'repository', 'repo_full_name');
    const items = asArray(data?.resources).map((r) => {
      const ref = splitReference(str(r, 'resource_url') ?? '');
      return imagePush(ref?.repository ?? repoFullName, ref?.host, str(r, 'tag'), str(r, 'digest'));
    });
    const { pushes, skipped } = collect(items);
    return { ...base, result: { kind: 'image-push', pushes, skipped, pusher: str(json, 'operator') } };
  },
};
