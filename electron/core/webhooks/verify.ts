/** Signature and token checks: HMAC over the raw bytes, always compared in constant time. */
import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { sameBytes } from '../util/safe-equal';

/** One header's value (the first, if repeated). */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function hmacSha256(secret: string | Buffer, data: string | Buffer): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

/**
 * Check a hex HMAC-SHA256 signature header (`sha256=<hex>` with `prefix = 'sha256='`, or bare
 * hex with `prefix = ''`). Upper-case hex is accepted; anything malformed is simply false.
 */
export function verifyHexHmac(value: string | undefined, prefix: string, secret: string, data: string | Buffer): boolean {
  if (value === undefined) return false;
  const v = value.trim();
  if (!v.toLowerCase().startsWith(prefix)) return false;
  const hex = v.slice(prefix.length);
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return false;
  return sameBytes(Buffer.from(hex, 'hex'), hmacSha256(secret, data));
}
