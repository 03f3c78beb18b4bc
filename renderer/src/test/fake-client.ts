/**
 * An in-memory `AutoDeployClient` for component tests: the seam between the dashboard and the
 * engine. It validates with the same zod schemas as the engine, answers with `ApiError`s like
 * the engine does, and lets a test drive events (deploy state changes, log lines).
 */
import { ApiError } from '../../../shared/api';
import type { ApiEvent, ApiMethod, AutoDeployClient, DeleteComponentInput, DeployNowInput, ListQuery, RollbackInput, SecretKind, TagList } from '../../../shared/api';
import { componentCreate, componentPatch } from '../../../shared/schemas/component';
import type { CatchUpCheck } from '../../../shared/schemas/catch-up';
import type { Component, ComponentCreate, ComponentPatch } from '../../../shared/schemas/component';
import type { Delivery } from '../../../shared/schemas/delivery';
import type { Deploy, DeployState } from '../../../shared/schemas/deploy';
import { defaultSettings, settingsPatch } from '../../../shared/schemas/settings';
import type { Settings, SettingsPatch } from '../../../shared/schemas/settings';
import type { ComponentWebhooks, Status, TunnelStatus } from '../../../shared/schemas/status';

type Call = { method: ApiMethod; args: unknown[] };

const validation = (error: { issues: readonly { path: PropertyKey[]; message: string }[] }) =>
  new ApiError(
    'validation',
    'invalid input',
    error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  );

let seq = 0;
const id = (prefix: string) => `${prefix}_${(++seq).toString(36).padStart(6, '0')}`;

export class FakeClient implements AutoDeployClient {
  readonly calls: Call[] = [];
  components = new Map<string, Component>();
  secrets = new Map<string, { git: string; api: string; hook: string }>();
  deploys: Deploy[] = [];
  logs = new Map<string, string>();
  deliveries: Delivery[] = [];
  settings: Settings = defaultSettings();
  tunnel: TunnelStatus = { state: 'off', host: 'https://localtunnel.me' };
  listenerUrl = 'http://127.0.0.1:7780';
  statusExtra: Partial<Status> = {};
  private listeners = new Set<(e: ApiEvent) => void>();
  private failures = new Map<ApiMethod, unknown>();
  private now = Date.parse('2025-01-01T10:00:00Z');

  /** The next call of `method` rejects with `error`. */
  failNext(method: ApiMethod, error: unknown): void {
    this.failures.set(method, error);
  }

  emit(event: ApiEvent): void {
    for (const l of [...this.listeners]) l(event);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  subscribe(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private tick(): string {
    this.now += 1000;
    return new Date(this.now).toISOString();
  }

  private async record<T>(method: ApiMethod, args: unknown[], fn: () => T): Promise<T> {
    this.calls.push({ method, args });
    await Promise.resolve();
    const failure = this.failures.get(method);
    if (failure !== undefined) {
      this.failures.delete(method);
      throw failure;
    }
    return structuredClone(fn());
  }

  callsOf(method: ApiMethod): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  private need(componentId: string): Component {
    const c = this.components.get(componentId);
    if (!c) throw new ApiError('not_found', `no component ${componentId}`);
    return c;
  }

  /** Add a component directly (bypassing the API), e.g. as test set-up. */
  seed(input: ComponentCreate, extra: Partial<Component> = {}): Component {
    const parsed = componentCreate.parse(input);
    const at = this.tick();
    const c: Component = {
      id: id('c'),
      name: parsed.name,
      autoBuild: parsed.autoBuild,
      source: parsed.source,
      triggers: {
        ...(parsed.triggers.git ? { git: { ...parsed.triggers.git, secretSet: true } } : {}),
        ...(parsed.triggers.image ? { image: { ...parsed.triggers.image, secretSet: !!parsed.secret } } : {}),
        ...(parsed.triggers.api ? { api: { ...parsed.triggers.api, secretKeySet: true } } : {}),
      },
      deploy: parsed.deploy,
      credentialsSet: !!(parsed.gitToken ?? parsed.registryPassword),
      createdAt: at,
      updatedAt: at,
      ...extra,
    };
    this.components.set(c.id, c);
    this.secrets.set(c.id, { git: parsed.secret ?? `gitsecret-${c.id}`, api: parsed.secretKey ?? `apikey-${c.id}`, hook: `hook${c.id}` });
    return c;
  }

  /** Add a deploy record directly; emits a `deploy` event like the engine. */
  addDeploy(componentId: string, fields: Partial<Deploy> = {}): Deploy {
    const c = this.need(componentId);
    const d: Deploy = {
      id: id('d'),
      componentId,
      componentName: c.name,
      state: 'queued',
      trigger: { kind: 'manual' },
      target: {},
      createdAt: this.tick(),
      ...fields,
    };
    this.deploys.unshift(d);
    this.logs.set(d.id, this.logs.get(d.id) ?? '');
    this.emit({ type: 'deploy', deploy: structuredClone(d) });
    return d;
  }

  setDeployState(deployId: string, state: DeployState, reason?: string): Deploy {
    const d = this.deploys.find((x) => x.id === deployId);
    if (!d) throw new Error(`no deploy ${deployId}`);
    d.state = state;
    if (reason) d.reason = reason;
    if (state !== 'queued' && !d.startedAt) d.startedAt = this.tick();
    if (['succeeded', 'failed', 'rolled-back', 'cancelled', 'superseded'].includes(state)) d.finishedAt = this.tick();
    this.emit({ type: 'deploy', deploy: structuredClone(d) });
    return d;
  }

  /** Append a log line and stream it, as the deploy engine does. */
  log(deployId: string, line: string): void {
    const d = this.deploys.find((x) => x.id === deployId);
    this.logs.set(deployId, `${this.logs.get(deployId) ?? ''}${line}\n`);
    this.emit({ type: 'deploy-log', deployId, componentId: d?.componentId ?? '', line });
  }

  getStatus(): Promise<Status> {
    return this.record('getStatus', [], () => ({
      version: '0.1.0',
      autoDeploy: this.settings.autoDeploy,
      listenerUrl: this.listenerUrl,
      tunnel: this.tunnel,
      docker: { ok: true, engine: 'Docker Engine', version: '20.10.24', apiVersion: '1.41', swarm: false },
      runningJobs: [],
      warnings: [],
      secretsBackend: 'file' as const,
      dataDir: '/tmp/autodeploy',
      catchUp: this.catchUpStatus(),
      ...this.statusExtra,
    }));
  }

  listComponents(): Promise<Component[]> {
    return this.record('listComponents', [], () => [...this.components.values()]);
  }

  getComponent(componentId: string): Promise<Component> {
    return this.record('getComponent', [componentId], () => this.need(componentId));
  }

  createComponent(input: ComponentCreate): Promise<Component> {
    return this.record('createComponent', [input], () => {
      const parsed = componentCreate.safeParse(input);
      if (!parsed.success) throw validation(parsed.error);
      if ([...this.components.values()].some((c) => c.name === input.name))
        throw new ApiError('conflict', `a component named "${input.name}" exists`, [{ path: 'name', message: 'already used by another component' }]);
      const c = this.seed(input);
      this.emit({ type: 'components-changed', componentId: c.id });
      return c;
    });
  }

  updateComponent(componentId: string, patch: ComponentPatch): Promise<Component> {
    return this.record('updateComponent', [componentId, patch], () => {
      const c = this.need(componentId);
      const parsed = componentPatch.safeParse(patch);
      if (!parsed.success) throw validation(parsed.error);
      const p = parsed.data;
      const next: Component = {
        ...c,
        ...(p.name !== undefined ? { name: p.name } : {}),
        ...(p.autoBuild !== undefined ? { autoBuild: p.autoBuild } : {}),
        ...(p.source ? { source: p.source } : {}),
        deploy: { ...c.deploy, ...(p.deploy ?? {}) },
        triggers: {
          git: p.triggers?.git || c.triggers.git ? { enabled: true, keyword: 'deploy', secretSet: true, ...c.triggers.git, ...p.triggers?.git } : undefined,
          image: p.triggers?.image || c.triggers.image ? { enabled: true, tagPattern: '', noDowngrade: false, secretSet: false, ...c.triggers.image, ...p.triggers?.image } : undefined,
          api: p.triggers?.api || c.triggers.api ? { enabled: true, secretKeySet: true, ...c.triggers.api, ...p.triggers?.api } : undefined,
        },
        updatedAt: this.tick(),
      };
      this.components.set(componentId, next);
      this.emit({ type: 'components-changed', componentId });
      return next;
    });
  }

  deleteComponent(componentId: string, input?: DeleteComponentInput): Promise<{ removedContainer: boolean }> {
    return this.record('deleteComponent', [componentId, input], () => {
      this.need(componentId);
      this.components.delete(componentId);
      this.emit({ type: 'components-changed', componentId });
      return { removedContainer: !!input?.removeContainer };
    });
  }

  getWebhooks(componentId: string): Promise<ComponentWebhooks> {
    return this.record('getWebhooks', [componentId], () => {
      const c = this.need(componentId);
      const hook = this.secrets.get(componentId)?.hook ?? 'hook';
      const hooks = (['git', 'image', 'api'] as const)
        .filter((t) => c.triggers[t]?.enabled)
        .map((trigger) => {
          const localUrl = `${this.listenerUrl}/hooks/${hook}/${trigger}`;
          const publicUrl = this.tunnel.url ? `${this.tunnel.url}/hooks/${hook}/${trigger}` : undefined;
          return { trigger, url: publicUrl ?? localUrl, localUrl, publicUrl, base: publicUrl ? ('tunnel' as const) : ('local' as const) };
        });
      return { componentId, hooks };
    });
  }

  deployNow(componentId: string, input?: DeployNowInput): Promise<Deploy> {
    return this.record('deployNow', [componentId, input], () => this.addDeploy(componentId, { trigger: { kind: 'manual' }, target: { ...input } }));
  }

  /** What `listTags` answers, per component id (unset: the registry cannot be asked). */
  registryTags: Record<string, TagList> = {};

  listTags(componentId: string): Promise<TagList> {
    return this.record('listTags', [componentId], () => {
      const list = this.registryTags[componentId];
      if (!list) throw new ApiError('unavailable', 'registry: cannot reach the registry');
      return list;
    });
  }

  /** What `checkComponent` answers, per component id (unset: "up to date"). */
  checkResults: Record<string, CatchUpCheck> = {};

  checkComponent(componentId: string): Promise<CatchUpCheck> {
    return this.record('checkComponent', [componentId], () => {
      this.need(componentId);
      const check = this.checkResults[componentId] ?? { at: new Date().toISOString(), reason: 'manual', outcome: 'up-to-date', message: 'nothing newer' };
      return this.finishCheck(componentId, check);
    });
  }

  /** A check ended (asked for, or the engine's own): kept as `lastCheck`, announced like the engine does. */
  finishCheck(componentId: string, check: CatchUpCheck): CatchUpCheck {
    const c = this.need(componentId);
    const before = c.lastCheck;
    c.lastCheck = structuredClone(check);
    this.emit({ type: 'catch-up', componentId, check: structuredClone(check) });
    if (before?.outcome !== check.outcome || before.message !== check.message) this.emit({ type: 'components-changed', componentId });
    return check;
  }

  private catchUpStatus(): NonNullable<Status['catchUp']> {
    const checks = [...this.components.values()].flatMap((c) => (c.lastCheck ? [c.lastCheck] : []));
    const lastCheckAt = checks.map((k) => k.at).sort().at(-1);
    return { intervalSeconds: this.settings.catchUp.intervalSeconds, ...(lastCheckAt ? { lastCheckAt } : {}), failing: checks.filter((k) => k.outcome === 'error').length };
  }

  rollback(componentId: string, input?: RollbackInput): Promise<Deploy> {
    return this.record('rollback', [componentId, input], () =>
      this.addDeploy(componentId, { trigger: { kind: 'rollback' }, target: { rollbackOf: input?.deployId } }),
    );
  }

  cancelDeploy(deployId: string): Promise<Deploy> {
    return this.record('cancelDeploy', [deployId], () => this.setDeployState(deployId, 'cancelled', 'cancelled by the user'));
  }

  regenerateSecret(componentId: string, kind: SecretKind): Promise<{ value: string }> {
    return this.record('regenerateSecret', [componentId, kind], () => {
      this.need(componentId);
      const s = this.secrets.get(componentId)!;
      s[kind] = `${kind}-regenerated-${++seq}`;
      this.emit({ type: 'components-changed', componentId });
      return { value: s[kind] };
    });
  }

  revealSecret(componentId: string, kind: SecretKind): Promise<{ value: string }> {
    return this.record('revealSecret', [componentId, kind], () => {
      this.need(componentId);
      return { value: this.secrets.get(componentId)![kind] };
    });
  }

  listDeploys(query?: ListQuery): Promise<Deploy[]> {
    return this.record('listDeploys', [query], () =>
      this.deploys.filter((d) => !query?.componentId || d.componentId === query.componentId).slice(0, query?.limit ?? 500),
    );
  }

  getDeploy(deployId: string): Promise<Deploy> {
    return this.record('getDeploy', [deployId], () => {
      const d = this.deploys.find((x) => x.id === deployId);
      if (!d) throw new ApiError('not_found', `no deploy ${deployId}`);
      return d;
    });
  }

  getDeployLog(deployId: string): Promise<string> {
    return this.record('getDeployLog', [deployId], () => this.logs.get(deployId) ?? '');
  }

  listDeliveries(query?: ListQuery): Promise<Delivery[]> {
    return this.record('listDeliveries', [query], () =>
      this.deliveries.filter((d) => !query?.componentId || d.componentId === query.componentId).slice(0, query?.limit ?? 500),
    );
  }

  getSettings(): Promise<Settings> {
    return this.record('getSettings', [], () => this.settings);
  }

  updateSettings(patch: SettingsPatch): Promise<Settings> {
    return this.record('updateSettings', [patch], () => {
      const parsed = settingsPatch.safeParse(patch);
      if (!parsed.success) throw validation(parsed.error);
      const p = parsed.data;
      this.settings = {
        ...this.settings,
        ...p,
        tunnel: { ...this.settings.tunnel, ...p.tunnel },
        notifications: { ...this.settings.notifications, ...p.notifications },
        catchUp: { ...this.settings.catchUp, ...p.catchUp },
        proxy: { ...this.settings.proxy, ...p.proxy },
      };
      this.emit({ type: 'settings-changed', settings: structuredClone(this.settings) });
      return this.settings;
    });
  }

  startTunnel(): Promise<TunnelStatus> {
    return this.record('startTunnel', [], () => {
      this.tunnel = { state: 'online', host: this.settings.tunnel.host, url: 'https://quiet-fox.loca.lt' };
      this.emit({ type: 'tunnel', tunnel: structuredClone(this.tunnel) });
      return this.tunnel;
    });
  }

  stopTunnel(): Promise<TunnelStatus> {
    return this.record('stopTunnel', [], () => {
      this.tunnel = { state: 'off', host: this.settings.tunnel.host, previousUrl: this.tunnel.url };
      this.emit({ type: 'tunnel', tunnel: structuredClone(this.tunnel) });
      return this.tunnel;
    });
  }
}
