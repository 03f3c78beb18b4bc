/**
 * The keyword gate for pushes whose payload lists no commit messages (Bitbucket Server / Data
 * Center): in the checkout, some commit of `since..commit` must carry `@keyword` in its
 * message, else the deploy ends `skipped` with the reason (the webhook is a hint, the
 * repository the truth). The checkout may be shallow: it is deepened until `since` is there.
 */
import { Skipped } from '../errors';
import { deployRepo, gitEnv } from './git-command';
import { commitsIn, deepenUntil } from './git-history';

export interface KeywordGateOptions {
  dir: string;
  repo: string;
  branch: string;
  username?: string;
  token?: string;
  /** The checked-out commit. */
  commit: string;
  keyword: string;
  /** Start of the range (exclusive); absent = check the commit alone. */
  since?: string;
  log: (line: string) => void;
  signal?: AbortSignal;
}

const COMMIT_RE = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/i;
/** A push listing more commits than this is checked on its newest ones only. */
const MAX_COMMITS = 1000;
const DEEPEN_STEPS = ['--deepen=50', '--deepen=500', '--unshallow'];

export async function checkKeyword(opts: KeywordGateOptions): Promise<void> {
  const { commit, keyword, log } = opts;
  const needle = `@${keyword}`;
  const repo = deployRepo(opts.dir, gitEnv(opts.repo, opts.username, opts.token), opts.signal);

  const since = opts.since !== undefined && COMMIT_RE.test(opts.since) ? opts.since.toLowerCase() : undefined;
  let from = since;
  if (since !== undefined) {
    const onFetch = () => log(`keyword: fetching more history of ${opts.branch} to find ${since.slice(0, 12)}`);
    if (!(await deepenUntil(repo, since, { branch: opts.branch, steps: DEEPEN_STEPS, onFetch, mustFetch: true }))) {
      // a force push can replace history: the old head is then no longer on the branch
      log(`keyword: ${since.slice(0, 12)} (the push's previous head) is not in ${opts.branch}'s history; checking the pushed commit alone`);
      from = undefined;
    }
  }
  const commits = await commitsIn(repo, { from, to: commit, max: MAX_COMMITS });
  const carrier = commits.find((c) => c.message.includes(needle));
  const what = from !== undefined ? `${from.slice(0, 7)}..${commit.slice(0, 7)} (${commits.length} commit${commits.length === 1 ? '' : 's'})` : `commit ${commit.slice(0, 7)}`;
  if (!carrier) throw new Skipped(`no commit message in ${what} contains "${needle}" (read from the repository; the webhook payload lists no messages)`);
  log(`keyword: commit ${carrier.sha.slice(0, 12)} carries "${needle}" (checked ${what})`);
}
