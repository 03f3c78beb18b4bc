/**
 * Does an image push deploy this component? The pushed repository must be the component's
 * (registry host left out, Docker Hub's `library/` normalized — payloads often lack the host)
 * and the tag must pass the component's tag rule (shared/tag-rule). When several pushed tags
 * match (one digest pushed as `1.4.2` and `latest`, or a batch of events), one deploy is made:
 * the newest image (last matching push), under its highest version tag if it has one.
 */
import { comparableRepository, parseImageRef } from '../../../../shared/image-ref';
import { evaluateTag, tagVersion } from '../../../../shared/tag-rule';
import type { TagContext } from '../../../../shared/tag-rule';
import type { StoredComponent } from '../../store/document';
import { UNKNOWN_HOST } from '../parsed-event';
import type { ImagePush } from '../parsed-event';
import { q } from './outcome';
import type { MatchOutcome } from './outcome';

function pushedRepository(push: ImagePush): string | undefined {
  try {
    return comparableRepository(parseImageRef(`${push.host ?? UNKNOWN_HOST}/${push.repository}`));
  } catch {
    return undefined;
  }
}

/** What the tag rule needs to know about the component (also used to mark registry tag lists). */
export function imageTagContext(component: StoredComponent): TagContext {
  const current = component.source.type === 'image' ? parseImageRef(component.source.image) : undefined;
  return {
    configuredTag: current?.tag ?? 'latest',
    currentTag: component.running?.tag ?? current?.tag,
    noDowngrade: component.triggers.image?.noDowngrade ?? false,
  };
}

export function matchImagePushes(component: StoredComponent, pushes: ImagePush[], skipped: string[] = []): MatchOutcome {
  const source = component.source;
  if (source.type !== 'image') return { deploy: false, reason: 'this component is built from git, not deployed from an image' };
  if (pushes.length === 0) {
    return { deploy: false, reason: skipped.length > 0 ? `no tagged image push (${skipped.slice(0, 3).join('; ')})` : 'the payload lists no image push' };
  }
  const current = parseImageRef(source.image);
  const want = comparableRepository(current);
  const mine = pushes.filter((p) => pushedRepository(p) === want);
  const firstShown = `${pushes[0].repository}:${pushes[0].tag}`;
  if (mine.length === 0) {
    return { deploy: false, reason: `the push is for ${q(pushes[0].repository)}, not this component's image ${q(want)}`, summary: firstShown };
  }
  const trigger = component.triggers.image;
  const pattern = trigger?.tagPattern ?? '';
  const ctx = imageTagContext(component);
  const decisions = mine.map((push) => ({ push, decision: evaluateTag(pattern, push.tag, ctx) }));
  const matching = decisions.filter((d) => d.decision.deploy);
  if (matching.length === 0) {
    const first = decisions[0];
    const more = decisions.length > 1 ? ` (and ${decisions.length - 1} more tag${decisions.length > 2 ? 's' : ''})` : '';
    return { deploy: false, reason: first.decision.reason + more, summary: `${first.push.repository}:${first.push.tag}` };
  }
  const newest = matching[matching.length - 1];
  const group = newest.push.digest === undefined ? [newest] : matching.filter((m) => m.push.digest === newest.push.digest);
  const chosen = group.reduce((best, m) => {
    const a = tagVersion(best.push.tag);
    const b = tagVersion(m.push.tag);
    return b && (!a || b.compare(a) > 0) ? m : best;
  }, group[0]);
  const push = chosen.push;
  return {
    deploy: true,
    target: { tag: push.tag, ...(push.digest ? { digest: push.digest } : {}) },
    trigger: { ref: push.tag },
    summary: `${push.repository}:${push.tag}`,
    reason: chosen.decision.reason,
  };
}
