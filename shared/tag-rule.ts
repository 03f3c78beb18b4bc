/**
 * Image tag rules: which pushed tags deploy a component. Pure (no Node imports): the engine's
 * image trigger and the dashboard's live "which tags match" tester run this same code.
 *
 * Pattern forms (docs/webhooks.md, "When an image push deploys"):
 *   ''            exact: the pushed tag must equal the component's configured tag
 *   'v5.*'        a regular expression that must match the WHOLE tag (Rainbond-compatible)
 *   'glob:v5.*'   a glob (`*`, `?`, `[a-z]`, `[!a-z]`, `{a,b}`); the dot is a dot
 *   'semver:^5'   a semver range; only `[v]MAJOR.MINOR.PATCH[-pre]` tags are versions
 * Regexes run on RE2 (re2js): matching is linear in the tag length whatever the pattern, so
 * a hostile pattern cannot hang the listener. Patterns are still checked when saved.
 */
import { RE2JS } from 're2js';
import { lt, parse, satisfies, validRange } from 'semver';
import type { SemVer } from 'semver';
import { isValidTag } from './image-ref';

export const TAG_PATTERN_MAX_LENGTH = 256;
/** RE2 program size cap: beyond this a pattern is a compile-size bomb, not a tag rule. */
const MAX_PROGRAM_SIZE = 2000;
const GLOB_PREFIX = 'glob:';
const SEMVER_PREFIX = 'semver:';

export type TagRuleKind = 'exact' | 'regex' | 'glob' | 'semver';

export interface TagContext {
  /** The component's configured tag (exact mode compares with it; default `latest`). */
  configuredTag?: string;
  /** The tag deployed now, for `noDowngrade`. */
  currentTag?: string;
  /** Never move to a lower version than `currentTag` (when both are versions). */
  noDowngrade?: boolean;
}

export interface TagDecision {
  deploy: boolean;
  reason: string;
}

type CompiledRule =
  | { kind: 'exact' }
  | { kind: 'regex' | 'glob'; source: string; re: RE2JS }
  | { kind: 'semver'; range: string };

class PatternError extends Error {}

export function tagRuleKind(pattern: string): TagRuleKind {
  if (pattern === '') return 'exact';
  if (pattern.startsWith(GLOB_PREFIX)) return 'glob';
  if (pattern.startsWith(SEMVER_PREFIX)) return 'semver';
  return 'regex';
}

/** A version if the tag is `[v]MAJOR.MINOR.PATCH[-prerelease]`, else null. */
export function tagVersion(tag: string): SemVer | null {
  if (!/^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(tag)) return null;
  return parse(tag.startsWith('v') ? tag.slice(1) : tag);
}

/** Why the pattern cannot be saved, or null when it is fine. */
export function validateTagPattern(pattern: string): string | null {
  try {
    compile(pattern);
    return null;
  } catch (err) {
    if (err instanceof PatternError) return err.message;
    throw err;
  }
}

/** Decide whether a pushed tag deploys. Invalid tags and patterns never deploy. */
export function evaluateTag(pattern: string, tag: string, ctx: TagContext = {}): TagDecision {
  const shown = quoteShort(tag);
  if (!isValidTag(tag)) return { deploy: false, reason: `${shown} is not a valid Docker tag` };
  let rule: CompiledRule;
  try {
    rule = compile(pattern);
  } catch (err) {
    return { deploy: false, reason: `the tag pattern is invalid: ${(err as Error).message}` };
  }
  let matched: string;
  switch (rule.kind) {
    case 'exact': {
      const want = ctx.configuredTag ?? 'latest';
      if (tag !== want) return { deploy: false, reason: `tag ${shown} is not the configured tag ${quoteShort(want)}` };
      matched = `tag ${shown} is the configured tag`;
      break;
    }
    case 'regex':
    case 'glob':
      if (!rule.re.matches(tag)) return { deploy: false, reason: `tag ${shown} does not match ${rule.kind} ${quoteShort(rule.source)}` };
      matched = `tag ${shown} matches ${rule.kind} ${quoteShort(rule.source)}`;
      break;
    case 'semver': {
      const version = tagVersion(tag);
      if (!version) return { deploy: false, reason: `tag ${shown} is not a semantic version (x.y.z)` };
      if (!satisfies(version, rule.range)) {
        return { deploy: false, reason: `version ${shown} is outside the range ${quoteShort(rule.range)}` };
      }
      matched = `version ${shown} is in the range ${quoteShort(rule.range)}`;
      break;
    }
  }
  if (ctx.noDowngrade && ctx.currentTag) {
    const next = tagVersion(tag);
    const current = tagVersion(ctx.currentTag);
    if (next && current && lt(next, current)) {
      return { deploy: false, reason: `tag ${shown} is lower than the deployed ${quoteShort(ctx.currentTag)} (no downgrades)` };
    }
  }
  return { deploy: true, reason: matched };
}

// Compiled rules are cached: the listener evaluates the same few patterns on every delivery.
const cache = new Map<string, CompiledRule>();
const CACHE_LIMIT = 256;

function compile(pattern: string): CompiledRule {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const rule = compileUncached(pattern);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, rule);
  return rule;
}

function compileUncached(pattern: string): CompiledRule {
  if (pattern.length > TAG_PATTERN_MAX_LENGTH) throw new PatternError(`the pattern is longer than ${TAG_PATTERN_MAX_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(pattern)) throw new PatternError('the pattern contains control characters');
  switch (tagRuleKind(pattern)) {
    case 'exact':
      return { kind: 'exact' };
    case 'glob': {
      const body = pattern.slice(GLOB_PREFIX.length);
      if (body === '') throw new PatternError('the glob after "glob:" is empty');
      return { kind: 'glob', source: body, re: compileRe2(globToRe2(body)) };
    }
    case 'semver': {
      const body = pattern.slice(SEMVER_PREFIX.length).trim();
      const range = body === '' ? null : validRange(body);
      if (!range) throw new PatternError(`"${body}" is not a semver range (e.g. ^5.0.0 or >=1.2 <2)`);
      return { kind: 'semver', range: body };
    }
    case 'regex':
      // no check for nested repetition like (a+)+: RE2 has no backtracking to blow up
      return { kind: 'regex', source: pattern, re: compileRe2(pattern) };
  }
}

function compileRe2(source: string): RE2JS {
  let re: RE2JS;
  try {
    re = RE2JS.compile(source);
  } catch (err) {
    const message = (err as Error).message.replace(/^error parsing regexp: /, '');
    throw new PatternError(`not a valid regular expression: ${message}`);
  }
  const prog = re.re2Input.prog as { numInst?: () => number } | undefined;
  if (prog?.numInst && prog.numInst() > MAX_PROGRAM_SIZE) throw new PatternError('the pattern is too complex');
  return re;
}

/** Glob → RE2 source. Tags contain no `/`, so `*` is simply "any run of characters". */
function globToRe2(glob: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*') out += '.*';
    else if (ch === '?') out += '.';
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) throw new PatternError('unclosed "[" in the glob');
      let body = glob.slice(i + 1, end);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^' : ''}${body.replace(/[\\\]^[]/g, (c) => `\\${c}`)}]`;
      i = end;
    } else if (ch === '{') {
      braces++;
      out += '(?:';
    } else if (ch === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (ch === ',' && braces > 0) out += '|';
    else if (ch === '\\' && i + 1 < glob.length) out += RE2JS.quote(glob[++i]);
    else out += RE2JS.quote(ch);
  }
  if (braces > 0) throw new PatternError('unclosed "{" in the glob');
  return out;
}

function quoteShort(s: string): string {
  return JSON.stringify(s.length > 64 ? `${s.slice(0, 61)}...` : s);
}
