/** Small helpers for the control server's JSON over HTTP. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, HTTP_STATUS } from '../../../shared/api';
import { sendJson } from '../http-response';
import { readCappedBody } from '../util/capped-body';

export const BODY_LIMIT = 1024 * 1024;

export function sendError(res: ServerResponse, err: ApiError): void {
  sendJson(res, HTTP_STATUS[err.code], err.toBody());
}

/** Read a JSON object body (empty body → `{}`), refusing more than `limit` bytes. */
export async function readJsonBody(req: IncomingMessage, limit = BODY_LIMIT): Promise<Record<string, unknown>> {
  const read = await readCappedBody(req, limit);
  if (!read.ok && read.reason === 'too-large') throw new ApiError('payload_too_large', `Request body is larger than ${limit} bytes`);
  if (!read.ok) throw new Error('the request was aborted before its body was read');
  if (read.body.length === 0) return {};
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError('validation', 'Send the request body as application/json');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(read.body.toString('utf8'));
  } catch {
    throw new ApiError('validation', 'The request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ApiError('validation', 'The request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** Query parameters as an object; integers and booleans converted. */
export function queryObject(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of params) {
    out[k] = /^\d+$/.test(v) ? Number(v) : v === 'true' ? true : v === 'false' ? false : v;
  }
  return out;
}
