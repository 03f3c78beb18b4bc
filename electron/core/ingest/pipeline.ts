/**
 * The ingest stage: one verified, parsed delivery for one component → gates (global
 * auto-deploy, component auto-build) → duplicate check → match → deploy request → image tag
 * update. `webhooks/` reads the request and calls this; nothing here imports `webhooks/`.
 * Everything the HTTP layer needs to answer and to log comes back as data.
 */
import { ApiError } from '../../../shared/api';
import { TEXT_LIMITS, cleanOptional } from '../../../shared/clean-text';
import type { Delivery } from '../../../shared/schemas/delivery';
import type { TriggerKind } from '../../../shared/schemas/component';
import { isFinal } from '../../../shared/schemas/deploy';
import type { DeployTarget, DeployTrigger } from '../../../shared/schemas/deploy';
import type { EventBus } from '../events';
import type { DeployScheduler } from '../ports';
import type { StoredComponent } from '../store/document';
import type { Store } from '../store/store';
import { matchApiCall } from './match/api-match';
import { matchGitPush } from './match/git-match';
import { matchImagePushes } from './match/image-match';
import type { MatchOutcome } from './match/outcome';
import { DeliveryDedup, cleanDeliveryId } from './dedup';
import type { NormalizedEvent, ParsedDelivery } from './parsed-event';

export interface PipelineDeps {
  store: Store;
  scheduler: Pick<DeployScheduler, 'request'>;
  events: EventBus;
  dedup: DeliveryDedup;
  clock: () => number;
  onError: (err: unknown) => void;
}

/** The delivery-log fields an answer determines (the HTTP layer adds id, time, address). */
export type DeliveryFields = Omit<Delivery, 'id' | 'receivedAt' | 'remoteAddress'>;

export interface HookAnswer {
  status: number;
  body: Record<string, unknown>;
  record: DeliveryFields;
}

function match(component: StoredComponent, result: Exclude<NormalizedEvent, { kind: 'ignored' }>): MatchOutcome {
  switch (result.kind) {
    case 'git-push':
      return matchGitPush(component, result);
    case 'image-push':
      return matchImagePushes(component, result.pushes, result.skipped);
    case 'api-call':
      return matchApiCall(component, result);
  }
}

/**
 * A deploy of this component, not finished yet, that asks for the same commit or image digest:
 * a webhook and a catch-up check (or two pushes) finding one version make one deploy.
 */
function sameVersionActive(store: Store, componentId: string, target: DeployTarget): string | undefined {
  if (target.commit === undefined && target.digest === undefined) return undefined;
  const same = store.data.deploys.find(
    (d) =>
      d.componentId === componentId &&
      !isFinal(d.state) &&
      ((target.commit !== undefined && d.target.commit === target.commit) || (target.digest !== undefined && d.target.digest === target.digest)),
  );
  return same?.id;
}

/** `deployKind`: the deploy's trigger kind when it is not the delivery's (`catch-up`). */
export async function processDelivery(
  deps: PipelineDeps,
  component: StoredComponent,
  kind: TriggerKind,
  parsed: ParsedDelivery,
  deployKind: DeployTrigger['kind'] = kind,
): Promise<HookAnswer> {
  const who = { componentId: component.id, componentName: component.name, trigger: kind };
  const record = {
    ...who,
    provider: parsed.provider,
    event: parsed.event?.slice(0, 64),
    providerDeliveryId: cleanDeliveryId(parsed.deliveryId),
    verified: parsed.verified,
  };
  const ignored = (reason: string, summary?: string): HookAnswer => ({
    status: 200,
    body: { status: 'ignored', reason },
    record: { ...record, outcome: 'ignored', status: 200, reason, summary },
  });
  const result = parsed.result;
  if (result.kind === 'ignored') return ignored(result.reason);
  if (!deps.store.data.settings.autoDeploy) return ignored('auto-deploy is paused (global switch)');
  if (!component.autoBuild) return ignored('auto-build is off for this component');

  const dedupKey = record.providerDeliveryId && DeliveryDedup.key(component.id, parsed.provider, record.providerDeliveryId);
  if (dedupKey && deps.dedup.seen(dedupKey)) {
    return {
      status: 200,
      body: { status: 'duplicate' },
      record: { ...record, outcome: 'duplicate', status: 200, reason: 'this delivery id was already queued' },
    };
  }

  const outcome = match(component, result);
  if (!outcome.deploy) return ignored(outcome.reason, outcome.summary);
  const digest = outcome.target.digest;
  const earlier = digest ? deps.dedup.recentDigest(component.id, digest) : undefined;
  if (earlier) return ignored(`the same image (${digest?.slice(0, 19)}...) was just requested by deploy ${earlier}`, outcome.summary);
  const active = sameVersionActive(deps.store, component.id, outcome.target);
  if (active) return ignored(`deploy ${active} already asks for this version`, outcome.summary);

  if (dedupKey) deps.dedup.remember(dedupKey);
  let deployId: string;
  try {
    const pusher = outcome.trigger.pusher ?? (result.kind === 'api-call' ? undefined : result.pusher);
    // the ingest edge: what a payload says is bounded and stripped of escapes before it is stored
    const shown = {
      ref: cleanOptional(outcome.trigger.ref, TEXT_LIMITS.ref),
      message: cleanOptional(outcome.trigger.message, TEXT_LIMITS.message),
      pusher: cleanOptional(pusher, TEXT_LIMITS.pusher),
    };
    const deploy = await deps.scheduler.request({
      componentId: component.id,
      trigger: { kind: deployKind, provider: parsed.provider, deliveryId: record.providerDeliveryId, ...withoutUndefined(shown) },
      target: outcome.target,
    });
    deployId = deploy.id;
  } catch (err) {
    if (dedupKey) deps.dedup.forget(dedupKey);
    if (err instanceof ApiError && err.code === 'validation') {
      // a permanent refusal (e.g. another branch): a retry would fail the same way
      const message = err.message.slice(0, 300);
      return {
        status: 400,
        body: { error: { code: 'bad_request', message } },
        record: { ...record, outcome: 'rejected', status: 400, reason: message, summary: outcome.summary },
      };
    }
    deps.onError(err);
    const reason = `the deploy request failed: ${err instanceof Error ? err.message.slice(0, 200) : 'unknown error'}`;
    return {
      status: 503,
      body: { error: { code: 'unavailable', message: 'the deploy could not be queued; retry later' } },
      record: { ...record, outcome: 'rejected', status: 503, reason, summary: outcome.summary },
    };
  }
  if (digest) deps.dedup.rememberDigest(component.id, digest, deployId);
  return {
    status: 202,
    body: { status: 'queued', deployId },
    record: { ...record, outcome: 'queued', status: 202, reason: outcome.reason, deployId, summary: outcome.summary },
  };
}

function withoutUndefined<T extends Record<string, string | undefined>>(o: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<Record<keyof T, string>>;
}
