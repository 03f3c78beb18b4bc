/**
 * The one implementation of `AutoDeployApi`. Electron IPC handlers and the REST control
 * server both call this object; neither adds behaviour of its own.
 */
import { ApiError } from '../../../shared/api';
import type {
  AutoDeployApi,
  DeleteComponentInput,
  DeployNowInput,
  ListQuery,
  RollbackInput,
  SecretKind,
  TagList,
} from '../../../shared/api';
import { parseImageRef } from '../../../shared/image-ref';
import type { CatchUpCheck, CatchUpReason, CatchUpStatus } from '../../../shared/schemas/catch-up';
import type { Component, ComponentCreate, ComponentPatch } from '../../../shared/schemas/component';
import type { Deploy, DeployTarget } from '../../../shared/schemas/deploy';
import type { SettingsPatch } from '../../../shared/schemas/settings';
import type { DockerStatus, Status, TunnelStatus } from '../../../shared/schemas/status';
import type { EventBus } from '../events';
import type { DeployScheduler, DockerProbe, TunnelController } from '../ports';
import type { SecretSealer } from '../store/sealer';
import type { Store } from '../store/store';
import { ComponentService } from './component-service';
import { HistoryService } from './history-service';
import { SettingsService } from './settings-service';
import { markTags } from './tag-list';
import { validationError } from './validation';
import { unreachableMessage } from '../deploy/engine/engine-errors';

export interface ServiceDeps {
  store: Store;
  sealer: SecretSealer;
  events: EventBus;
  scheduler: DeployScheduler;
  tunnel: TunnelController;
  docker: DockerProbe;
  readDeployLog(deployId: string): Promise<string>;
  /** Base URL of the local webhook listener. */
  listenerUrl(): string;
  version: string;
  dataDir: string;
  warnings(): string[];
  /** The engine's catch-up checks (absent: no checks, e.g. in narrow tests). */
  catchUp?: {
    check(componentId: string, reason: CatchUpReason): Promise<CatchUpCheck>;
    lastCheck(componentId: string): CatchUpCheck | undefined;
    status(): CatchUpStatus;
  };
  /** The app's own listening ports (webhook listener, control API): no component may publish them. */
  ownPorts?(): number[];
  /** Default desktop. */
  mode?: 'desktop' | 'headless';
}

const SECRET_KINDS: readonly SecretKind[] = ['git', 'api', 'hook'];
const DOCKER_STATUS_TTL_MS = 3000;

export class EngineService implements AutoDeployApi {
  readonly components: ComponentService;
  readonly settings: SettingsService;
  readonly history: HistoryService;
  private dockerCache?: { at: number; value: Promise<DockerStatus> };

  constructor(private readonly deps: ServiceDeps) {
    this.components = new ComponentService(deps.store, deps.sealer, deps.events, deps.scheduler, () => deps.ownPorts?.() ?? []);
    this.settings = new SettingsService(deps.store, deps.events);
    this.history = new HistoryService(deps.store);
  }

  async getStatus(): Promise<Status> {
    const { store, tunnel, scheduler } = this.deps;
    return {
      version: this.deps.version,
      autoDeploy: store.data.settings.autoDeploy,
      listenerUrl: this.deps.listenerUrl(),
      tunnel: tunnel.status(),
      docker: await this.dockerStatus(),
      runningJobs: scheduler.runningJobs(),
      warnings: [...store.warnings, ...this.deps.warnings()],
      secretsBackend: this.deps.sealer.kind,
      dataDir: this.deps.dataDir,
      ...(this.deps.catchUp ? { catchUp: this.deps.catchUp.status() } : {}),
      mode: this.deps.mode ?? 'desktop',
    };
  }

  /** Cached briefly: status is polled by the tray and the dashboard. */
  private dockerStatus(): Promise<DockerStatus> {
    const now = Date.now();
    if (!this.dockerCache || now - this.dockerCache.at > DOCKER_STATUS_TTL_MS) {
      this.dockerCache = {
        at: now,
        value: this.deps.docker.status().catch((err: Error) => ({ ok: false, error: unreachableMessage(err.message) })),
      };
    }
    return this.dockerCache.value;
  }

  async listComponents() {
    return this.components.list().map((c) => this.withCheck(c));
  }
  async getComponent(id: string) {
    return this.withCheck(this.components.get(id));
  }

  /** The last catch-up check lives in engine memory, not in db.json: added to each read. */
  private withCheck(c: Component): Component {
    const check = this.deps.catchUp?.lastCheck(c.id);
    return check ? { ...c, lastCheck: structuredClone(check) } : c;
  }

  /** Ask the component's registry or repository now; a newer version goes through the webhook gates. */
  async checkComponent(id: string): Promise<CatchUpCheck> {
    this.components.find(id);
    if (!this.deps.catchUp) throw new ApiError('unavailable', 'this engine runs no catch-up checks');
    return this.deps.catchUp.check(id, 'manual');
  }
  createComponent(input: ComponentCreate) {
    return this.components.create(input);
  }
  updateComponent(id: string, patch: ComponentPatch) {
    return this.components.update(id, patch);
  }
  deleteComponent(id: string, input?: DeleteComponentInput) {
    return this.components.remove(id, input);
  }

  async getWebhooks(id: string) {
    const t = this.deps.tunnel.status();
    return this.components.webhooks(id, {
      local: this.deps.listenerUrl(),
      public: t.state === 'online' ? t.url : undefined,
    });
  }

  async deployNow(id: string, input: DeployNowInput = {}): Promise<Deploy> {
    const c = this.components.find(id);
    const target: DeployTarget = {};
    if (c.source.type === 'image') {
      if (input.commit) throw validationError([{ path: 'commit', message: 'an image component deploys tags, not commits' }]);
      // the tag and commit are checked once, by the scheduler's request validation
      target.tag = input.tag ?? parseImageRef(c.source.image).tag;
    } else {
      if (input.tag) throw validationError([{ path: 'tag', message: 'a git component deploys commits, not tags' }]);
      target.commit = input.commit;
      target.branch = c.source.branch;
    }
    return this.deps.scheduler.request({ componentId: id, trigger: { kind: 'manual' }, target });
  }

  async listTags(id: string): Promise<TagList> {
    const c = this.components.find(id);
    if (c.source.type !== 'image') throw validationError([{ path: 'source', message: 'a git component has no registry tags' }]);
    return markTags(c, await this.deps.scheduler.registryTags(id));
  }

  async rollback(id: string, input: RollbackInput = {}): Promise<Deploy> {
    this.components.find(id);
    return this.deps.scheduler.rollback(id, input.deployId);
  }

  cancelDeploy(deployId: string): Promise<Deploy> {
    this.history.deploy(deployId);
    return this.deps.scheduler.cancel(deployId);
  }

  async regenerateSecret(id: string, kind: SecretKind) {
    return this.components.regenerate(id, checkKind(kind));
  }
  async revealSecret(id: string, kind: SecretKind) {
    return this.components.reveal(id, checkKind(kind));
  }

  async listDeploys(query?: ListQuery) {
    return this.history.deploys(query);
  }
  async getDeploy(deployId: string) {
    return this.history.deploy(deployId);
  }
  async getDeployLog(deployId: string) {
    this.history.deploy(deployId);
    try {
      return await this.deps.readDeployLog(deployId);
    } catch (err) {
      // a deploy that is queued, or was superseded before it started, has no log file yet
      if (err instanceof ApiError && err.code === 'not_found') return '';
      throw err;
    }
  }
  async listDeliveries(query?: ListQuery) {
    return this.history.deliveries(query);
  }

  async getSettings() {
    return this.settings.get();
  }
  updateSettings(patch: SettingsPatch) {
    return this.settings.update(patch);
  }

  startTunnel(): Promise<TunnelStatus> {
    return this.deps.tunnel.start();
  }
  stopTunnel(): Promise<TunnelStatus> {
    return this.deps.tunnel.stop();
  }
}

function checkKind(kind: string): SecretKind {
  if (!(SECRET_KINDS as readonly string[]).includes(kind)) {
    throw new ApiError('not_found', `Unknown secret kind "${kind}" (use git, api or hook)`);
  }
  return kind as SecretKind;
}
