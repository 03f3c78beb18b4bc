/**
 * Bitbucket Cloud (docs/webhooks.md, "Bitbucket Cloud"): `X-Event-Key: repo:push`, `X-Request-UUID`, and —
 * only when the hook has a secret — `X-Hub-Signature: sha256=<hex HMAC of the raw body>`.
 * One push may update several refs (`push.changes[]`); ref names are short, `new: null` is a
 * deletion. The payload has no clone URL, so it is derived from `full_name`.
 */
import { badRequest } from '../hook-error';
import { parsePayload } from '../body';
import { asArray, asObject, str } from '../json-read';
import { header } from '../verify';
import { verifyHubSignature } from './bitbucket-signature';
import type { RawDelivery } from '../types';
import type { ParsedDelivery, RefUpdate } from '../../ingest/parsed-event';
import type { GitProvider, ReadContext } from './provider';
import { checkRefName, commitId, commitMessages } from './push-common';

function refUpdate(change: unknown): RefUpdate | undefined {
  const next = asObject(at(change, 'new'));
  const side = next ?? asObject(at(change, 'old'));
  const type = str(side, 'type');
  const name = str(side, 'name');
  if (!side || !name || (type !== 'branch' && type !== 'tag')) return undefined;
  checkRefName(name);
  const messages = commitMessages(at(change, 'commits'));
  const headMessage = str(next, 'target', 'message');
  if (headMessage !== undefined && !messages.includes(headMessage)) messages.push(headMessage);
  return {
    type,
    name,
    deleted: !next,
    commit: next ? commitId(str(next, 'target', 'hash'), 'new.target.hash') : undefined,
    messages,
    headMessage,
  };
}

function at(v: unknown, key: string): unknown {
  return asObject(v)?.[key];
}

export const bitbucket: GitProvider = {
  id: 'bitbucket',
  detect: (h) => h['x-event-key'] !== undefined && (h['x-request-uuid'] !== undefined || h['x-hook-uuid'] !== undefined),
  read(d: RawDelivery, ctx: ReadContext): ParsedDelivery {
    const event = header(d.headers, 'x-event-key') ?? '';
    const deliveryId = header(d.headers, 'x-request-uuid');
    const verified = verifyHubSignature(d, ctx);
    const base = { provider: 'bitbucket' as const, event, deliveryId, verified };
    const json = parsePayload(d);
    if (event !== 'repo:push') return { ...base, result: { kind: 'ignored', reason: `event "${event.slice(0, 64)}" is not a push` } };
    const fullName = str(json, 'repository', 'full_name');
    if (!fullName) throw badRequest('the push has no repository.full_name');
    const changes = asArray(at(json.push, 'changes'));
    const updates = changes.map(refUpdate).filter((u): u is RefUpdate => u !== undefined);
    if (updates.length === 0) return { ...base, result: { kind: 'ignored', reason: 'the push changed no branch or tag' } };
    const html = str(json, 'repository', 'links', 'html', 'href');
    return {
      ...base,
      result: {
        kind: 'git-push',
        repoUrls: [`https://bitbucket.org/${fullName}.git`, `git@bitbucket.org:${fullName}.git`, ...(html ? [html] : [])],
        repoName: fullName,
        pusher: str(json, 'actor', 'nickname') ?? str(json, 'actor', 'display_name'),
        updates,
      },
    };
  },
};
