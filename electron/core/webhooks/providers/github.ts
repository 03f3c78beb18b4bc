/**
 * GitHub (docs/webhooks.md, "GitHub"): `X-GitHub-Event` push/ping, `X-GitHub-Delivery`,
 * `X-Hub-Signature-256` = sha256 HMAC of the raw body (for forms too: the encoded form bytes).
 */
import { unauthorized } from '../hook-error';
import { parsePayload } from '../body';
import { header, verifyHexHmac } from '../verify';
import type { RawDelivery } from '../types';
import type { ParsedDelivery } from '../../ingest/parsed-event';
import type { GitProvider, ReadContext } from './provider';
import { REPOSITORY_URLS, githubStylePush } from './push-common';

/** Check GitHub's signature when the component has a secret; returns whether it was checked. */
export function verifyGitHubSignature(d: RawDelivery, secret: string | undefined): boolean {
  if (secret === undefined) return false;
  const signature = header(d.headers, 'x-hub-signature-256');
  if (signature === undefined) throw unauthorized('no X-Hub-Signature-256 header, but the component has a webhook secret');
  if (!verifyHexHmac(signature, 'sha256=', secret, d.body)) throw unauthorized('X-Hub-Signature-256 does not match the webhook secret');
  return true;
}

export const github: GitProvider = {
  id: 'github',
  detect: (h) => h['x-github-event'] !== undefined,
  read(d: RawDelivery, ctx: ReadContext): ParsedDelivery {
    const event = header(d.headers, 'x-github-event') ?? '';
    const deliveryId = header(d.headers, 'x-github-delivery');
    const verified = verifyGitHubSignature(d, ctx.secrets.webhook);
    const base = { provider: 'github' as const, event, deliveryId, verified };
    const json = parsePayload(d);
    if (event === 'ping') return { ...base, result: { kind: 'ignored', reason: 'ping' } };
    if (event !== 'push') return { ...base, result: { kind: 'ignored', reason: `event "${event.slice(0, 64)}" is not a push` } };
    return {
      ...base,
      result: githubStylePush(json, {
        urlPaths: [...REPOSITORY_URLS, ['repository', 'svn_url']],
        pusherPaths: [['pusher', 'name'], ['sender', 'login']],
      }),
    };
  },
};
