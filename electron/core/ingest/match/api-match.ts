/**
 * A custom API call deploys (the caller proved it holds the API key): the given tag (image) or
 * commit/branch (git), else the component's configured version. A named tag must pass the
 * component's tag rule like any automatic path, unless the call says `"force": true` (an
 * explicit act, like the dashboard's "Choose tag…"). The configured tag follows only when
 * the deploy succeeds (deploy-manager).
 */
import { formatImageRef, parseImageRef, withTag } from '../../../../shared/image-ref';
import { evaluateTag } from '../../../../shared/tag-rule';
import type { StoredComponent } from '../../store/document';
import type { ApiCallEvent } from '../parsed-event';
import { imageTagContext } from './image-match';
import type { MatchOutcome } from './outcome';

export function matchApiCall(component: StoredComponent, call: ApiCallEvent): MatchOutcome {
  const source = component.source;
  if (source.type === 'image') {
    const ref = parseImageRef(source.image);
    const tag = call.tag ?? ref.tag;
    const summary = tag ? formatImageRef(withTag(ref, tag)) : formatImageRef(ref);
    if (call.tag !== undefined && call.tag !== ref.tag && !call.force) {
      const decision = evaluateTag(component.triggers.image?.tagPattern ?? '', call.tag, imageTagContext(component));
      if (!decision.deploy) return { deploy: false, reason: `${decision.reason}; send "force": true to deploy this tag anyway`, summary };
    }
    return {
      deploy: true,
      target: tag ? { tag } : {},
      trigger: { ref: tag, message: call.force ? 'custom API call (forced tag)' : 'custom API call' },
      summary,
      reason: 'custom API call',
    };
  }
  const branch = call.branch ?? source.branch;
  return {
    deploy: true,
    target: { branch, ...(call.commit ? { commit: call.commit } : {}) },
    trigger: { ref: `refs/heads/${branch}`, message: 'custom API call' },
    summary: `${branch}${call.commit ? `@${call.commit.slice(0, 7)}` : ''}`,
    reason: 'custom API call',
  };
}
