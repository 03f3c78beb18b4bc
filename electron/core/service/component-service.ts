/** Components: create, read, change, remove; their secrets and webhook URLs. */
import { ApiError } from '../../../shared/api';
import type { DeleteComponentInput, FieldIssue, SecretKind } from '../../../shared/api';
import { componentCreate, componentPatch, deploySettings } from '../../../shared/schemas/component';
import type { Component, ComponentCreate, ComponentPatch, TriggerKind } from '../../../shared/schemas/component';
import type { ComponentWebhooks, WebhookUrl } from '../../../shared/schemas/status';
import type { EventBus } from '../events';
import type { DeployScheduler } from '../ports';
import type { StoredComponent, StoredSecrets } from '../store/document';
import type { SecretSealer } from '../store/sealer';
import { newHookId, newId, newSecret, revealStored } from '../store/secrets';
import { retire, sealedOf } from '../store/retired';
import type { Store } from '../store/store';
import { toComponentView } from './component-view';
import { checkOwnPorts, checkUniqueName, normalizeDeploySettings, resolveTriggers } from './component-rules';
import { parseOrThrow, validationError } from './validation';

export interface UrlBases {
  local: string;
  /** Tunnel URL when online. */
  public?: string;
}

export class ComponentService {
  constructor(
    private readonly store: Store,
    private readonly sealer: SecretSealer,
    private readonly events: EventBus,
    private readonly scheduler: Pick<DeployScheduler, 'removeComponentResources'>,
    /** The app's own listening ports, which no component may publish. */
    private readonly ownPorts: () => number[] = () => [],
  ) {}

  list(): Component[] {
    return this.store.data.components.map(toComponentView);
  }

  get(id: string): Component {
    return toComponentView(this.find(id));
  }

  find(id: string): StoredComponent {
    const c = this.store.data.components.find((x) => x.id === id);
    if (!c) throw new ApiError('not_found', `No component with id "${id}"`);
    return c;
  }

  async create(input: ComponentCreate): Promise<Component> {
    const parsed = parseOrThrow(componentCreate, input, 'component');
    const issues: FieldIssue[] = [];
    checkUniqueName(parsed.name, this.store.data.components, undefined, issues);
    checkOwnPorts(parsed.deploy.ports, this.ownPorts(), issues);
    const triggers = resolveTriggers(parsed.source, {}, parsed.triggers, issues);
    if (issues.length) throw validationError(issues, 'component');
    const now = new Date().toISOString();
    const secrets: StoredSecrets = {
      api: this.sealer.seal(parsed.secretKey ?? newSecret()),
      // git sources always have a webhook secret; image sources only when given (GHCR HMAC, registry auth header)
      ...(parsed.source.type === 'git' || parsed.secret ? { git: this.sealer.seal(parsed.secret ?? newSecret()) } : {}),
      ...(parsed.gitToken ? { gitToken: this.sealer.seal(parsed.gitToken) } : {}),
      ...(parsed.registryPassword ? { registryPassword: this.sealer.seal(parsed.registryPassword) } : {}),
    };
    const component: StoredComponent = {
      id: newId('c'),
      name: parsed.name,
      autoBuild: parsed.autoBuild,
      source: parsed.source,
      triggers,
      deploy: normalizeDeploySettings(parsed.deploy),
      hookId: newHookId(),
      secrets,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.update((doc) => {
      doc.components.push(component);
    });
    this.events.emit({ type: 'components-changed', componentId: component.id });
    return toComponentView(component);
  }

  async update(id: string, patch: ComponentPatch): Promise<Component> {
    const current = this.find(id);
    const parsed = parseOrThrow(componentPatch, patch, 'component');
    const issues: FieldIssue[] = [];
    const name = parsed.name ?? current.name;
    checkUniqueName(name, this.store.data.components, id, issues);
    const source = parsed.source ?? current.source;
    const triggers = resolveTriggers(source, current.triggers, parsed.triggers, issues);
    const deployResult = deploySettings.safeParse({ ...current.deploy, ...parsed.deploy });
    if (!deployResult.success) {
      for (const i of deployResult.error.issues) issues.push({ path: ['deploy', ...i.path].join('.'), message: i.message });
    } else if (parsed.deploy?.ports) {
      checkOwnPorts(deployResult.data.ports, this.ownPorts(), issues);
    }
    if (issues.length || !deployResult.success) throw validationError(issues, 'component');
    const sealed: Partial<StoredSecrets> = {};
    if (parsed.secret) sealed.git = this.sealer.seal(parsed.secret);
    if (parsed.secretKey) sealed.api = this.sealer.seal(parsed.secretKey);
    if (parsed.gitToken) sealed.gitToken = this.sealer.seal(parsed.gitToken);
    if (parsed.registryPassword) sealed.registryPassword = this.sealer.seal(parsed.registryPassword);
    // what the change replaces is retired first (a restore of an older copy must not revive it)
    await retire(this.store.dataDir, { sealed: (Object.keys(sealed) as (keyof StoredSecrets)[]).map((k) => current.secrets[k]) });
    const updated = await this.store.update(() => {
      const c = this.find(id);
      c.name = name;
      c.autoBuild = parsed.autoBuild ?? c.autoBuild;
      c.source = source;
      c.triggers = triggers;
      c.deploy = normalizeDeploySettings(deployResult.data);
      c.secrets = { ...c.secrets, ...sealed };
      // a git source always has a webhook secret
      if (source.type === 'git' && !c.secrets.git) c.secrets.git = this.sealer.seal(newSecret());
      c.updatedAt = new Date().toISOString();
      return c;
    });
    this.events.emit({ type: 'components-changed', componentId: id });
    return toComponentView(updated);
  }

  async remove(id: string, input: DeleteComponentInput = {}): Promise<{ removedContainer: boolean }> {
    const gone = this.find(id);
    const removedContainer = await this.scheduler.removeComponentResources(id, input.removeContainer === true);
    await retire(this.store.dataDir, { hookIds: [gone.hookId], sealed: sealedOf(gone.secrets) });
    await this.store.update((doc) => {
      doc.components = doc.components.filter((c) => c.id !== id);
    });
    this.events.emit({ type: 'components-changed', componentId: id });
    return { removedContainer };
  }

  reveal(id: string, kind: SecretKind): { value: string } {
    const c = this.find(id);
    if (kind === 'hook') return { value: c.hookId };
    const value = revealStored(this.sealer, c, kind);
    if (value === undefined) throw new ApiError('not_found', `Component "${c.name}" has no ${kind} secret`);
    return { value };
  }

  async regenerate(id: string, kind: SecretKind): Promise<{ value: string }> {
    const before = this.find(id);
    const value = kind === 'hook' ? newHookId() : newSecret();
    await retire(this.store.dataDir, kind === 'hook' ? { hookIds: [before.hookId] } : { sealed: [before.secrets[kind]] });
    await this.store.update(() => {
      const c = this.find(id);
      if (kind === 'hook') c.hookId = value;
      else c.secrets[kind] = this.sealer.seal(value);
      c.updatedAt = new Date().toISOString();
    });
    this.events.emit({ type: 'components-changed', componentId: id });
    return { value };
  }

  webhooks(id: string, bases: UrlBases): ComponentWebhooks {
    const c = this.find(id);
    const kinds: TriggerKind[] = ['git', 'image', 'api'];
    const hooks: WebhookUrl[] = kinds
      .filter((k) => c.triggers[k]?.enabled)
      .map((trigger) => {
        const path = `/hooks/${c.hookId}/${trigger}`;
        const localUrl = bases.local + path;
        const publicUrl = bases.public ? bases.public.replace(/\/$/, '') + path : undefined;
        return { trigger, url: publicUrl ?? localUrl, localUrl, publicUrl, base: publicUrl ? 'tunnel' : 'local' };
      });
    return { componentId: id, hooks };
  }
}
