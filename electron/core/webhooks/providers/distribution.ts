/**
 * Docker Distribution notifications (docs/webhooks.md, "Docker Distribution"): an envelope `{events: [...]}`
 * sent as `application/vnd.docker.distribution.events.v1+json` (registry 2.x) or `.v2+json`
 * (3.x). Every blob upload is a `push` too: only manifest/index pushes that carry a tag count.
 * Events in one envelope are unrelated; each has an `id`.
 */
import { createHash } from 'node:crypto';
import { asArray, str } from '../json-read';
import type { ImageProvider } from './provider';
import { collect, imagePush } from './image-common';

const ENVELOPE = /^application\/vnd\.docker\.distribution\.events\.v[12]\+json$/;
const MANIFEST = /manifest|index/;

export const distribution: ImageProvider = {
  id: 'distribution',
  detect: (d, json) => ENVELOPE.test(d.contentType) || (Array.isArray(json.events) && Object.keys(json).length === 1),
  read(_d, json) {
    const events = asArray(json.events);
    const ids = events.map((e) => str(e, 'id')).filter((id): id is string => id !== undefined);
    // One id for the envelope: the event id, or a digest of all ids when several are batched.
    const deliveryId =
      ids.length === 0 ? undefined : ids.length === 1 ? ids[0] : createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 32);
    const items = events.map((e) => {
      const action = str(e, 'action') ?? '';
      const mediaType = str(e, 'target', 'mediaType') ?? '';
      const repository = str(e, 'target', 'repository') ?? '?';
      if (action !== 'push') return `${action.slice(0, 16) || 'an event without action'} on ${repository.slice(0, 100)}`;
      if (!MANIFEST.test(mediaType)) return `blob push to ${repository.slice(0, 100)}`;
      return imagePush(str(e, 'target', 'repository'), str(e, 'request', 'host'), str(e, 'target', 'tag'), str(e, 'target', 'digest'));
    });
    const { pushes, skipped } = collect(items);
    return { provider: 'distribution', event: 'push', deliveryId, result: { kind: 'image-push', pushes, skipped, pusher: str(events[0], 'actor', 'name') } };
  },
};
