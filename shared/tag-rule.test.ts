import { describe, expect, it } from 'vitest';
import { evaluateTag, tagRuleKind, tagVersion, validateTagPattern } from './tag-rule';

const deploys = (pattern: string, tag: string, ctx = {}) => evaluateTag(pattern, tag, ctx).deploy;

describe('tag rules', () => {
  it('exact mode compares with the configured tag (default latest)', () => {
    expect(deploys('', 'latest')).toBe(true);
    expect(deploys('', 'v1')).toBe(false);
    expect(deploys('', 'v1', { configuredTag: 'v1' })).toBe(true);
    expect(evaluateTag('', 'v2', { configuredTag: 'v1' }).reason).toMatch(/not the configured tag "v1"/);
  });

  it('regex patterns must match the whole tag (Rainbond-compatible)', () => {
    expect(tagRuleKind('v5.*')).toBe('regex');
    expect(deploys('v5.*', 'v5.1')).toBe(true);
    expect(deploys('v5.*', 'v5')).toBe(true);
    expect(deploys('v5.*', 'xv5.1')).toBe(false);
    expect(deploys('v5', 'v5.1')).toBe(false);
    expect(deploys('^v\\d+\\.\\d+(\\.\\d+)*$', 'v1.2.3')).toBe(true);
    expect(deploys('release-.*', 'Release-1')).toBe(false);
    expect(deploys('(?i)release-.*', 'Release-1')).toBe(true);
  });

  it('glob patterns treat the dot as a dot', () => {
    expect(tagRuleKind('glob:v5.*')).toBe('glob');
    expect(deploys('glob:v5.*', 'v5.1')).toBe(true);
    expect(deploys('glob:v5.*', 'v5x1')).toBe(false);
    expect(deploys('glob:v?.0', 'v7.0')).toBe(true);
    expect(deploys('glob:{main,dev}-*', 'dev-42')).toBe(true);
    expect(deploys('glob:{main,dev}-*', 'prod-42')).toBe(false);
    expect(deploys('glob:[!a-c]*', 'd1')).toBe(true);
    expect(deploys('glob:[!a-c]*', 'b1')).toBe(false);
    expect(deploys('glob:1.(x)', '1.(x)')).toBe(false); // not a valid tag anyway
  });

  it('semver ranges accept only x.y.z[-pre] tags (optional v)', () => {
    expect(deploys('semver:^5.0.0', '5.3.1')).toBe(true);
    expect(deploys('semver:^5.0.0', 'v5.3.1')).toBe(true);
    expect(deploys('semver:^5.0.0', '6.0.0')).toBe(false);
    expect(deploys('semver:>=1.2 <2', '1.9.9')).toBe(true);
    expect(deploys('semver:>=1.2 <2', '1.1.0')).toBe(false);
    expect(deploys('semver:^5.0.0', '5.4')).toBe(false);
    expect(deploys('semver:^5.0.0', 'latest')).toBe(false);
    expect(deploys('semver:^5.0.0', '5.4.0-rc.1')).toBe(false);
    expect(evaluateTag('semver:^5.0.0', '5.4').reason).toMatch(/not a semantic version/);
    expect(tagVersion('v1.2.3')?.version).toBe('1.2.3');
    expect(tagVersion('release-1.2.3')).toBeNull();
  });

  it('noDowngrade refuses a lower version than the deployed one', () => {
    const ctx = { currentTag: 'v1.4.2', noDowngrade: true };
    expect(deploys('v.*', 'v1.4.1', ctx)).toBe(false);
    expect(evaluateTag('v.*', 'v1.4.1', ctx).reason).toMatch(/lower than the deployed "v1.4.2"/);
    expect(deploys('v.*', 'v1.4.2', ctx)).toBe(true);
    expect(deploys('v.*', 'v1.10.0', ctx)).toBe(true);
    expect(deploys('v.*', 'v1.4.1', { currentTag: 'v1.4.2' })).toBe(true);
    // Not comparable: the option does not apply.
    expect(deploys('.*', 'nightly', ctx)).toBe(true);
  });

  it('validates tags with the Docker grammar before anything else', () => {
    for (const tag of ['../x', '', '-x', 'a'.repeat(129), 'a b', 'tag/x', 'ü']) {
      const d = evaluateTag('.*', tag);
      expect(d.deploy).toBe(false);
      expect(d.reason).toMatch(/not a valid Docker tag/);
    }
    expect(evaluateTag('.*', 'a'.repeat(200)).reason.length).toBeLessThan(120);
  });

  it('rejects bad patterns on save with a message', () => {
    const bad = [
      '(',
      '[a-',
      '(a)\\1',
      '(?=x)',
      '(?<!x)y',
      'x{1001}',
      '((a{100}){100}){100}',
      '(.*a){999}',
      'x'.repeat(257),
      'glob:',
      'glob:[abc',
      'glob:{a,b',
      'semver:',
      'semver:not-a-range',
      'v1\n',
    ];
    for (const p of bad) {
      const message = validateTagPattern(p);
      expect(message, p).toBeTypeOf('string');
      expect(evaluateTag(p, 'v1').deploy).toBe(false);
    }
    for (const p of ['', 'v5.*', '\\d+(\\.\\d+)*', '(alpha|beta)+', 'glob:v5.*', 'semver:^5.0.0', 'semver:>=1.2 <2']) {
      expect(validateTagPattern(p), p).toBeNull();
    }
  });

  it('never hangs on patterns that are bombs for backtracking engines', () => {
    // Valid RE2, so accepted, nested repetition included: RE2 runs them in linear time.
    for (const p of ['(a|aa)+', '(a|a)*c', '(.*a){20}c', '(x|xx)+y', '(a+)+$', '(a*)*b', '((a+))+', '(?:x+x+)+y', '(a|b+)*']) {
      expect(validateTagPattern(p), p).toBeNull();
      expect(deploys(p, `${'a'.repeat(127)}z`)).toBe(false);
      expect(deploys(p, 'x'.repeat(128))).toBe(false);
    }
    expect(deploys('(a|aa)+', 'a'.repeat(128))).toBe(true);
  });
});
