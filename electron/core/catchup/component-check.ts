/**
 * One catch-up check of one component: ask its source (registry or repository), and when it
 * offers a version that does not run, hand it to the ingest stage exactly as a webhook's push
 * (same gates, rules, duplicate checks, queue and delivery log), with trigger kind `catch-up`.
 * A version already judged is not handed over again (nor re-fetched), so an idle interval
 * does not fill the delivery log; "Check now" judges again.
 */
import type { CatchUpCheck, CatchUpReason } from '../../../shared/schemas/catch-up';
import type { TriggerKind } from '../../../shared/schemas/component';
import type { DeployTrigger } from '../../../shared/schemas/deploy';
import type { HookAnswer } from '../ingest/pipeline';
import type { ParsedDelivery } from '../ingest/parsed-event';
import type { StoredComponent } from '../store/document';
import { CheckError } from './check-error';
import type { Finding } from './finding';
import { checkGit } from './git-check';
import { checkImage } from './image-check';
import type { SourceAccess } from './source-access';

/** The part of the ingest stage a check uses (IngestStage implements it). */
export interface CatchUpIngest {
  process(component: StoredComponent, kind: TriggerKind, parsed: ParsedDelivery, deployKind?: DeployTrigger['kind']): Promise<HookAnswer>;
  record(fields: HookAnswer['record'], remoteAddress: string, receivedAt: number): void;
}

export interface CheckContext {
  access: SourceAccess;
  ingest: CatchUpIngest;
  /** Folder for the git cache repositories. */
  gitCacheRoot: string;
  clock: () => number;
}

/** What was judged last per component: the version key and the check that judged it. */
export type Judged = Map<string, { key: string; check: CatchUpCheck }>;

/** Shown in the delivery log's address column: the engine asked, nobody sent. */
export const CATCH_UP_ADDRESS = 'catch-up';

async function find(ctx: CheckContext, component: StoredComponent, judgedKey: string | undefined): Promise<Finding> {
  if (component.source.type === 'image') {
    let access;
    try {
      access = await ctx.access.registry(component);
    } catch (err) {
      throw new CheckError(`registry: ${(err as Error).message}`);
    }
    return checkImage(component, access, judgedKey);
  }
  return checkGit(component, ctx.access.git(component), ctx.gitCacheRoot, judgedKey);
}

/** Throws CheckError when the source could not be asked (the caller backs off). */
export async function checkComponent(ctx: CheckContext, component: StoredComponent, reason: CatchUpReason, judged: Judged): Promise<CatchUpCheck> {
  const before = judged.get(component.id);
  const finding = await find(ctx, component, reason === 'manual' ? undefined : before?.key);
  const at = (): string => new Date(ctx.clock()).toISOString();
  if (finding.kind === 'up-to-date' || finding.kind === 'nothing') {
    return { at: at(), reason, outcome: finding.kind, message: finding.message, ...(finding.found ? { found: finding.found } : {}) };
  }
  if (finding.kind === 'seen' && before) {
    return { ...before.check, at: at(), reason, message: before.check.message.endsWith(' (judged before)') ? before.check.message : `${before.check.message} (judged before)` };
  }
  if (finding.kind === 'seen') throw new CheckError('internal: a judged version without a judgement');
  let check: CatchUpCheck;
  if (finding.kind === 'refused') {
    check = { at: at(), reason, outcome: 'ignored', found: finding.found, message: finding.message };
  } else {
    const answer = await ctx.ingest.process(component, finding.trigger, finding.delivery, 'catch-up');
    ctx.ingest.record(answer.record, CATCH_UP_ADDRESS, ctx.clock());
    const r = answer.record;
    if (r.outcome === 'rejected') throw new CheckError(r.reason ?? 'the deploy request failed');
    check =
      r.outcome === 'queued'
        ? { at: at(), reason, outcome: 'queued', found: finding.found, message: `${r.summary ?? finding.found} queued as deploy ${r.deployId}`, ...(r.deployId ? { deployId: r.deployId } : {}) }
        : { at: at(), reason, outcome: 'ignored', found: finding.found, message: `${r.summary ?? finding.found}: ${r.reason ?? 'ignored'}` };
  }
  judged.set(component.id, { key: finding.key, check });
  return check;
}
