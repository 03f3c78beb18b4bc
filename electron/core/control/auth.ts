/**
 * Control-server gatekeeping: a bearer token (constant-time compare), and requests from a
 * foreign Origin or to a foreign Host (DNS rebinding) refused, since the API deploys code.
 */
import type { IncomingMessage } from 'node:http';
import { ApiError } from '../../../shared/api';
import { safeEqual } from '../util/safe-equal';

export function checkToken(req: IncomingMessage, token: string): void {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m?.[1] || !safeEqual(m[1], token)) {
    throw new ApiError('unauthorized', 'Missing or wrong bearer token (see the control-token file in the data directory)');
  }
}

/** The origins a browser may call from: the control server's own address. */
export function allowedOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`]);
}

export function checkOrigin(req: IncomingMessage, allowed: Set<string>): void {
  const origin = req.headers.origin;
  if (origin !== undefined && !allowed.has(origin)) {
    throw new ApiError('forbidden', `Requests from origin ${origin} are not allowed`);
  }
  const host = req.headers.host;
  if (host !== undefined && !allowed.has(`http://${host}`)) {
    throw new ApiError('forbidden', `Requests for host ${host} are not allowed`);
  }
}
