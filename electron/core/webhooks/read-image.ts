/**
 * The image route. GHCR is GitHub transport (HMAC like a GitHub hook). Other registries sign
 * nothing; Harbor and Distribution can send a static `Authorization` header configured on
 * their side. Our rule: if an Authorization header is present, it must be the component's
 * webhook secret or its API secret key, bare or as `Bearer <value>` — so a wrong header is
 * refused rather than silently ignored. Without a webhook secret the hook id in the URL is the
 * credential. With one, every delivery must authenticate: GHCR by signature, Harbor and
 * registry notifications by the header; Docker Hub, Aliyun and Quay cannot, and are accepted
 * only when the user switched `allowUnsigned` on (else anyone could send a Docker Hub-shaped
 * payload to get around the secret).
 */
import { parsePayload } from './body';
import { HookError, badRequest, unauthorized } from './hook-error';
import { IMAGE_PROVIDERS } from './providers';
import { isGhcr, readGhcr } from './providers/ghcr';
import type { ImageProviderId } from '../ingest/parsed-event';
import type { ReadContext } from './providers/provider';
import type { HookSecrets, RawDelivery } from './types';
import type { ParsedDelivery } from '../ingest/parsed-event';
import { safeEqual } from '../util/safe-equal';
import { header } from './verify';

function checkRegistryAuthorization(d: RawDelivery, secrets: HookSecrets): boolean {
  const value = header(d.headers, 'authorization');
  if (value === undefined) return false;
  const candidates = [secrets.webhook, secrets.apiKey].filter((s): s is string => s !== undefined);
  if (candidates.length === 0) {
    throw unauthorized('an Authorization header was sent, but the component has no webhook secret or API key to check it against');
  }
  const bearer = value.replace(/^Bearer\s+/i, '');
  let ok = false;
  // No early exit: every comparison runs, whichever matches.
  for (const c of candidates) {
    const plain = safeEqual(value, c);
    const asBearer = safeEqual(bearer, c);
    ok = ok || plain || asBearer;
  }
  if (!ok) throw unauthorized('the Authorization header is neither the webhook secret nor the API key');
  return true;
}

/** Senders that can be configured to send a header, so must when a webhook secret is set. */
const CAN_AUTHENTICATE: ReadonlySet<ImageProviderId> = new Set(['harbor', 'distribution']);

function requireAuthentication(provider: ImageProviderId, ctx: ReadContext): void {
  if (ctx.secrets.webhook === undefined) return;
  if (CAN_AUTHENTICATE.has(provider)) {
    throw unauthorized(
      `no Authorization header, but the component has a webhook secret: configure ${provider === 'harbor' ? "Harbor's auth header" : 'the notification endpoint header'} with it`,
    );
  }
  if (!ctx.allowUnsigned) {
    throw unauthorized(`the component has a webhook secret and ${provider} cannot sign; turn on "accept unsigned registries" to accept it on the URL alone`);
  }
}

export function readImage(d: RawDelivery, ctx: ReadContext): ParsedDelivery {
  if (isGhcr(d)) {
    try {
      return readGhcr(d, ctx);
    } catch (err) {
      if (err instanceof HookError) err.provider ??= 'ghcr';
      throw err;
    }
  }
  const json = parsePayload(d);
  const provider = IMAGE_PROVIDERS.find((p) => p.detect(d, json));
  if (!provider) {
    throw badRequest('unrecognized registry payload: expected Docker Hub, Aliyun ACR, Harbor, Docker Distribution, Quay or GHCR');
  }
  try {
    const verified = checkRegistryAuthorization(d, ctx.secrets);
    if (!verified) requireAuthentication(provider.id, ctx);
    return { ...provider.read(d, json), verified };
  } catch (err) {
    if (err instanceof HookError) err.provider ??= provider.id;
    throw err;
  }
}
