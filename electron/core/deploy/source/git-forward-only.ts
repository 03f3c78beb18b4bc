/**
 * A webhook can only move a component forward. The signature of a push covers its body but
 * not the delivery id, so a captured delivery can be replayed with a new id; and a sender may
 * deliver an old push late. With the checkout's repository at hand (the truth, not the
 * payload), an automatic deploy of commit C while commit R runs goes ahead only when
 *  - C descends from R (a normal push), or
 *  - C is not related to R by ancestry (a force push) and C is the branch head right now.
 * C equal to R, or an ancestor of R, is "older than what runs": skipped. Explicit acts
 * (deploy now, rollback, the custom API) never come here.
 */
import { Skipped } from '../errors';
import { git } from './git-checkout';

export interface ForwardOnlyOptions {
  /** The checkout (after checkoutCommit): origin fetched into `remoteRef`. */
  dir: string;
  env: NodeJS.ProcessEnv;
  /** The commit to deploy (full sha). */
  commit: string;
  /** The commit running now, if any. */
  runningCommit: string | undefined;
  branch: string;
  log: (line: string) => void;
  signal?: AbortSignal;
}

const short = (sha: string): string => sha.slice(0, 12);

export async function ensureForward(opts: ForwardOnlyOptions): Promise<void> {
  const { dir, env, commit, runningCommit: running, branch, log, signal } = opts;
  if (!running || !/^[0-9a-f]{40,64}$/i.test(running)) return;
  const remoteRef = `refs/remotes/origin/${branch}`;
  if (commit.toLowerCase() === running.toLowerCase()) {
    throw new Skipped(`commit ${short(commit)} is what runs now; a webhook only moves forward (older than what runs)`);
  }
  const has = async (sha: string): Promise<boolean> => (await git(['cat-file', '-e', '--end-of-options', `${sha}^{commit}`], dir, env, signal)).code === 0;
  if (!(await has(running))) {
    // the shallow checkout may not reach back to what runs: fetch the branch's whole history
    const shallow = (await git(['rev-parse', '--is-shallow-repository'], dir, env, signal)).stdout.trim() === 'true';
    if (shallow) {
      log(`forward-only: fetching the history of ${branch} to compare with the running commit ${short(running)}`);
      await git(['fetch', '--no-tags', '--quiet', '--unshallow', '--', 'origin', `+refs/heads/${branch}:${remoteRef}`], dir, env, signal);
    }
  }
  const isAncestor = async (a: string, b: string): Promise<boolean> =>
    (await git(['merge-base', '--is-ancestor', '--end-of-options', a, b], dir, env, signal)).code === 0;
  if (await has(running)) {
    if (await isAncestor(commit, running)) {
      throw new Skipped(`commit ${short(commit)} is older than what runs (${short(running)} descends from it); a webhook only moves forward`);
    }
    if (await isAncestor(running, commit)) {
      log(`forward-only: ${short(commit)} descends from the running ${short(running)}`);
      return;
    }
  }
  // not descended from what runs (a force push, or what runs is gone from the branch)
  const head = (await git(['rev-parse', '--verify', '--end-of-options', `${remoteRef}^{commit}`], dir, env, signal)).stdout.trim();
  if (head !== commit) {
    throw new Skipped(
      `commit ${short(commit)} does not descend from what runs (${short(running)}) and is not the head of ${branch} (${short(head)}); a webhook only moves forward`,
    );
  }
  log(`forward-only: ${short(commit)} replaces ${short(running)} (not its descendant: a force push) and is the head of ${branch}`);
}
