/**
 * The one grammar for git commit ids. A commit id reaches `git rev-parse`/`git fetch`, so
 * anything that is not plain hex is refused before it gets there.
 *
 * - A **full** id is 40 (SHA-1) or 64 (SHA-256) hex digits: what a git host's push payload
 *   carries. A payload with anything shorter is malformed, not abbreviated.
 * - A **typed** id (deploy-now, the custom API, a deploy request) may also be abbreviated,
 *   down to 7 digits: git's own default abbreviation, the length people copy from a log or a
 *   host's web page. Shorter prefixes are refused: they are ambiguous in any real history.
 *
 * Upper-case hex is accepted; `normalizeCommitId` lower-cases it for storage and comparison.
 */
const FULL = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
const TYPED = /^[0-9a-f]{7,64}$/i;

export const MIN_ABBREVIATED_COMMIT = 7;

/** 40 or 64 hex digits. */
export const isFullCommitId = (value: string): boolean => FULL.test(value);

/** A full id or an abbreviation of at least 7 hex digits. */
export const isCommitId = (value: string): boolean => TYPED.test(value);

export const normalizeCommitId = (value: string): string => value.toLowerCase();

/** The reason shown when a typed commit id is refused. */
export const COMMIT_ID_RULE = `a commit id is ${MIN_ABBREVIATED_COMMIT}–64 hexadecimal digits`;
