/**
 * Checks out exactly one commit of the component's configured repository, and only if that
 * commit is on the configured branch there (the webhook is a hint, the repository the truth).
 * Shallow first; history is deepened only when the commit is not near the branch tip.
 * A token travels in the environment (GIT_CONFIG_* → http.extraHeader), never in argv.
 * Every user value comes after `--` (or `--end-of-options`), so none can be read as an option.
 */
import { execFile } from 'node:child_process';
import { isCommitId } from '../../../../shared/commit-id';
import { Cancelled } from '../errors';
import { redactUrl } from '../redact';

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
const GIT_TIMEOUT_MS = 10 * 60_000;

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function gitEnv(repo: string, username: string | undefined, token: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    GIT_SSH_COMMAND: process.env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes',
    LC_ALL: 'C',
  };
  if (token && /^https?:\/\//i.test(repo)) {
    const basic = Buffer.from(`${username || 'x-access-token'}:${token}`).toString('base64');
    env.GIT_CONFIG_COUNT = '1';
    env.GIT_CONFIG_KEY_0 = 'http.extraHeader';
    env.GIT_CONFIG_VALUE_0 = `Authorization: Basic ${basic}`;
  }
  return env;
}

export function git(args: string[], cwd: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env, signal, timeout: GIT_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (signal?.aborted) return reject(new Cancelled());
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      if (code === -1 && err) return reject(new Error(`git ${args[0]} could not run: ${err.message}`));
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

export const lastLines = (text: string, n = 5): string => text.trim().split('\n').slice(-n).join('\n');

export async function checkoutCommit(opts: CheckoutOptions): Promise<CheckoutResult> {
  const { repo, branch, dir, log, signal } = opts;
  if (opts.commit !== undefined && !isCommitId(opts.commit)) {
    throw new CheckoutRefused(`"${opts.commit.slice(0, 80)}" is not a commit id`);
  }
  const env = gitEnv(repo, opts.username, opts.token);
  const must = async (args: string[], what: string): Promise<GitResult> => {
    const r = await git(args, dir, env, signal);
    if (r.code !== 0) throw new Error(`${what} failed: ${redactUrl(lastLines(r.stderr || r.stdout))}`);
    return r;
  };
  const remoteRef = `refs/remotes/origin/${branch}`;
  await must(['init', '-q', '.'], 'git init');
  await must(['remote', 'add', '--', 'origin', repo], 'git remote add');

  let sha: string | undefined;
  for (let step = 0; ; step++) {
    const depth = DEPTHS[step];
    const shallow = (await must(['rev-parse', '--is-shallow-repository'], 'git rev-parse')).stdout.trim() === 'true';
    const depthArgs = depth !== undefined ? [`--depth=${depth}`] : shallow ? ['--unshallow'] : [];
    log(`checkout: fetching branch ${branch} of ${redactUrl(repo)}${depth !== undefined ? ` (depth ${depth})` : ' (full history)'}`);
    const fetched = await git(['fetch', '--no-tags', '--quiet', ...depthArgs, '--', 'origin', `+refs/heads/${branch}:${remoteRef}`], dir, env, signal);
    if (fetched.code !== 0) {
      const msg = redactUrl(lastLines(fetched.stderr));
      if (/couldn't find remote ref/i.test(msg)) throw new CheckoutRefused(`branch "${branch}" does not exist in ${redactUrl(repo)}`);
      throw new Error(`git fetch failed: ${msg}`);
    }
    if (opts.commit === undefined) {
      sha = (await must(['rev-parse', '--verify', '--end-of-options', `${remoteRef}^{commit}`], 'git rev-parse')).stdout.trim();
      log(`checkout: no commit given, using the tip of ${branch}`);
      break;
    }
    const found = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${opts.commit}^{commit}`], dir, env, signal);
    if (found.code === 0) {
      const candidate = found.stdout.trim();
      const onBranch = await git(['merge-base', '--is-ancestor', '--end-of-options', candidate, remoteRef], dir, env, signal);
      if (onBranch.code === 0) {
        sha = candidate;
        break;
      }
    }
    if (depth === undefined) {
      throw new CheckoutRefused(`commit ${opts.commit} is not on branch ${branch} of ${redactUrl(repo)}; refusing to deploy it`);
    }
  }
  await must(['-c', 'advice.detachedHead=false', 'checkout', '-q', '--detach', sha], 'git checkout');
  const subject = (await must(['log', '-1', '--format=%s', sha, '--'], 'git log')).stdout.trim();
  log(`checkout: ${sha} "${subject}" (on ${branch})`);
  return { commit: sha, subject };
}
