/** Pieces shared by the git providers' push parsers. */
import { isFullCommitId, normalizeCommitId } from '../../../../shared/commit-id';
import { badRequest } from '../hook-error';
import { asArray, asObject, str, strings } from '../json-read';
import type { GitPushEvent, NormalizedEvent, RefUpdate } from '../../ingest/parsed-event';

const ALL_ZERO = /^0+$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * A commit id from a payload: 40 (SHA-1) or 64 (SHA-256) hex digits, lower-cased. It reaches
 * `git fetch`, so anything else is refused outright; all zeros (deletion) reads as absent.
 */
export function commitId(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  const id = normalizeCommitId(value);
  if (!isFullCommitId(id)) throw badRequest(`"${field}" is not a commit id`);
  return ALL_ZERO.test(id) ? undefined : id;
}

export const isZeroCommit = (value: string | undefined): boolean => value !== undefined && ALL_ZERO.test(value);

/** `refs/heads/feature/x` → branch `feature/x`; `refs/tags/v1` → tag `v1`; other refs → null. */
export function splitRef(ref: string): { type: 'branch' | 'tag'; name: string } | null {
  const m = /^refs\/(heads|tags)\/(.+)$/.exec(ref);
  if (!m) return null;
  checkRefName(m[2]);
  return { type: m[1] === 'heads' ? 'branch' : 'tag', name: m[2] };
}

export function checkRefName(name: string): void {
  if (name.length > 255 || CONTROL.test(name)) throw badRequest('the ref name is not a valid git ref');
}

/** The `message` of every commit object in a list. */
export function commitMessages(commits: unknown): string[] {
  return asArray(commits)
    .map((c) => str(c, 'message'))
    .filter((m): m is string => m !== undefined);
}

/**
 * GitHub, Gitee, Gitea and Gogs push payloads share their shape: `ref`, `before`/`after`,
 * `deleted`, `head_commit`, `commits[]`, `pusher`, `repository`.
 */
export function githubStylePush(
  json: Record<string, unknown>,
  opts: { urlPaths: string[][]; pusherPaths: string[][]; headCommitPath?: string[] },
): NormalizedEvent {
  const ref = str(json, 'ref');
  if (ref === undefined) throw badRequest('the push has no "ref"');
  const split = splitRef(ref);
  if (!split) return { kind: 'ignored', reason: `ref ${ref.slice(0, 100)} is neither a branch nor a tag` };
  const after = str(json, 'after');
  const headObj = asObject(json.head_commit);
  const commits = asArray(json.commits);
  const afterId = commitId(after, 'after');
  // Gogs has no head_commit: the head is the listed commit whose id is `after`.
  const head = headObj ?? asObject(commits.find((c) => afterId !== undefined && str(c, 'id')?.toLowerCase() === afterId));
  const deleted = json.deleted === true || isZeroCommit(after);
  const commit = deleted ? undefined : (commitId(str(head, 'id'), 'head_commit.id') ?? afterId);
  const headMessage = str(head, 'message');
  const messages = commitMessages(commits);
  if (headMessage !== undefined && !messages.includes(headMessage)) messages.push(headMessage);
  const update: RefUpdate = { ...split, deleted, commit, messages, headMessage };
  const event: GitPushEvent = {
    kind: 'git-push',
    repoUrls: strings(json, opts.urlPaths),
    repoName: str(json, 'repository', 'full_name') ?? str(json, 'repository', 'path_with_namespace'),
    pusher: strings(json, opts.pusherPaths)[0],
    updates: [update],
  };
  if (event.repoUrls.length === 0) throw badRequest('the push names no repository URL');
  return event;
}

/** Repository URL fields of GitHub-style payloads. */
export const REPOSITORY_URLS: string[][] = [
  ['repository', 'clone_url'],
  ['repository', 'ssh_url'],
  ['repository', 'git_url'],
  ['repository', 'html_url'],
  ['repository', 'git_http_url'],
  ['repository', 'git_ssh_url'],
  ['repository', 'url'],
];
