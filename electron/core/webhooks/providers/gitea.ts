/**
 * Gitea and Forgejo (docs/webhooks.md, "Gitea and Forgejo"): `X-Gitea-Event` (Forgejo adds `X-Forgejo-*`),
 * `X-Gitea-Delivery`, `X-Gitea-Signature` = hex HMAC-SHA256 of the JSON payload — for form
 * deliveries that is the decoded `payload` field, not the form body.
 */
import { unauthorized } from '../hook-error';
import { parsePayload, payloadText } from '../body';
import { header, verifyHexHmac } from '../verify';
import type { RawDelivery } from '../types';
import type { GitProviderId, ParsedDelivery } from '../../ingest/parsed-event';
import type { GitProvider, ReadContext } from './provider';
import { REPOSITORY_URLS, githubStylePush } from './push-common';

/** Gitea-family read: shared with Gogs, which signs the same way under its own header names. */
export function readGiteaFamily(d: RawDelivery, ctx: ReadContext, provider: GitProviderId, prefix: string): ParsedDelivery {
  const event = header(d.headers, `${prefix}-event`) ?? '';
  const deliveryId = header(d.headers, `${prefix}-delivery`);
  const text = payloadText(d);
  let verified = false;
  const secret = ctx.secrets.webhook;
  if (secret !== undefined) {
    const signature = header(d.headers, `${prefix}-signature`) || header(d.headers, 'x-gitea-signature');
    if (!signature) throw unauthorized(`no ${prefix}-signature header, but the component has a webhook secret`);
    if (!verifyHexHmac(signature, '', secret, text)) throw unauthorized(`${prefix}-signature does not match the webhook secret`);
    verified = true;
  }
  const base = { provider, event, deliveryId, verified };
  const json = parsePayload(d, text);
  if (event !== 'push') return { ...base, result: { kind: 'ignored', reason: `event "${event.slice(0, 64)}" is not a push` } };
  return {
    ...base,
    result: githubStylePush(json, {
      urlPaths: REPOSITORY_URLS,
      pusherPaths: [['pusher', 'username'], ['pusher', 'login'], ['sender', 'login']],
    }),
  };
}

export const gitea: GitProvider = {
  id: 'gitea',
  detect: (h) => h['x-gitea-event'] !== undefined || h['x-forgejo-event'] !== undefined,
  read: (d, ctx) =>
    d.headers['x-forgejo-event'] !== undefined ? readGiteaFamily(d, ctx, 'forgejo', 'x-forgejo') : readGiteaFamily(d, ctx, 'gitea', 'x-gitea'),
};
