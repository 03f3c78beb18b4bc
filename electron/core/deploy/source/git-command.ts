/**
 * Runs git: one command in one repository, its environment (a token travels in GIT_CONFIG_* →
 * http.extraHeader, never in argv), and the words for a command that failed. Callers put every
 * user value after `--` (or `--end-of-options`), so none can be read as an option.
 */
import { execFile } from 'node:child_process';
import { Cancelled } from '../errors';
import { redactUrl } from '../redact';

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

/** `git fetch failed: <the last lines git wrote, URLs redacted>`. */
export const gitFailure = (what: string, r: GitResult, lines = 5): string => `git ${what} failed: ${redactUrl(lastLines(r.stderr || r.stdout, lines))}`;

/** One repository on disk, with its caller's way of running git (signal, timeout) and of failing. */
export interface GitRepo {
  /** A non-zero exit is in the result, not thrown. */
  run(args: string[]): Promise<GitResult>;
  /** A non-zero exit throws the caller's error; `what` names the command in it (default: its first word). */
  must(args: string[], what?: string): Promise<GitResult>;
}

export function gitRepo(run: (args: string[]) => Promise<GitResult>, failed: (what: string, r: GitResult) => Error): GitRepo {
  return {
    run,
    async must(args, what = args[0]) {
      const r = await run(args);
      if (r.code !== 0) throw failed(what, r);
      return r;
    },
  };
}

/** A repository a deploy works in: plain `git`, the deploy's signal, a plain Error. */
export const deployRepo = (dir: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): GitRepo =>
  gitRepo(
    (args) => git(args, dir, env, signal),
    (what, r) => new Error(gitFailure(what, r)),
  );
