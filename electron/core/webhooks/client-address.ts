/**
 * The address a request came from, for throttling and the delivery log. Requests through the
 * tunnel reach us from the localtunnel client on loopback; then the forwarded address counts.
 * The LAST X-Forwarded-For entry is used: it is the one added by the proxy nearest to us (the
 * tunnel server), while earlier entries are whatever the public client chose to send — taking
 * the first would let anyone dodge the throttle, or get someone else's address throttled.
 */
import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

export function clientAddress(req: IncomingMessage): string {
  let peer = req.socket.remoteAddress ?? 'unknown';
  if (peer.startsWith('::ffff:')) peer = peer.slice(7);
  if (!isLoopback(peer)) return peer;
  const raw = req.headers['x-forwarded-for'];
  const forwarded = Array.isArray(raw) ? raw.join(',') : raw;
  if (!forwarded) return peer;
  const parts = forwarded.split(',');
  const last = parts[parts.length - 1].trim();
  return isIP(last) ? last : peer;
}
