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
export function normalizeDeploySettings<T extends { command?: string[]; network?: string; adoptContainer?: string; zeroDowntime?: boolean | null }>(d: T): T {
  const out = { ...d };
  if (out.zeroDowntime === null) delete out.zeroDowntime;
  if (out.command?.length === 0) delete out.command;
  if (out.network?.trim() === '') delete out.network;
  if (out.adoptContainer?.trim() === '') delete out.adoptContainer;
  return out;
}

/**
 * A host port equal to one of the app's own (webhook listener, control API) would make the
 * container's start fail, or worse take the port over after a restart: refuse it up front.
 */
export function checkOwnPorts(ports: readonly string[], ownPorts: readonly number[], issues: FieldIssue[]): void {
  ports.forEach((mapping, i) => {
    const host = /^(?:(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(\d{1,5}):\d{1,5}(?:\/(?:tcp|udp))?$/.exec(mapping)?.[1];
    if (host !== undefined && ownPorts.includes(Number(host))) {
      issues.push({ path: `deploy.ports.${i}`, message: `host port ${host} is Auto Deploy's own (webhook listener or control API); choose another` });
    }
  });
}
