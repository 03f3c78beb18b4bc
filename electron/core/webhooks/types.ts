/** The raw request a provider reads, and the secrets it may check (webhooks/ only). */
import type { IncomingHttpHeaders } from 'node:http';

/** A received request, body kept as raw bytes for signature checks. */
export interface RawDelivery {
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Media type, lower-cased, without parameters ('' when absent). */
  contentType: string;
}

/** The component secrets a provider may check against (plaintext, never logged). */
export interface HookSecrets {
  /** The component's webhook secret (git trigger; also GHCR/Harbor/registry auth). */
  webhook?: string;
  /** The custom API secret key (also accepted as a registry Authorization value). */
  apiKey?: string;
}
