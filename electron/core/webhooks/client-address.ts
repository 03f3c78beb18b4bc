/**
 * Where a request came from, for the delivery log only — never for a security decision.
 * The socket peer is the one fact; behind localtunnel it is always the tunnel client on
 * 127.0.0.1. `X-Forwarded-For` is recorded as the sender wrote it: the real localtunnel server
 * adds none (docs/tunnel.md, "Measured against the real server"), so anything in it came from the sender and may be
 * forged. The dashboard shows it as "forwarded for (as sent)".
 */
import type { IncomingMessage } from 'node:http';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;

export function peerAddress(req: IncomingMessage): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  return peer.startsWith('::ffff:') ? peer.slice(7) : peer;
}

/** The X-Forwarded-For header as sent (repeats joined), bounded and without control characters. */
export function forwardedFor(req: IncomingMessage): string | undefined {
  const raw = req.headers['x-forwarded-for'];
  const value = (Array.isArray(raw) ? raw.join(', ') : (raw ?? '')).replace(CONTROL, '').trim();
  if (value === '') return undefined;
  return value.length > 200 ? `${value.slice(0, 197)}...` : value;
}
