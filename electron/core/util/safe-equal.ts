/** Constant-time comparisons: the one place secrets, tokens and signatures are compared. */
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Constant-time string equality that also hides the length: both sides are hashed first,
 * so a token's length cannot be learned from timing either.
 */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

/**
 * Constant-time equality of two byte strings whose length is public (a MAC of a known size,
 * a fixed-format id); unequal lengths are simply false instead of the throw of timingSafeEqual.
 */
export function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
