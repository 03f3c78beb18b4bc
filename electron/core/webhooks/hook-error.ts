/**
 * A request the listener refuses, with the status from the answer table in docs/webhooks.md. `message`
 * goes to the sender; `detail` goes only to the owner's delivery log (e.g. which part of the
 * authentication failed), never to the sender.
 */
import type { ProviderId } from '../ingest/parsed-event';

export type HookErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'not_found'
  | 'payload_too_large'
  | 'too_many_requests'
  | 'unavailable'
  | 'internal';

export class HookError extends Error {
  /** Set by whoever knows which provider sent the request. */
  provider?: ProviderId;
  constructor(
    readonly status: number,
    readonly code: HookErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'HookError';
  }
}

export const badRequest = (message: string): HookError => new HookError(400, 'bad_request', message);
/** The sender learns only that authentication failed; `detail` says why, for the owner. */
export const unauthorized = (detail: string): HookError =>
  new HookError(401, 'unauthorized', 'authentication failed', detail);
