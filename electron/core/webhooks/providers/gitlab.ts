/**
 * GitLab (docs/webhooks.md, "GitLab"): `X-Gitlab-Event` "Push Hook" / "Tag Push Hook", the secret
 * verbatim in `X-Gitlab-Token`, delivery id in `Idempotency-Key` (17.4+) or
 * `X-Gitlab-Event-UUID`. Also the optional signing token (Standard Webhooks:
 * `webhook-signature: v1,<base64 HMAC of "id.timestamp.body">`).
 */
import { badRequest, unauthorized } from '../hook-error';
import { parsePayload } from '../body';
import { asArray, asObject, str, strings } from '../json-read';
import { safeEqual, sameBytes } from '../../util/safe-equal';
import { header, hmacSha256 } from '../verify';
import type { RawDelivery } from '../types';
import type { NormalizedEvent, ParsedDelivery } from '../../ingest/parsed-event';
import type { GitProvider, ReadContext } from './provider';
import { commitId, commitMessages, isZeroCommit, splitRef } from './push-common';

const STANDARD_WEBHOOK_SKEW_S = 5 * 60;

function verifyStandardWebhook(d: RawDelivery, secret: string, now: number): boolean {
  const id = header(d.headers, 'webhook-id');
  const ts = header(d.headers, 'webhook-timestamp');
  const sigs = header(d.headers, 'webhook-signature');
  if (!id || !ts || !sigs || !/^\d{1,12}$/.test(ts)) return false;
  if (Math.abs(now / 1000 - Number(ts)) > STANDARD_WEBHOOK_SKEW_S) return false;
  const key = secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret, 'utf8');
  const expected = hmacSha256(key, Buffer.concat([Buffer.from(`${id}.${ts}.`), d.body]));
  return sigs.split(' ').some((s) => {
    if (!s.startsWith('v1,')) return false;
    const got = Buffer.from(s.slice(3), 'base64');
    return sameBytes(got, expected);
  });
}

function verify(d: RawDelivery, secret: string | undefined, now: number): boolean {
  if (secret === undefined) return false;
  const token = header(d.headers, 'x-gitlab-token');
  if (token !== undefined) {
    if (!safeEqual(token, secret)) throw unauthorized('X-Gitlab-Token is not the webhook secret');
    return true;
  }
  if (header(d.headers, 'webhook-signature') !== undefined) {
    if (!verifyStandardWebhook(d, secret, now)) throw unauthorized('webhook-signature does not match the signing token (or its timestamp is too old)');
    return true;
  }
  throw unauthorized('no X-Gitlab-Token header, but the component has a webhook secret');
}

function parsePush(json: Record<string, unknown>): NormalizedEvent {
  const ref = str(json, 'ref');
  if (ref === undefined) throw badRequest('the push has no "ref"');
  const split = splitRef(ref);
  if (!split) return { kind: 'ignored', reason: `ref ${ref.slice(0, 100)} is neither a branch nor a tag` };
  const after = str(json, 'after');
  const deleted = isZeroCommit(after) || json.checkout_sha === null;
  // For tags, checkout_sha is the commit the (possibly annotated) tag points to.
  const commit = deleted ? undefined : (commitId(str(json, 'checkout_sha'), 'checkout_sha') ?? commitId(after, 'after'));
  const commits = asArray(json.commits);
  // Commits come oldest first; the newest is the head.
  const head = asObject(commits.find((c) => commit !== undefined && str(c, 'id')?.toLowerCase() === commit)) ?? asObject(commits.at(-1));
  const repoUrls = strings(json, [
      ['project', 'git_http_url'],
      ['project', 'git_ssh_url'],
      ['project', 'web_url'],
      ['project', 'http_url'],
      ['project', 'ssh_url'],
      ['repository', 'git_http_url'],
      ['repository', 'git_ssh_url'],
    ['repository', 'homepage'],
  ]);
  if (repoUrls.length === 0) throw badRequest('the push names no repository URL');
  return {
    kind: 'git-push',
    repoUrls,
    repoName: str(json, 'project', 'path_with_namespace'),
    pusher: str(json, 'user_username') ?? str(json, 'user_name'),
    updates: [{ ...split, deleted, commit, messages: commitMessages(commits), headMessage: str(head, 'message') }],
  };
}

export const gitlab: GitProvider = {
  id: 'gitlab',
  detect: (h) => h['x-gitlab-event'] !== undefined,
  read(d: RawDelivery, ctx: ReadContext): ParsedDelivery {
    const event = header(d.headers, 'x-gitlab-event') ?? '';
    const deliveryId = header(d.headers, 'idempotency-key') ?? header(d.headers, 'x-gitlab-event-uuid');
    const verified = verify(d, ctx.secrets.webhook, ctx.now);
    const base = { provider: 'gitlab' as const, event, deliveryId, verified };
    const json = parsePayload(d);
    if (event !== 'Push Hook' && event !== 'Tag Push Hook') {
      return { ...base, result: { kind: 'ignored', reason: `event "${event.slice(0, 64)}" is not a push` } };
    }
    return { ...base, result: parsePush(json) };
  },
};
