/** The shape every provider module has: detect by headers (or body), verify, parse. */
import type { IncomingHttpHeaders } from 'node:http';
import type { HookSecrets, RawDelivery } from '../types';
import type { GitProviderId, ImageProviderId, ParsedDelivery } from '../../ingest/parsed-event';

export interface ReadContext {
  secrets: HookSecrets;
  /** Epoch milliseconds (a parameter so timestamp windows can be tested). */
  now: number;
  /** Image route: accept senders that cannot sign (Docker Hub, Aliyun, Quay) although a webhook secret is set. */
  allowUnsigned?: boolean;
}

export interface GitProvider {
  id: GitProviderId;
  /** Whether the request's headers say this provider sent it. */
  detect(headers: IncomingHttpHeaders): boolean;
  /** Verify over the raw bytes, then parse. Throws HookError (401 / 400). */
  read(d: RawDelivery, ctx: ReadContext): ParsedDelivery;
}

export interface ImageProvider {
  id: ImageProviderId;
  /** Whether this provider sent the request, by content type or by the payload's shape. */
  detect(d: RawDelivery, json: Record<string, unknown>): boolean;
  /** Parse an authenticated payload. Throws HookError (400). */
  read(d: RawDelivery, json: Record<string, unknown>): Omit<ParsedDelivery, 'verified'>;
}
