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
import { deployRepo } from './git-command';
import { deepenUntil, fetchedHead, isAncestor } from './git-history';

export interface ForwardOnlyOptions {
  /** The checkout (after checkoutCommit): origin's branch fetched into its tracking ref. */
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
  if (commit.toLowerCase() === running.toLowerCase()) {
    throw new Skipped(`commit ${short(commit)} is what runs now; a webhook only moves forward (older than what runs)`);
  }
  const repo = deployRepo(dir, env, signal);
  // the shallow checkout may not reach back to what runs: fetch the branch's whole history
  const onFetch = () => log(`forward-only: fetching the history of ${branch} to compare with the running commit ${short(running)}`);
  if (await deepenUntil(repo, running, { branch, steps: ['--unshallow'], onFetch, mustFetch: false })) {
    if (await isAncestor(repo, commit, running)) {
      throw new Skipped(`commit ${short(commit)} is older than what runs (${short(running)} descends from it); a webhook only moves forward`);
    }
    if (await isAncestor(repo, running, commit)) {
      log(`forward-only: ${short(commit)} descends from the running ${short(running)}`);
      return;
    }
  }
  // not descended from what runs (a force push, or what runs is gone from the branch)
  const head = await fetchedHead(repo, branch);
  if (head !== commit) {
    throw new Skipped(
      `commit ${short(commit)} does not descend from what runs (${short(running)}) and is not the head of ${branch} (${short(head)}); a webhook only moves forward`,
    );
  }
  log(`forward-only: ${short(commit)} replaces ${short(running)} (not its descendant: a force push) and is the head of ${branch}`);
}
