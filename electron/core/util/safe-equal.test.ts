import { describe, expect, it } from 'vitest';
import { safeEqual, sameBytes } from './safe-equal';

describe('constant-time comparisons', () => {
  it('sameBytes: equal bytes only; a length mismatch is false, not a throw', () => {
    expect(sameBytes(Buffer.from('abc'), Buffer.from('abc'))).toBe(true);
    expect(sameBytes(Buffer.from('abc'), Buffer.from('abd'))).toBe(false);
    expect(sameBytes(Buffer.from('abc'), Buffer.from('abcd'))).toBe(false);
    expect(sameBytes(Buffer.alloc(0), Buffer.alloc(0))).toBe(true);
  });

  it('safeEqual compares strings of any length', () => {
    expect(safeEqual('token', 'token')).toBe(true);
    expect(safeEqual('token', 'token-longer')).toBe(false);
  });
});
