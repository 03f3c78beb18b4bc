/** Checks a deploy request against its component before anything is queued. */
import { ApiError } from '../../../../shared/api';
import { COMMIT_ID_RULE, isCommitId } from '../../../../shared/commit-id';
import { isValidTag } from '../../../../shared/image-ref';
import type { Deploy, DeployTarget } from '../../../../shared/schemas/deploy';
import type { StoredComponent } from '../../store/document';

const DIGEST_RE = /^sha256:[0-9a-f]{64}$/;

const invalid = (path: string, message: string): ApiError => new ApiError('validation', message, [{ path, message }]);

export function validateTarget(comp: StoredComponent, target: DeployTarget, history: Deploy[]): void {
  const source = comp.source;
  if (target.commit !== undefined) {
    if (!isCommitId(target.commit)) throw invalid('target.commit', `"${target.commit.slice(0, 80)}" is not a commit id (${COMMIT_ID_RULE})`);
    if (source.type !== 'git' && !target.image) throw invalid('target.commit', `${comp.name} deploys an image; give a tag, not a commit`);
  }
  if (target.tag !== undefined) {
    if (!isValidTag(target.tag)) throw invalid('target.tag', `"${target.tag.slice(0, 130)}" is not a valid image tag`);
    if (source.type !== 'image' && !target.image) throw invalid('target.tag', `${comp.name} is built from git; give a commit, not a tag`);
  }
  if (target.branch !== undefined && source.type === 'git' && target.branch !== source.branch) {
    throw invalid('target.branch', `${comp.name} deploys branch ${source.branch}, not ${target.branch.slice(0, 255)}`);
  }
  if (target.digest !== undefined && !DIGEST_RE.test(target.digest)) throw invalid('target.digest', 'not a sha256 digest');
  if (target.image !== undefined) {
    const known = history.some((d) => d.componentId === comp.id && d.state === 'succeeded' && d.result?.imageId === target.image);
    if (!known) throw invalid('target.image', 'only the image of an earlier successful deploy of this component can be put back');
  }
}
