import { describe, expect, it } from 'vitest';
import { isCommitId, isFullCommitId, normalizeCommitId } from './commit-id';

describe('commit ids', () => {
  it('a full id is exactly 40 or 64 hex digits', () => {
    expect(isFullCommitId('a'.repeat(40))).toBe(true);
    expect(isFullCommitId('B'.repeat(64))).toBe(true);
    for (const n of [7, 39, 41, 63, 65]) expect(isFullCommitId('a'.repeat(n))).toBe(false);
    expect(isFullCommitId(`${'a'.repeat(39)}g`)).toBe(false);
  });

  it('a typed id may be abbreviated down to 7 digits, never shorter, never non-hex', () => {
    expect(isCommitId('abc1234')).toBe(true);
    expect(isCommitId('a'.repeat(40))).toBe(true);
    expect(isCommitId('a'.repeat(64))).toBe(true);
    expect(isCommitId('abc123')).toBe(false);
    expect(isCommitId('a'.repeat(65))).toBe(false);
    for (const bad of ['', 'HEAD', 'main', 'abc1234~1', '-abc1234', 'abc1234 ', '../abc1234']) expect(isCommitId(bad)).toBe(false);
  });

  it('normalizes to lower case', () => {
    expect(normalizeCommitId('ABCDEF1')).toBe('abcdef1');
  });
});
