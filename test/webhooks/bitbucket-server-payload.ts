/** Bitbucket Server / Data Center deliveries as its webhooks send them (docs/webhooks.md, "Bitbucket Server / Data Center"). */
import { randomUUID } from 'node:crypto';
import { hmacHex } from './fixtures';

export const FROM = '9c3f1e2a7b0d4c5e6f708192a3b4c5d6e7f80912';
export const TO = '4d2a8b9c0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7';
export const ZERO = '0'.repeat(40);
export const HTTP_CLONE = 'https://bitbucket.example.com/scm/shop/orders.git';
export const SSH_CLONE = 'ssh://git@bitbucket.example.com:7999/shop/orders.git';

export function refsChanged(
  change: { ref?: string; type?: string; refType?: 'BRANCH' | 'TAG'; from?: string; to?: string; toCommit?: { id: string; message: string } } = {},
  cloneUrls: string[] = [SSH_CLONE, HTTP_CLONE],
): Record<string, unknown> {
  const ref = change.ref ?? 'main';
  const refType = change.refType ?? 'BRANCH';
  return {
    eventKey: 'repo:refs_changed',
    date: '2026-03-02T14:44:26+0800',
    actor: { name: 'sunli', displayName: 'Sun Li', emailAddress: 'sun.li@example.com' },
    repository: {
      slug: 'orders',
      name: 'orders',
      project: { key: 'SHOP' },
      links: { clone: cloneUrls.map((href) => ({ href, name: href.startsWith('ssh:') ? 'ssh' : 'http' })), self: [{ href: 'https://bitbucket.example.com/projects/SHOP/repos/orders/browse' }] },
    },
    changes: [
      {
        ref: { id: `refs/${refType === 'TAG' ? 'tags' : 'heads'}/${ref}`, displayId: ref, type: refType },
        refId: `refs/${refType === 'TAG' ? 'tags' : 'heads'}/${ref}`,
        fromHash: change.from ?? FROM,
        toHash: change.to ?? TO,
        type: change.type ?? 'UPDATE',
        ...(change.toCommit ? { toCommit: change.toCommit } : {}),
      },
    ],
  };
}

export function bitbucketServerHeaders(body: string, secret: string | undefined, event = 'repo:refs_changed', requestId: string = randomUUID()): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'Atlassian HttpClient 3.0.4 / Bitbucket-8.9.0 (8009000) / Default',
    'x-event-key': event,
    'x-request-id': requestId,
    ...(secret !== undefined ? { 'x-hub-signature': `sha256=${hmacHex(secret, body)}` } : {}),
  };
}
