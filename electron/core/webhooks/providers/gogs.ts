/**
 * Gogs (docs/webhooks.md, "Gogs"): `X-Gogs-Event`, `X-Gogs-Delivery`, `X-Gogs-Signature` (hex
 * HMAC-SHA256 of the JSON payload). No `head_commit`: the head is the commit whose id is `after`.
 * Gitea also sends `X-Gogs-*` headers, so Gitea is detected before Gogs.
 */
import type { GitProvider } from './provider';
import { readGiteaFamily } from './gitea';

export const gogs: GitProvider = {
  id: 'gogs',
  detect: (h) => h['x-gogs-event'] !== undefined,
  read: (d, ctx) => readGiteaFamily(d, ctx, 'gogs', 'x-gogs'),
};
