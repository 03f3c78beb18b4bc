/**
 * Rules that tie a component's parts together: which triggers a source type allows, their
 * defaults, and the checks zod can't express field by field (unique names).
 */
import type { FieldIssue } from '../../../shared/api';
import {
  apiTrigger,
  gitTrigger,
  imageTrigger,
} from '../../../shared/schemas/component';
import type { ComponentSource } from '../../../shared/schemas/component';
import type { StoredComponent } from '../store/document';

type Triggers = StoredComponent['triggers'];
type TriggerInput = {
  git?: Partial<NonNullable<Triggers['git']>>;
  image?: Partial<NonNullable<Triggers['image']>>;
  api?: Partial<NonNullable<Triggers['api']>>;
};

/**
 * Merge requested trigger settings over the current ones for a source type: the git trigger
 * exists only for git sources, the image trigger only for image sources, the API trigger for both.
 */
export function resolveTriggers(
  source: ComponentSource,
  current: Triggers,
  requested: TriggerInput | undefined,
  issues: FieldIssue[],
): Triggers {
  const wrongKind = source.type === 'git' ? 'image' : 'git';
  if (requested?.[wrongKind] !== undefined) {
    issues.push({ path: `triggers.${wrongKind}`, message: `a ${source.type} source has no ${wrongKind} trigger` });
  }
  const out: Triggers = { api: apiTrigger.parse({ ...current.api, ...requested?.api }) };
  if (source.type === 'git') out.git = gitTrigger.parse({ ...current.git, ...requested?.git });
  else out.image = imageTrigger.parse({ ...current.image, ...requested?.image });
  return out;
}

export function checkUniqueName(name: string, components: StoredComponent[], selfId: string | undefined, issues: FieldIssue[]): void {
  if (components.some((c) => c.name === name && c.id !== selfId)) {
    issues.push({ path: 'name', message: `a component named "${name}" already exists` });
  }
}

/** Empty values mean "not set": a cleared form field must not reach Docker as `""` or `[]`. */
export function normalizeDeploySettings<T extends { command?: string[]; network?: string; adoptContainer?: string }>(d: T): T {
  const out = { ...d };
  if (out.command?.length === 0) delete out.command;
  if (out.network?.trim() === '') delete out.network;
  if (out.adoptContainer?.trim() === '') delete out.adoptContainer;
  return out;
}
