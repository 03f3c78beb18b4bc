/**
 * The registry's tags of an image component, each marked by the component's tag rule exactly as
 * a push of that tag would be judged (ingest/match/image-match's context), newest first.
 */
import type { RegistryTag, TagList } from '../../../shared/api';
import { formatImageRef, parseImageRef } from '../../../shared/image-ref';
import { evaluateTag, tagVersion } from '../../../shared/tag-rule';
import { imageTagContext } from '../ingest/match/image-match';
import type { StoredComponent } from '../store/document';

/** Versions first (highest first), then the other tags by name. */
export function newestFirst(a: string, b: string): number {
  const va = tagVersion(a);
  const vb = tagVersion(b);
  if (va && vb) return vb.compare(va) || a.localeCompare(b);
  if (va || vb) return va ? -1 : 1;
  return a.localeCompare(b);
}

export function markTags(component: StoredComponent, listed: { tags: string[]; truncated: boolean }): TagList {
  if (component.source.type !== 'image') throw new Error('not an image component');
  const ref = parseImageRef(component.source.image);
  const pattern = component.triggers.image?.tagPattern ?? '';
  const ctx = imageTagContext(component);
  const running = component.running?.tag;
  const tags: RegistryTag[] = [...new Set(listed.tags)].sort(newestFirst).map((tag) => {
    const decision = evaluateTag(pattern, tag, ctx);
    if (tag === running) return { tag, verdict: 'running', reason: 'deployed now' };
    return { tag, verdict: decision.deploy ? 'deploys' : 'ignored', reason: decision.reason };
  });
  return { repository: formatImageRef({ domain: ref.domain, path: ref.path }), tags, truncated: listed.truncated };
}
