/**
 * Bitbucket Cloud and Bitbucket Server / Data Center sign alike: `X-Hub-Signature:
 * sha256=<hex HMAC of the raw body>` when the hook has a secret (docs/webhooks.md, Bitbucket).
 */
import { unauthorized } from '../hook-error';
import type { RawDelivery } from '../types';
import { header, verifyHexHmac } from '../verify';
import type { ReadContext } from './provider';

/** True when checked; false when the component has no secret (accepted on the hook id alone). */
export function verifyHubSignature(d: RawDelivery, ctx: ReadContext): boolean {
  const secret = ctx.secrets.webhook;
  if (secret === undefined) return false;
  const signature = header(d.headers, 'x-hub-signature');
  if (signature === undefined) throw unauthorized('no X-Hub-Signature header, but the component has a webhook secret');
  if (!verifyHexHmac(signature, 'sha256=', secret, d.body)) throw unauthorized('X-Hub-Signature does not match the webhook secret');
  return true;
}
