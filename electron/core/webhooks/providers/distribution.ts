/**
 * Docker Distribution notifications (docs/webhooks.md, "Docker Distribution"): an envelope `{events: [...]}`
 * sent as `application/vnd.docker.distribution.events.v1+json` (registry 2.x) or `.v2+json`
 * (3.x). Every blob upload is a `push` too: only manifest/index pushes that carry a tag count.
 * Events in one envelope are unrelated; each has an `id`. An envelope of events that can never
 * deploy (blob pushes, pulls, mounts, untagged manifests; one image push sends one per layer)
 * is answered but marked routine, so it leaves no delivery-log row; in a mixed envelope they
 * are folded into one count.
 */
import { createHash } from 'node:crypto';
import { asArray, str } from '../json-read';
import type { ImagePush } from '../../ingest/parsed-event';
import type { ImageProvider } from './provider';
import { collect, imagePush } from './image-common';

const ENVELOPE = /^application\/vnd\.docker\.distribution\.events\.v[12]\+json$/;
const MANIFEST = /manifest|index/;

/** What one envelope event is: a tagged manifest push can deploy; the rest never does. */
function kindOf(e: unknown): 'push' | 'blob' | 'untagged' | 'pull' | 'mount' | 'delete' | 'other' {
  const action = str(e, 'action') ?? '';
  if (action === 'push') {
    if (!MANIFEST.test(str(e, 'target', 'mediaType') ?? '')) return 'blob';
    return str(e, 'target', 'tag') ? 'push' : 'untagged';
  }
  return action === 'pull' || action === 'mount' || action === 'delete' ? action : 'other';
}

const NEVER: Record<string, string> = { blob: 'blob push', untagged: 'manifest push without a tag', pull: 'pull', mount: 'blob mount' };

/** "3 blob pushes and 1 pull" */
function countText(counts: Map<string, number>): string {
  const parts = [...counts].map(([k, n]) => `${n} ${NEVER[k]}${n === 1 ? '' : k === 'blob' || k === 'untagged' ? 'es' : 's'}`);
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

export const distribution: ImageProvider = {
  id: 'distribution',
  detect: (d, json) => ENVELOPE.test(d.contentType) || (Array.isArray(json.events) && Object.keys(json).length === 1),
  read(_d, json) {
    const events = asArray(json.events);
    const ids = events.map((e) => str(e, 'id')).filter((id): id is string => id !== undefined);
    // One id for the envelope: the event id, or a digest of all ids when several are batched.
    const deliveryId =
      ids.length === 0 ? undefined : ids.length === 1 ? ids[0] : createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 32);
    const kinds = events.map(kindOf);
    const never = new Map<string, number>();
    for (const k of kinds) if (NEVER[k]) never.set(k, (never.get(k) ?? 0) + 1);
    const repositories = [...new Set(events.map((e) => (str(e, 'target', 'repository') ?? '?').slice(0, 100)))].join(', ');
    // the row's event says what the envelope was: a pull is never logged as a push
    const actions = [...new Set(events.map((e) => (str(e, 'action') ?? '').slice(0, 16)).filter(Boolean))];
    const event = kinds.includes('push') ? 'push' : actions.join(',') || 'unknown';
    const base = { provider: 'distribution' as const, event, deliveryId };
    if (!kinds.some((k) => k === 'push' || k === 'delete' || k === 'other')) {
      // layers, pulls, mounts: several per image, none can deploy. Answered, not logged.
      return { ...base, result: { kind: 'ignored', reason: `${countText(never) || 'an empty envelope'} on ${repositories}: never a deploy`, routine: true } };
    }
    const items = events.flatMap((e, i): (ImagePush | string)[] => {
      if (kinds[i] === 'push') return [imagePush(str(e, 'target', 'repository'), str(e, 'request', 'host'), str(e, 'target', 'tag'), str(e, 'target', 'digest'))];
      if (NEVER[kinds[i]]) return [];
      return [`${(str(e, 'action') ?? '').slice(0, 16) || 'an event without action'} on ${(str(e, 'target', 'repository') ?? '?').slice(0, 100)}`];
    });
    const { pushes, skipped } = collect(items);
    if (never.size > 0) skipped.push(`${countText(never)} (never a deploy)`);
    return { ...base, result: { kind: 'image-push', pushes, skipped, pusher: str(events[0], 'actor', 'name') } };
  },
};
