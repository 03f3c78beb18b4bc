/**
 * The keyword gate for pushes whose payload lists no commit messages (Bitbucket Server / Data
 * Center): in the checkout, some commit of `since..commit` must carry `@keyword` in its
 * message, else the deploy ends `skipped` with the reason (the webhook is a hint, the
 * repository the truth). The checkout may be shallow: it is deepened until `since` is there.
 */
import { Skipped } from '../errors';
import { redactUrl } from '../redact';
import { git, gitEnv } from './git-checkout';

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
  const { dir, commit, keyword, log, signal } = opts;
  const needle = `@${keyword}`;
  const env = gitEnv(opts.repo, opts.username, opts.token);
  const run = (args: string[]) => git(args, dir, env, signal);
  const present = async (sha: string): Promise<boolean> => (await run(['cat-file', '-e', `${sha}^{commit}`])).code === 0;

  let since = opts.since !== undefined && COMMIT_RE.test(opts.since) ? opts.since.toLowerCase() : undefined;
  for (let i = 0; since !== undefined && !(await present(since)) && i < DEEPEN_STEPS.length; i++) {
    const shallow = (await run(['rev-parse', '--is-shallow-repository'])).stdout.trim() === 'true';
    if (!shallow) break;
    log(`keyword: fetching more history of ${opts.branch} to find ${since.slice(0, 12)}`);
    const fetched = await run(['fetch', '--no-tags', '--quiet', DEEPEN_STEPS[i], 'origin', `+refs/heads/${opts.branch}:refs/remotes/origin/${opts.branch}`]);
    if (fetched.code !== 0) throw new Error(`git fetch failed: ${redactUrl(fetched.stderr.trim().split('\n').slice(-3).join('\n'))}`);
  }
  if (since !== undefined && !(await present(since))) {
    // a force push can replace history: the old head is then no longer on the branch
    log(`keyword: ${since.slice(0, 12)} (the push's previous head) is not in ${opts.branch}'s history; checking the pushed commit alone`);
    since = undefined;
  }
  const range = since !== undefined ? [`${since}..${commit}`] : ['-1', commit];
  const listed = await run(['log', `--max-count=${MAX_COMMITS}`, '--format=%H%x00%B%x01', ...range]);
  if (listed.code !== 0) throw new Error(`git log failed: ${listed.stderr.trim().slice(0, 300)}`);
  const commits = listed.stdout
    .split('\x01')
    .map((entry) => entry.replace(/^\n/, ''))
    .filter((entry) => entry.includes('\x00'))
    .map((entry) => {
      const [sha, message] = entry.split('\x00');
      return { sha, message };
    });
  const carrier = commits.find((c) => c.message.includes(needle));
  const what = since !== undefined ? `${since.slice(0, 7)}..${commit.slice(0, 7)} (${commits.length} commit${commits.length === 1 ? '' : 's'})` : `commit ${commit.slice(0, 7)}`;
  if (!carrier) throw new Skipped(`no commit message in ${what} contains "${needle}" (read from the repository; the webhook payload lists no messages)`);
  log(`keyword: commit ${carrier.sha.slice(0, 12)} carries "${needle}" (checked ${what})`);
}
