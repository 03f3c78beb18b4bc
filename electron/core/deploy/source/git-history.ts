/**
 * Reads a repository's history: is a commit there, does one descend from another, where the
 * fetched branch points, the commits of a range; and fetches more of a shallow clone until a
 * commit is there. The rules built on these live with their callers (git-forward-only.ts,
 * git-keyword-gate.ts, catchup/git-check.ts). Every user value comes after `--end-of-options`.
 */
import type { GitRepo } from './git-command';

export interface Commit {
  sha: string;
  /** Without leading blank lines and trailing white space; '' for an empty message. */
  message: string;
}

/** Where a clone keeps origin's `branch`. */
export const trackingRef = (branch: string): string => `refs/remotes/origin/${branch}`;

export async function hasCommit(repo: GitRepo, sha: string): Promise<boolean> {
  return (await repo.run(['cat-file', '-e', '--end-of-options', `${sha}^{commit}`])).code === 0;
}

/** `ancestor` is `descendant` itself or one of its ancestors. */
export async function isAncestor(repo: GitRepo, ancestor: string, descendant: string): Promise<boolean> {
  return (await repo.run(['merge-base', '--is-ancestor', '--end-of-options', ancestor, descendant])).code === 0;
}

export async function isShallow(repo: GitRepo): Promise<boolean> {
  return (await repo.run(['rev-parse', '--is-shallow-repository'])).stdout.trim() === 'true';
}

/** The commit the fetched `branch` points at ('' when it cannot be read). */
export async function fetchedHead(repo: GitRepo, branch: string): Promise<string> {
  return (await repo.run(['rev-parse', '--verify', '--end-of-options', `${trackingRef(branch)}^{commit}`])).stdout.trim();
}

export interface DeepenOptions {
  branch: string;
  /** What each fetch asks for, tried in turn while the commit is missing (`--deepen=50`, `--unshallow`). */
  steps: readonly string[];
  /** Called before each fetch (to log it). */
  onFetch: () => void;
  /** A failed fetch throws; otherwise the next step is tried. */
  mustFetch: boolean;
}

/** Fetches more of origin's `branch` while `sha` is missing and the clone is shallow; whether `sha` is there at the end. */
export async function deepenUntil(repo: GitRepo, sha: string, opts: DeepenOptions): Promise<boolean> {
  for (const step of opts.steps) {
    if (await hasCommit(repo, sha)) return true;
    if (!(await isShallow(repo))) return false;
    opts.onFetch();
    const args = ['fetch', '--no-tags', '--quiet', step, '--', 'origin', `+refs/heads/${opts.branch}:${trackingRef(opts.branch)}`];
    await (opts.mustFetch ? repo.must(args) : repo.run(args));
  }
  return hasCommit(repo, sha);
}

export interface CommitRange {
  /** Exclusive start; absent = commit `to` alone. */
  from?: string;
  to: string;
  /** The newest this many are read. */
  max: number;
  /** Oldest first (default newest first). */
  oldestFirst?: boolean;
}

/** The commits of `from..to` (git log; a failure throws the repository's error). */
export async function commitsIn(repo: GitRepo, range: CommitRange): Promise<Commit[]> {
  const { from, to } = range;
  const listed = await repo.must([
    'log',
    '-z',
    '--format=%H%n%B',
    `--max-count=${from === undefined ? 1 : range.max}`,
    ...(range.oldestFirst ? ['--reverse'] : []),
    '--end-of-options',
    from === undefined ? to : `${from}..${to}`,
    '--',
  ]);
  return listed.stdout
    .split('\0')
    .map((entry) => ({ entry, nl: entry.indexOf('\n') }))
    .filter(({ nl }) => nl !== -1)
    .map(({ entry, nl }) => ({ sha: entry.slice(0, nl), message: entry.slice(nl + 1).replace(/^\n+/, '').trimEnd() }));
}
