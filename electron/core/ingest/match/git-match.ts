/**
 * Does a git push deploy this component? Same repository (normalized URLs), same branch
 * (names with `/` included), not a deletion, and — as in Rainbond — some commit message of the
 * push contains `@` + keyword (default `deploy`; an empty keyword deploys every push). Unlike
 * Rainbond, every commit of the push is checked, not only one.
 */
import { gitRepoKey } from '../../../../shared/git-url';
import type { StoredComponent } from '../../store/document';
import type { DeployTarget } from '../../../../shared/schemas/deploy';
import type { GitPushEvent } from '../parsed-event';
import { firstLine, q } from './outcome';
import type { MatchOutcome } from './outcome';

export const DEFAULT_KEYWORD = 'deploy';

// The same few repository URLs arrive with every push: normalize each once.
const keys = new Map<string, string | null>();
function repoKey(url: string): string | null {
  let key = keys.get(url);
  if (key === undefined) {
    key = gitRepoKey(url);
    if (keys.size >= 1024) keys.clear();
    keys.set(url, key);
  }
  return key;
}

export function matchGitPush(component: StoredComponent, event: GitPushEvent): MatchOutcome {
  const source = component.source;
  if (source.type !== 'git') return { deploy: false, reason: 'this component deploys an image, not a git repository' };
  const repoShown = event.repoName ?? event.repoUrls[0] ?? '?';
  const want = repoKey(source.repo);
  if (want === null || !event.repoUrls.some((u) => repoKey(u) === want)) {
    return { deploy: false, reason: `the push is for ${q(repoShown)}, not this component's repository`, summary: repoShown };
  }
  const update = event.updates.find((u) => u.type === 'branch' && u.name === source.branch);
  if (!update) {
    const first = event.updates[0];
    const reason =
      first === undefined
        ? 'the push updated no ref'
        : first.type === 'tag'
          ? `tag push (${q(first.name)}); this component follows branch ${q(source.branch)}`
          : `push to branch ${q(first.name)}; this component follows ${q(source.branch)}`;
    return { deploy: false, reason, summary: first ? `${repoShown} ${first.name}` : repoShown };
  }
  const summaryBase = `${repoShown} ${update.name}`;
  if (update.deleted) return { deploy: false, reason: `branch ${q(update.name)} was deleted`, summary: summaryBase };
  if (update.commit === undefined) return { deploy: false, reason: 'the push names no commit', summary: summaryBase };
  const summary = `${summaryBase}@${update.commit.slice(0, 7)}`;
  const keyword = component.triggers.git?.keyword ?? DEFAULT_KEYWORD;
  // the payload lists no messages (Bitbucket Server): the job reads them in the repository
  let keywordCheck: DeployTarget['keywordCheck'];
  if (keyword !== '') {
    const needle = `@${keyword}`;
    if (!update.messages.some((m) => m.includes(needle))) {
      if (!update.repositoryCheck) return { deploy: false, reason: `no commit message of the push contains ${q(needle)}`, summary };
      keywordCheck = { keyword, ...(update.repositoryCheck.since !== undefined ? { since: update.repositoryCheck.since } : {}) };
    }
  }
  return {
    deploy: true,
    target: { commit: update.commit, branch: update.name, ...(keywordCheck ? { keywordCheck } : {}) },
    trigger: { ref: `refs/heads/${update.name}`, pusher: event.pusher, message: firstLine(update.headMessage ?? update.messages.at(-1)) },
    summary,
    reason:
      keyword === ''
        ? 'push to the followed branch'
        : keywordCheck
          ? `the payload lists no commit messages: the deploy looks for "@${keyword}" in the pushed commits in the repository`
          : `a commit message contains "@${keyword}"`,
  };
}
