/**
 * Checks out exactly one commit of the component's configured repository, and only if that
 * commit is on the configured branch there (the webhook is a hint, the repository the truth).
 * Shallow first; history is deepened only when the commit is not near the branch tip.
 * git runs as git-command.ts says (token in the environment, user values after `--`).
 */
import { isCommitId } from '../../../../shared/commit-id';
import { redactUrl } from '../redact';
import { deployRepo, gitEnv, lastLines } from './git-command';
import { isAncestor, trackingRef } from './git-history';

export class CheckoutRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckoutRefused';
  }
}

export interface CheckoutOptions {
  repo: string;
  branch: string;
  /** Full or abbreviated sha; undefined = the branch tip. */
  commit?: string;
  dir: string;
  username?: string;
  token?: string;
  log: (line: string) => void;
  signal?: AbortSignal;
}
export interface CheckoutResult {
  commit: string;
  subject: string;
}

const DEPTHS = [1, 50];

export async function checkoutCommit(opts: CheckoutOptions): Promise<CheckoutResult> {
  const { repo, branch, dir, log, signal } = opts;
  if (opts.commit !== undefined && !isCommitId(opts.commit)) {
    throw new CheckoutRefused(`"${opts.commit.slice(0, 80)}" is not a commit id`);
  }
  const env = gitEnv(repo, opts.username, opts.token);
  const git = deployRepo(dir, env, signal);
  const remoteRef = trackingRef(branch);
  await git.must(['init', '-q', '.']);
  await git.must(['remote', 'add', '--', 'origin', repo], 'remote add');

  let sha: string | undefined;
  for (let step = 0; ; step++) {
    const depth = DEPTHS[step];
    const shallow = (await git.must(['rev-parse', '--is-shallow-repository'])).stdout.trim() === 'true';
    const depthArgs = depth !== undefined ? [`--depth=${depth}`] : shallow ? ['--unshallow'] : [];
    log(`checkout: fetching branch ${branch} of ${redactUrl(repo)}${depth !== undefined ? ` (depth ${depth})` : ' (full history)'}`);
    const fetched = await git.run(['fetch', '--no-tags', '--quiet', ...depthArgs, '--', 'origin', `+refs/heads/${branch}:${remoteRef}`]);
    if (fetched.code !== 0) {
      const msg = redactUrl(lastLines(fetched.stderr));
      if (/couldn't find remote ref/i.test(msg)) throw new CheckoutRefused(`branch "${branch}" does not exist in ${redactUrl(repo)}`);
      throw new Error(`git fetch failed: ${msg}`);
    }
    if (opts.commit === undefined) {
      sha = (await git.must(['rev-parse', '--verify', '--end-of-options', `${remoteRef}^{commit}`])).stdout.trim();
      log(`checkout: no commit given, using the tip of ${branch}`);
      break;
    }
    const found = await git.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${opts.commit}^{commit}`]);
    if (found.code === 0) {
      const candidate = found.stdout.trim();
      if (await isAncestor(git, candidate, remoteRef)) {
        sha = candidate;
        break;
      }
    }
    if (depth === undefined) {
      throw new CheckoutRefused(`commit ${opts.commit} is not on branch ${branch} of ${redactUrl(repo)}; refusing to deploy it`);
    }
  }
  await git.must(['-c', 'advice.detachedHead=false', 'checkout', '-q', '--detach', sha], 'checkout');
  const subject = (await git.must(['log', '-1', '--format=%s', sha, '--'])).stdout.trim();
  log(`checkout: ${sha} "${subject}" (on ${branch})`);
  return { commit: sha, subject };
}
