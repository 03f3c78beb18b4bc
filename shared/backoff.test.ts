import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

const opts = { baseMs: 1000, maxMs: 30_000 };

describe('backoffDelay', () => {
  it('doubles the ceiling per attempt and keeps the delay in [ceiling/2, ceiling]', () => {
    const ceilings = [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000];
    ceilings.forEach((ceiling, i) => {
      expect(backoffDelay(i + 1, opts, () => 0)).toBe(ceiling / 2);
      expect(backoffDelay(i + 1, opts, () => 0.999999)).toBe(ceiling);
      expect(backoffDelay(i + 1, opts, () => 0.5)).toBe(Math.round(ceiling * 0.75));
    });
  });

  it('jitters: different random draws give different delays within the bounds', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const delays = Array.from({ length: 200 }, () => backoffDelay(3, opts, random));
    expect(new Set(delays).size).toBeGreaterThan(50);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(2000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(4000);
  });

  it('never exceeds the maximum, even for huge attempt numbers', () => {
    expect(backoffDelay(10_000, opts, () => 0.999999)).toBe(30_000);
    expect(backoffDelay(Number.MAX_SAFE_INTEGER, opts, () => 0)).toBe(15_000);
  });

  it('clamps a misbehaving random source into range', () => {
    expect(backoffDelay(1, opts, () => 5)).toBe(1000);
    expect(backoffDelay(1, opts, () => -1)).toBe(500);
  });

  it('rejects nonsense input with a clear error', () => {
    expect(() => backoffDelay(0, opts)).toThrow(/attempt must be ≥ 1/);
    expect(() => backoffDelay(Number.NaN, opts)).toThrow(/attempt/);
    expect(() => backoffDelay(1, { baseMs: 0, maxMs: 10 })).toThrow(/baseMs/);
    expect(() => backoffDelay(1, { baseMs: 100, maxMs: 10 })).toThrow(/maxMs/);
  });
});
