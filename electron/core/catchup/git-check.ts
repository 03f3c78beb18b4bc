/**
 * The catch-up check of a git component: `git ls-remote` the followed branch; when its head is
 * not what runs and descends from it, fetch into a small per-component cache repository and
 * read the messages of running..head, which the ingest stage then gates like a push's.
 * Tokens travel in the environment (as for checkouts); every user value comes after `--`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Cancelled } from '../deploy/errors';
import { git, gitEnv, gitFailure, gitRepo } from '../deploy/source/git-command';
import type { GitRepo, GitResult } from '../deploy/source/git-command';
import { commitsIn, hasCommit, isAncestor } from '../deploy/source/git-history';
import { redactUrl } from '../deploy/redact';
import type { StoredComponent } from '../store/document';
import { CheckError } from './check-error';
import type { Finding } from './finding';
import type { GitAccess } from './source-access';

const TIMEOUT_MS = 60_000;
/** Messages read per check: a keyword further back than this is not looked for. */
const MAX_COMMITS = 500;
const SHA_RE = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** git in `cwd` for a check: bounded in time, and every failure a CheckError (the check backs off). */
function checkRepo(cwd: string, env: NodeJS.ProcessEnv): GitRepo {
  const run = async (args: string[]): Promise<GitResult> => {
    try {
      return await git(args, cwd, env, AbortSignal.timeout(TIMEOUT_MS));
    } catch (err) {
      if (err instanceof Cancelled) throw new CheckError(`git ${args[0]} took longer than ${TIMEOUT_MS / 1000} s`);
      throw new CheckError(`git ${args[0]}: ${(err as Error).message}`);
    }
  };
  return gitRepo(run, (what, r) => new CheckError(gitFailure(what, r, 2)));
}

/** The branch's head commit on the remote (one round trip, nothing downloaded). */
export async function remoteHead(access: GitAccess, cwd: string): Promise<string | undefined> {
  const repo = checkRepo(cwd, gitEnv(access.repo, access.username, access.token));
  const r = await repo.must(['ls-remote', '--', access.repo, `refs/heads/${access.branch}`]);
  const line = r.stdout.split('\n').find((l) => l.endsWith(`\trefs/heads/${access.branch}`));
  const sha = line?.split('\t')[0];
  return sha && SHA_RE.test(sha) ? sha : undefined;
}

/** Fetch the branch into `cacheDir` and read running..head; `descendant: false` when head does not build on running. */
export async function commitsBetween(access: GitAccess, cacheDir: string, running: string, head: string): Promise<{ descendant: boolean; messages: string[] }> {
  const repo = checkRepo(cacheDir, gitEnv(access.repo, access.username, access.token));
  await mkdir(cacheDir, { recursive: true });
  await repo.must(['init', '-q', '--bare', '.']);
  // history only (no file contents where the server allows it); later fetches are incremental
  await repo.must(['fetch', '--no-tags', '--quiet', '--filter=blob:none', '--', access.repo, `+refs/heads/${access.branch}:refs/catch-up/head`]);
  if (!(await hasCommit(repo, running)) || !(await isAncestor(repo, running, head))) return { descendant: false, messages: [] };
  const commits = await commitsIn(repo, { from: running, to: head, max: MAX_COMMITS, oldestFirst: true });
  return { descendant: true, messages: commits.map((c) => c.message).filter((m) => m !== '') };
}

/** `cacheRoot`: a folder of the engine's own; each component's cache repository lives in it. */
export async function checkGit(component: StoredComponent, access: GitAccess, cacheRoot: string, judgedKey?: string): Promise<Finding> {
  const running = component.running?.commit;
  await mkdir(cacheRoot, { recursive: true });
  const head = await remoteHead(access, cacheRoot);
  if (head === undefined) throw new CheckError(`branch ${JSON.stringify(access.branch)} does not exist in ${redactUrl(access.repo)}`);
  const short = `${access.branch}@${head.slice(0, 7)}`;
  if (!running) return { kind: 'nothing', found: head, message: 'nothing deployed yet: the first deploy is made by hand or by a push' };
  if (head === running || head.startsWith(running) || running.startsWith(head)) return { kind: 'up-to-date', found: head, message: `${short} runs` };
  if (head === judgedKey) return { kind: 'seen', found: head, key: head };
  const { descendant, messages } = await commitsBetween(access, join(cacheRoot, component.id), running, head);
  if (!descendant) {
    return {
      kind: 'refused',
      found: head,
      key: head,
      message: `${short} does not build on the running ${running.slice(0, 7)} (history rewritten?); deploy it by hand if wanted`,
    };
  }
  return {
    kind: 'candidate',
    found: head,
    key: head,
    trigger: 'git',
    delivery: {
      provider: 'catch-up',
      event: 'repository check',
      verified: true,
      result: {
        kind: 'git-push',
        repoUrls: [access.repo],
        updates: [{ type: 'branch', name: access.branch, deleted: false, commit: head, messages, headMessage: messages.at(-1) }],
      },
    },
  };
}
