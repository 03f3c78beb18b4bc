/**
 * A custom API call always deploys (the caller proved it holds the API key): the given tag
 * (image) or commit/branch (git), else the component's configured version.
 */
import { formatImageRef, parseImageRef, withTag } from '../../../../shared/image-ref';
import type { StoredComponent } from '../../store/document';
import type { ApiCallEvent } from '../parsed-event';
import type { MatchOutcome } from './outcome';

export function matchApiCall(component: StoredComponent, call: ApiCallEvent): MatchOutcome {
  const source = component.source;
  if (source.type === 'image') {
    const ref = parseImageRef(source.image);
    const tag = call.tag ?? ref.tag;
    return {
      deploy: true,
      target: tag ? { tag } : {},
      trigger: { ref: tag, message: 'custom API call' },
      summary: tag ? formatImageRef(withTag(ref, tag)) : formatImageRef(ref),
      newTag: call.tag,
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
