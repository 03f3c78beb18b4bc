/**
 * Request bodies (read with a size cap by `util/capped-body`), decoded as JSON or as a form
 * with the JSON in its `payload` field, the way GitHub, Gitea and Gogs send forms.
 */
import { isUtf8 } from 'node:buffer';
import { badRequest } from './hook-error';
import type { RawDelivery } from './types';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** The media type of a Content-Type header, lower-cased, parameters dropped. */
export function mediaType(value: string | undefined): string {
  if (!value) return '';
  const semi = value.indexOf(';');
  return (semi === -1 ? value : value.slice(0, semi)).trim().toLowerCase();
}

export const FORM = 'application/x-www-form-urlencoded';

/** JSON-carrying media types: plain JSON, `+json` types (CloudEvents, Distribution), text. */
export function isJsonType(type: string): boolean {
  return type === '' || type === 'application/json' || type === 'text/plain' || /^application\/[\w.+-]+\+json$/.test(type);
}

/** Decode the body as UTF-8 text, refusing bytes that are not UTF-8 (a BOM is kept, so JSON refuses it). */
export function bodyText(body: Buffer): string {
  if (!isUtf8(body)) throw badRequest('the body is not valid UTF-8');
  return body.toString('utf8');
}

export function parseJsonText(text: string, what = 'the body'): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest(`${what} is not valid JSON`);
  }
}

/**
 * The JSON payload text of a delivery: the body itself, or the `payload` field of a form.
 * Other content types are refused.
 */
export function payloadText(d: RawDelivery): string {
  if (d.contentType === FORM) {
    const payload = new URLSearchParams(bodyText(d.body)).get('payload');
    if (payload === null) throw badRequest('the form has no "payload" field');
    return payload;
  }
  if (!isJsonType(d.contentType)) throw badRequest(`unsupported content type "${d.contentType.slice(0, 80)}"`);
  return bodyText(d.body);
}

/** Parse a delivery's JSON payload (see `payloadText`); the top level must be an object. */
export function parsePayload(d: RawDelivery, text = payloadText(d)): Record<string, unknown> {
  const json = parseJsonText(text, d.contentType === FORM ? 'the "payload" field' : 'the body');
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw badRequest('the payload is not a JSON object');
  return json as Record<string, unknown>;
}
