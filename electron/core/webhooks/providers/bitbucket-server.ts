/**
 * Bitbucket Server / Data Center (docs/webhooks.md, "Bitbucket Server / Data Center"), a different product from Bitbucket
 * Cloud: `X-Event-Key: repo:refs_changed`, `X-Request-Id` (delivery id), no X-Request-UUID /
 * X-Hook-UUID, and `X-Hub-Signature: sha256=<hex HMAC of the raw body>` when a secret is set.
 * The payload names refs and hashes but no commit messages (Data Center 8+ adds the head's in
 * `toCommit`), so the keyword is looked for in the repository at checkout: each update carries
 * `repositoryCheck` with `fromHash` as the start of the range.
 */
import { badRequest } from '../hook-error';
import { parsePayload } from '../body';
import { asArray, asObject, str } from '../json-read';
import { header } from '../verify';
import { verifyHubSignature } from './bitbucket-signature';
import type { RawDelivery } from '../types';
import type { ParsedDelivery, RefUpdate } from '../../ingest/parsed-event';
import type { GitProvider, ReadContext } from './provider';
import { checkRefName, commitId } from './push-common';

function refUpdate(change: unknown): RefUpdate | undefined {
  const ref = asObject(asObject(change)?.ref);
  const refType = str(ref, 'type');
  const fullId = str(ref, 'id') ?? str(change, 'refId') ?? '';
  const prefix = refType === 'TAG' ? 'refs/tags/' : 'refs/heads/';
  const name = str(ref, 'displayId') ?? (fullId.startsWith(prefix) ? fullId.slice(prefix.length) : undefined);
  if (!name || (refType !== 'BRANCH' && refType !== 'TAG')) return undefined;
  checkRefName(name);
  const deleted = str(change, 'type') === 'DELETE';
  const commit = deleted ? undefined : commitId(str(change, 'toHash'), 'toHash');
  const since = commitId(str(change, 'fromHash'), 'fromHash');
  const headMessage = str(change, 'toCommit', 'message');
  return {
    type: refType === 'TAG' ? 'tag' : 'branch',
    name,
    deleted: deleted || commit === undefined,
    commit,
    messages: headMessage !== undefined ? [headMessage] : [],
    headMessage,
    repositoryCheck: since !== undefined ? { since } : {},
  };
}

export const bitbucketServer: GitProvider = {
  id: 'bitbucket-server',
  detect: (h) =>
    h['x-event-key'] !== undefined && h['x-request-id'] !== undefined && h['x-request-uuid'] === undefined && h['x-hook-uuid'] === undefined,
  read(d: RawDelivery, ctx: ReadContext): ParsedDelivery {
    const event = header(d.headers, 'x-event-key') ?? '';
    const deliveryId = header(d.headers, 'x-request-id');
    const verified = verifyHubSignature(d, ctx);
    const base = { provider: 'bitbucket-server' as const, event, deliveryId, verified };
    const json = parsePayload(d);
    if (event === 'diagnostics:ping') return { ...base, result: { kind: 'ignored', reason: 'ping' } };
    if (event !== 'repo:refs_changed') return { ...base, result: { kind: 'ignored', reason: `event "${event.slice(0, 64)}" is not a push` } };
    const repo = asObject(json.repository);
    const links = asObject(repo?.links);
    const repoUrls = [...asArray(links?.clone), ...asArray(links?.self)].map((l) => str(l, 'href')).filter((u): u is string => u !== undefined);
    if (repoUrls.length === 0) throw badRequest('the push names no repository URL (repository.links.clone)');
    const updates = asArray(json.changes).map(refUpdate).filter((u): u is RefUpdate => u !== undefined);
    if (updates.length === 0) return { ...base, result: { kind: 'ignored', reason: 'the push changed no branch or tag' } };
    const project = str(repo, 'project', 'key');
    const slug = str(repo, 'slug');
    return {
      ...base,
      result: {
        kind: 'git-push',
        repoUrls,
        repoName: project && slug ? `${project}/${slug}` : slug,
        pusher: str(json, 'actor', 'name') ?? str(json, 'actor', 'displayName'),
        updates,
      },
    };
  },
};
