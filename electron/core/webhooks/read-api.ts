/**
 * The custom API route (Rainbond-compatible): `{"secret_key": "..."}` as JSON or as a form
 * (curl's `-d '{...}'` sends JSON labelled as a form; that is accepted too), compared in
 * constant time with the component's API secret key. Optional: `tag` (image components; it
 * must pass the tag rule unless `force` is true — JSON `true` or form `true`/`1`),
 * `commit` and `branch` (git components). An `Idempotency-Key` header, when sent, makes CI
 * retries safe (a repeat is answered "duplicate").
 */
import { COMMIT_ID_RULE, isCommitId, normalizeCommitId } from '../../../shared/commit-id';
import { isValidTag } from '../../../shared/image-ref';
import { branchName } from '../../../shared/schemas/component';
import { FORM, bodyText, isJsonType, parseJsonText } from './body';
import { badRequest, unauthorized } from './hook-error';
import { asObject } from './json-read';
import type { HookSecrets, RawDelivery } from './types';
import type { ApiCallEvent, ParsedDelivery } from '../ingest/parsed-event';
import { safeEqual } from '../util/safe-equal';
import { header } from './verify';

function readFields(d: RawDelivery): Record<string, unknown> {
  const text = bodyText(d.body);
  if (d.contentType === FORM && !text.trimStart().startsWith('{')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (d.contentType !== FORM && !isJsonType(d.contentType)) throw badRequest(`unsupported content type "${d.contentType.slice(0, 80)}"`);
  const json = asObject(parseJsonText(text));
  if (!json) throw badRequest('the body is not a JSON object');
  return json;
}

function optionalString(fields: Record<string, unknown>, name: string): string | undefined {
  const v = fields[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw badRequest(`"${name}" must be a string`);
  return v;
}

function readForce(fields: Record<string, unknown>): boolean {
  const v = fields.force;
  if (v === undefined || v === null || v === false || v === '' || v === 'false' || v === '0') return false;
  if (v === true || v === 'true' || v === '1') return true;
  throw badRequest('"force" must be true or false');
}

export function readApi(d: RawDelivery, secrets: HookSecrets, sourceType: 'git' | 'image'): ParsedDelivery {
  const fields = readFields(d);
  const key = fields.secret_key;
  if (typeof key !== 'string' || key === '') throw unauthorized('no secret_key in the body');
  if (secrets.apiKey === undefined) throw unauthorized('the component has no API secret key set');
  if (!safeEqual(key, secrets.apiKey)) throw unauthorized('secret_key is not the API secret key');

  const tag = optionalString(fields, 'tag');
  const commit = optionalString(fields, 'commit');
  const branch = optionalString(fields, 'branch');
  const call: ApiCallEvent = { kind: 'api-call' };
  if (sourceType === 'image') {
    if (commit !== undefined || branch !== undefined) throw badRequest('"commit" and "branch" apply to components built from git; this one deploys an image');
    if (tag !== undefined && !isValidTag(tag)) throw badRequest(`"${tag.slice(0, 64)}" is not a valid Docker tag`);
    call.tag = tag;
    if (readForce(fields)) call.force = true;
  } else {
    if (tag !== undefined) throw badRequest('"tag" applies to image components; this one is built from git');
    if (commit !== undefined && !isCommitId(commit)) throw badRequest(`"commit" must be a commit id (${COMMIT_ID_RULE})`);
    if (branch !== undefined && !branchName.safeParse(branch).success) throw badRequest('"branch" is not a valid branch name');
    call.commit = commit === undefined ? undefined : normalizeCommitId(commit);
    call.branch = branch;
  }
  return { provider: 'api', event: 'api', deliveryId: header(d.headers, 'idempotency-key'), verified: true, result: call };
}
