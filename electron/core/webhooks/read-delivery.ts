/**
 * The reading half of a delivery: unseal the component's secrets, let the trigger's route
 * (git, image, api) detect the provider, verify and parse. A refusal is a `HookError`, turned
 * into an answer here; a parsed delivery goes on to the ingest stage.
 */
import type { TriggerKind } from '../../../shared/schemas/component';
import type { DeliveryFields, HookAnswer } from '../ingest/pipeline';
import type { ParsedDelivery } from '../ingest/parsed-event';
import type { StoredComponent } from '../store/document';
import { HookError } from './hook-error';
import { readApi } from './read-api';
import { readGit } from './read-git';
import { readImage } from './read-image';
import type { SecretCache } from './secret-cache';
import type { HookSecrets, RawDelivery } from './types';

export function errorAnswer(err: HookError, record: Omit<DeliveryFields, 'outcome' | 'status' | 'reason' | 'verified'>): HookAnswer {
  return {
    status: err.status,
    body: { error: { code: err.code, message: err.message } },
    record: { ...record, provider: err.provider ?? record.provider, verified: false, outcome: 'rejected', status: err.status, reason: err.detail ?? err.message },
  };
}

function secretsFor(cache: SecretCache, component: StoredComponent, kind: TriggerKind): HookSecrets {
  try {
    return {
      webhook: kind === 'api' ? undefined : cache.reveal(component, 'git'),
      apiKey: kind === 'git' ? undefined : cache.reveal(component, 'api'),
    };
  } catch {
    throw new HookError(503, 'unavailable', 'the receiver cannot check this request now', 'the component secrets could not be unsealed (was the key changed?)');
  }
}

/** Verify and parse one request for one component's trigger; throws `HookError` on refusal. */
export function readDelivery(cache: SecretCache, component: StoredComponent, kind: TriggerKind, raw: RawDelivery, now: number): ParsedDelivery {
  const ctx = { secrets: secretsFor(cache, component, kind), now, allowUnsigned: component.triggers.image?.allowUnsigned ?? false };
  return kind === 'git' ? readGit(raw, ctx) : kind === 'image' ? readImage(raw, ctx) : readApi(raw, ctx.secrets, component.source.type);
}
