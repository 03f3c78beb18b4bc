import { describe, expect, it } from 'vitest';
import { cleanLine, cleanText } from './clean-text';

describe('cleanLine / cleanText', () => {
  it('removes CSI, OSC and bare escapes and control characters', () => {
    expect(cleanLine('\u001b[31mred\u001b[0m \u001b]0;title\u0007ok\u001b[2J\u0000\u0008!', 100)).toBe('red ok!');
    expect(cleanLine('a\r\nb\tc', 100)).toBe('a b c');
    expect(cleanText('a\r\nb\tc\u001b[1m', 100)).toBe('a\nb\tc');
  });
  it('removes bidi overrides', () => {
    expect(cleanLine('abc\u202edef\u2066', 100)).toBe('abcdef');
  });
  it('bounds the length with an ellipsis and never splits a surrogate pair', () => {
    expect(cleanLine('x'.repeat(1_000_000), 200)).toHaveLength(200);
    const s = cleanLine('a'.repeat(198) + '😀😀', 200);
    expect(s.endsWith('…')).toBe(true);
    expect(s).not.toMatch(/[\ud800-\udbff]…$/);
  });
});
