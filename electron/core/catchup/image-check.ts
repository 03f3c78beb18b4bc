/**
 * The catch-up check of an image component: the registry's tag list, the newest tag the
 * component's rule accepts (version order for version tags; for an exact tag, that tag's
 * current digest), compared with what runs. About two registry requests per idle check.
 */
import { evaluateTag, tagRuleKind, tagVersion } from '../../../shared/tag-rule';
import { listRegistryTags } from '../deploy/source/registry-tags';
import { RegistryError } from '../deploy/source/registry-errors';
import { resolveTag } from '../deploy/source/registry-resolve';
import { imageTagContext } from '../ingest/match/image-match';
import type { StoredComponent } from '../store/document';
import { CheckError } from './check-error';
import type { Finding } from './finding';
import type { RegistryAccess } from './source-access';

const TIMEOUT_MS = 20_000;

/** "registry said 401: the registry ... refused ..." */
export function registryCheckError(err: unknown): CheckError {
  if (err instanceof RegistryError) {
    const said = err.http ? `registry said ${err.http.status}: ` : 'registry: ';
    return new CheckError(`${said}${err.message}`, err.http?.retryAfterMs);
  }
  return new CheckError(`registry: ${err instanceof Error ? err.message : String(err)}`);
}

/** The tag a check should look at: the highest accepted version, else the configured/running tag. */
export function pickTag(component: StoredComponent, tags: string[]): { tag: string; reason: string } | { tag?: undefined; reason: string } {
  const pattern = component.triggers.image?.tagPattern ?? '';
  const ctx = imageTagContext(component);
  const accepted = tags.filter((t) => evaluateTag(pattern, t, ctx).deploy);
  if (accepted.length === 0) return { reason: `no tag in the registry passes the tag rule${pattern ? ` ${JSON.stringify(pattern)}` : ` (tag ${JSON.stringify(ctx.configuredTag)})`}` };
  let best: { tag: string; version: NonNullable<ReturnType<typeof tagVersion>> } | undefined;
  for (const tag of accepted) {
    const version = tagVersion(tag);
    if (version && (!best || version.compare(best.version) > 0)) best = { tag, version };
  }
  if (best) return { tag: best.tag, reason: `the highest accepted version is ${best.tag}` };
  // No version order among the accepted tags: only a tag we already follow can be compared by digest.
  for (const tag of [ctx.configuredTag, ctx.currentTag]) {
    if (tag && accepted.includes(tag)) return { tag, reason: `the followed tag ${tag}` };
  }
  return { reason: `${accepted.length} tag(s) pass the rule but none is a version; the registry does not say which is newest` };
}

export async function checkImage(component: StoredComponent, access: RegistryAccess, judgedKey?: string): Promise<Finding> {
  const running = component.running;
  if (!running) return { kind: 'nothing', message: 'nothing deployed yet: the first deploy is made by hand or by a push' };
  let listed: string[];
  try {
    listed = (await listRegistryTags({ ...access, timeoutMs: TIMEOUT_MS })).tags;
  } catch (err) {
    throw registryCheckError(err);
  }
  const pick = pickTag(component, listed);
  if (pick.tag === undefined) return { kind: 'nothing', message: pick.reason };
  const tag = pick.tag;
  const runningVersion = running.tag ? tagVersion(running.tag) : null;
  const version = tagVersion(tag);
  if (version && runningVersion && version.compare(runningVersion) < 0) {
    return { kind: 'nothing', found: tag, message: `the newest accepted tag ${tag} is older than the running ${running.tag}` };
  }
  // Under a version rule, a version tag that runs already is taken as immutable (one request
  // per idle check instead of two); an exact tag is followed by its digest.
  const exact = tagRuleKind(component.triggers.image?.tagPattern ?? '') === 'exact';
  if (!exact && version && tag === running.tag) return { kind: 'up-to-date', found: tag, message: `${tag} runs; nothing newer passes the rule` };
  let digest: string;
  try {
    digest = (await resolveTag({ ...access, ref: { ...access.ref, tag }, timeoutMs: TIMEOUT_MS })).digest;
  } catch (err) {
    throw registryCheckError(err);
  }
  if (digest === running.digest) return { kind: 'up-to-date', found: tag, message: `${tag} (${digest.slice(0, 19)}...) runs` };
  const key = `${tag}@${digest}`;
  if (key === judgedKey) return { kind: 'seen', found: tag, key };
  return {
    kind: 'candidate',
    found: tag,
    key,
    trigger: 'image',
    delivery: {
      provider: 'catch-up',
      event: 'registry check',
      verified: true,
      result: { kind: 'image-push', pushes: [{ host: access.ref.domain, repository: access.ref.path, tag, digest }], skipped: [] },
    },
  };
}
