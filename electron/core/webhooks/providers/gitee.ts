/**
 * Gitee (docs/webhooks.md, "Gitee"). `X-Gitee-Token` is either the password itself or, with
 * `X-Gitee-Timestamp`, base64(HMAC-SHA256(secret, timestamp + "\n" + secret)) — sent plain or
 * URL-encoded, so both are accepted. That signature does not cover the body; the timestamp
 * window keeps a captured token from being replayed for long.
 */
import { unauthorized } from '../hook-error';
import { parsePayload } from '../body';
import { safeEqual } from '../../util/safe-equal';
import { header, hmacSha256 } from '../verify';
import type { RawDelivery } from '../types';
import type { ParsedDelivery } from '../../ingest/parsed-event';
import type { GitProvider, ReadContext } from './provider';
import { REPOSITORY_URLS, githubStylePush } from './push-common';

/** Gitee allows an hour; a tighter window is safer and still tolerates clock drift. */
const GITEE_SKEW_MS = 15 * 60 * 1000;

export function giteeSignature(secret: string, timestamp: string): string {
  return hmacSha256(secret, `${timestamp}\n${secret}`).toString('base64');
}

function verify(d: RawDelivery, secret: string | undefined, now: number): boolean {
  if (secret === undefined) return false;
  const token = header(d.headers, 'x-gitee-token');
  if (token === undefined || token === '') throw unauthorized('no X-Gitee-Token header, but the component has a webhook secret');
  const timestamp = header(d.headers, 'x-gitee-timestamp');
  // Both modes are checked (constant time each), so timing does not tell which one is in use.
  const passwordOk = safeEqual(token, secret);
  let signatureOk = false;
  let stale = false;
  if (timestamp !== undefined && /^\d{10,16}$/.test(timestamp)) {
    let decoded: string;
    try {
      decoded = token.includes('%') ? decodeURIComponent(token) : token;
    } catch {
      decoded = token; // not valid percent-encoding: compare as sent (and fail)
    }
    const matches = safeEqual(decoded, giteeSignature(secret, timestamp));
    const inWindow = Math.abs(now - Number(timestamp)) <= GITEE_SKEW_MS;
    signatureOk = matches && inWindow;
    stale = matches && !inWindow;
  }
  if (passwordOk || signatureOk) return true;
  throw unauthorized(
    stale
      ? 'X-Gitee-Timestamp is outside the allowed window (a replay, or the clocks differ)'
      : 'X-Gitee-Token matches neither the password nor the signature of the webhook secret',
  );
}

export const gitee: GitProvider = {
  id: 'gitee',
  detect: (h) => h['x-gitee-event'] !== undefined || h['x-git-oschina-event'] !== undefined,
  read(d: RawDelivery, ctx: ReadContext): ParsedDelivery {
    const event = header(d.headers, 'x-gitee-event') ?? header(d.headers, 'x-git-oschina-event') ?? '';
    const verified = verify(d, ctx.secrets.webhook, ctx.now);
    const base = { provider: 'gitee' as const, event, verified };
    const json = parsePayload(d);
    if (header(d.headers, 'x-gitee-ping') === 'true') return { ...base, result: { kind: 'ignored', reason: 'ping' } };
    if (event !== 'Push Hook' && event !== 'Tag Push Hook') {
      return { ...base, result: { kind: 'ignored', reason: `event "${event.slice(0, 64)}" is not a push` } };
    }
    return {
      ...base,
      result: githubStylePush(json, {
        urlPaths: [...REPOSITORY_URLS, ['project', 'git_http_url'], ['project', 'git_ssh_url']],
        pusherPaths: [['pusher', 'username'], ['pusher', 'name'], ['user_name'], ['sender', 'login']],
      }),
    };
  },
};
