/**
 * The `post-receive` hook the dashboard offers for git repositories no provider sends webhooks
 * for (a bare repository on this machine or a self-hosted git server): it calls the component's
 * custom API with each pushed commit of the configured branch. Pure text; run for real in
 * test/webhooks/post-receive-hook.test.ts.
 */

/** Hosts whose users get the provider paste hints instead. */
const HOSTED = /^(?:https?:\/\/|ssh:\/\/(?:[^@/]+@)?|[^@/]+@)(?:www\.)?(?:github\.com|gitlab\.com|gitee\.com|bitbucket\.org|codeberg\.org)[:/]/i;

export const isLocalOrSelfHosted = (repo: string): boolean => !HOSTED.test(repo);

const sq = (s: string): string => `'${s.replace(/'/g, `'"'"'`)}'`;

export function postReceiveHook(apiUrl: string, branch: string): string {
  return [
    '#!/bin/sh',
    '# hooks/post-receive of the repository pushed to (chmod +x); deploys each push to the branch',
    `URL=${sq(apiUrl)}`,
    "SECRET_KEY='<the custom API secret key>'",
    `BRANCH=${sq(branch)}`,
    'while read -r old new ref; do',
    '  [ "$ref" = "refs/heads/$BRANCH" ] || continue',
    "  curl -fsS -X POST -H 'Content-Type: application/json' \\",
    '    -d "{\\"secret_key\\":\\"$SECRET_KEY\\",\\"commit\\":\\"$new\\",\\"branch\\":\\"$BRANCH\\"}" "$URL"',
    'done',
    '',
  ].join('\n');
}
