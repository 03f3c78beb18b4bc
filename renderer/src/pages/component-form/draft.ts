/**
 * The component form's editable state (strings, as inputs hold them) and its conversion to the
 * API's `ComponentCreate` / `ComponentPatch`, validated by the engine's own zod schemas.
 */
import '../../lib/zod-setup';
import { componentCreate, componentPatch } from '../../../../shared/schemas/component';
import type { Component, ComponentCreate, ComponentPatch } from '../../../../shared/schemas/component';
import type { FieldIssue } from '../../../../shared/api';
import { issuesFromZod } from '../../lib/field-issues';
import { joinWords, splitWords } from '../../lib/shell-words';

export type RestartPolicy = 'no' | 'always' | 'unless-stopped' | 'on-failure';
/** deploy.zeroDowntime: unset, true, false. */
export type ZeroDowntimeChoice = 'auto' | 'on' | 'off';

let nextKey = 1;
/** Stable React keys for editable rows (a row keeps its key while its text changes). */
export const rowKey = (): number => nextKey++;

export interface ListRow {
  key: number;
  value: string;
}
export interface EnvRow {
  key: number;
  name: string;
  value: string;
  secret: boolean;
}

export interface ComponentDraft {
  name: string;
  autoBuild: boolean;
  sourceType: 'image' | 'git';
  image: string;
  registryUsername: string;
  /** Write-only; empty keeps the stored one. */
  registryPassword: string;
  repo: string;
  branch: string;
  dockerfile: string;
  context: string;
  gitUsername: string;
  /** Write-only; empty keeps the stored one. */
  gitToken: string;
  buildArgs: EnvRow[];
  /** Which triggers a new component starts with (edited later in the triggers panel). */
  triggers: { git: boolean; image: boolean; api: boolean };
  target: 'container' | 'swarm';
  replicas: string;
  ports: ListRow[];
  env: EnvRow[];
  volumes: ListRow[];
  restart: RestartPolicy;
  command: string;
  network: string;
  healthTimeout: string;
  stableSeconds: string;
  probe: boolean;
  probeUrl: string;
  probeStatus: string;
  probeTimeout: string;
  keepImages: string;
  adoptContainer: string;
  zeroDowntime: ZeroDowntimeChoice;
}

export function emptyDraft(): ComponentDraft {
  return {
    name: '',
    autoBuild: true,
    sourceType: 'image',
    image: '',
    registryUsername: '',
    registryPassword: '',
    repo: '',
    branch: 'main',
    dockerfile: 'Dockerfile',
    context: '.',
    gitUsername: '',
    gitToken: '',
    buildArgs: [],
    // as the README says: a new component gets its source's trigger and the custom API
    triggers: { git: true, image: true, api: true },
    target: 'container',
    replicas: '1',
    ports: [],
    env: [],
    volumes: [],
    restart: 'unless-stopped',
    command: '',
    network: '',
    healthTimeout: '60',
    stableSeconds: '3',
    probe: false,
    probeUrl: '/',
    probeStatus: '200',
    probeTimeout: '30',
    keepImages: '3',
    adoptContainer: '',
    zeroDowntime: 'auto',
  };
}

export function draftFromComponent(c: Component): ComponentDraft {
  const d = c.deploy;
  const secret = new Set(d.secretEnv);
  const base = emptyDraft();
  return {
    ...base,
    name: c.name,
    autoBuild: c.autoBuild,
    sourceType: c.source.type,
    ...(c.source.type === 'image'
      ? { image: c.source.image, registryUsername: c.source.registryUsername ?? '' }
      : {
          repo: c.source.repo,
          branch: c.source.branch,
          dockerfile: c.source.dockerfile,
          context: c.source.context,
          gitUsername: c.source.username ?? '',
          buildArgs: Object.entries(c.source.buildArgs).map(([name, value]) => ({ key: rowKey(), name, value, secret: false })),
        }),
    triggers: { git: !!c.triggers.git?.enabled, image: !!c.triggers.image?.enabled, api: !!c.triggers.api?.enabled },
    target: d.target,
    replicas: String(d.replicas),
    ports: d.ports.map((value) => ({ key: rowKey(), value })),
    env: Object.entries(d.env).map(([name, value]) => ({ key: rowKey(), name, value, secret: secret.has(name) })),
    volumes: d.volumes.map((value) => ({ key: rowKey(), value })),
    restart: d.restart,
    command: d.command ? joinWords(d.command) : '',
    network: d.network ?? '',
    healthTimeout: String(d.healthcheck.timeoutSeconds),
    stableSeconds: String(d.healthcheck.stableSeconds),
    probe: !!d.healthcheck.http,
    probeUrl: d.healthcheck.http?.url ?? base.probeUrl,
    probeStatus: String(d.healthcheck.http?.expectStatus ?? base.probeStatus),
    probeTimeout: String(d.healthcheck.http?.timeoutSeconds ?? base.probeTimeout),
    keepImages: String(d.keepImages),
    adoptContainer: d.adoptContainer ?? '',
    zeroDowntime: d.zeroDowntime == null ? 'auto' : d.zeroDowntime ? 'on' : 'off',
  };
}

/** A number input's text: empty = not given, not-a-number stays text so the schema says so. */
function num(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

const nonBlank = (rows: readonly ListRow[]): string[] => rows.map((r) => r.value.trim()).filter((v) => v !== '');
const optional = (text: string): string | undefined => (text.trim() === '' ? undefined : text.trim());

function keyValues(rows: readonly EnvRow[], path: string, issues: FieldIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of rows) {
    const name = row.name.trim();
    if (name === '' && row.value === '') continue;
    if (name === '') issues.push({ path: `${path}.`, message: 'name required' });
    else if (name in out) issues.push({ path: `${path}.${name}`, message: `"${name}" is set twice` });
    else out[name] = row.value;
  }
  return out;
}

interface Built {
  value: Record<string, unknown>;
  issues: FieldIssue[];
}

/** The shared parts of create and patch. `editing` sends explicit "cleared" values. */
function build(draft: ComponentDraft, editing: Component | undefined): Built {
  const issues: FieldIssue[] = [];
  const source =
    draft.sourceType === 'image'
      ? { type: 'image', image: draft.image.trim(), registryUsername: optional(draft.registryUsername) }
      : {
          type: 'git',
          repo: draft.repo.trim(),
          branch: optional(draft.branch),
          dockerfile: optional(draft.dockerfile),
          context: optional(draft.context),
          buildArgs: keyValues(draft.buildArgs, 'source.buildArgs', issues),
          username: optional(draft.gitUsername),
        };
  let command: string[] | undefined;
  try {
    const words = splitWords(draft.command);
    // An empty list tells the engine "use the image's command" when one was set before.
    command = words.length > 0 ? words : editing?.deploy.command ? [] : undefined;
  } catch (err) {
    issues.push({ path: 'deploy.command', message: err instanceof Error ? err.message : String(err) });
  }
  const env = keyValues(draft.env, 'deploy.env', issues);
  const clearable = (text: string, before: string | undefined): string | undefined =>
    optional(text) ?? (editing && before ? '' : undefined);
  const deploy = {
    target: draft.target,
    replicas: draft.target === 'swarm' ? num(draft.replicas) : undefined,
    ports: nonBlank(draft.ports),
    env,
    secretEnv: draft.env.filter((r) => r.secret && r.name.trim() in env).map((r) => r.name.trim()),
    volumes: nonBlank(draft.volumes),
    restart: draft.restart,
    command,
    network: clearable(draft.network, editing?.deploy.network),
    healthcheck: {
      timeoutSeconds: num(draft.healthTimeout),
      stableSeconds: num(draft.stableSeconds),
      http: draft.probe
        ? { url: draft.probeUrl.trim(), expectStatus: num(draft.probeStatus), timeoutSeconds: num(draft.probeTimeout) }
        : undefined,
    },
    keepImages: num(draft.keepImages),
    adoptContainer: clearable(draft.adoptContainer, editing?.deploy.adoptContainer),
    // automatic is unset (null takes a stored choice back), so it follows the default
    zeroDowntime: draft.zeroDowntime === 'on' ? true : draft.zeroDowntime === 'off' ? false : editing?.deploy.zeroDowntime != null ? null : undefined,
  };
  const value: Record<string, unknown> = { name: draft.name.trim(), autoBuild: draft.autoBuild, source, deploy };
  if (draft.sourceType === 'image' && draft.registryPassword !== '') value.registryPassword = draft.registryPassword;
  if (draft.sourceType === 'git' && draft.gitToken !== '') value.gitToken = draft.gitToken;
  return { value: stripUndefined(value), issues };
}

function stripUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripUndefined) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, stripUndefined(v)]),
    ) as T;
  }
  return value;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

export function validateCreate(draft: ComponentDraft): Validated<ComponentCreate> {
  const { value, issues } = build(draft, undefined);
  const wanted = draft.sourceType === 'image' ? (['image', 'api'] as const) : (['git', 'api'] as const);
  value.triggers = Object.fromEntries(wanted.filter((k) => draft.triggers[k]).map((k) => [k, { enabled: true }]));
  const parsed = componentCreate.safeParse(value);
  const all = [...issues, ...(parsed.success ? [] : issuesFromZod(parsed.error))];
  // Send what the user typed (not the parsed value with defaults filled in): the engine applies its own.
  return all.length === 0 ? { ok: true, value: value as ComponentCreate } : { ok: false, issues: all };
}

export function validatePatch(draft: ComponentDraft, editing: Component): Validated<ComponentPatch> {
  const { value, issues } = build(draft, editing);
  const parsed = componentPatch.safeParse(value);
  const all = [...issues, ...(parsed.success ? [] : issuesFromZod(parsed.error))];
  return all.length === 0 ? { ok: true, value } : { ok: false, issues: all };
}
