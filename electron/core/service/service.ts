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
import { isValidTag, parseImageRef } from '../../../shared/image-ref';
import type { ComponentCreate, ComponentPatch } from '../../../shared/schemas/component';
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
  /** The app's own listening ports (webhook listener, control API): no component may publish them. */
  ownPorts?(): number[];
  /** Default desktop. */
  mode?: 'desktop' | 'headless';
}

const SECRET_KINDS: readonly SecretKind[] = ['git', 'api', 'hook'];
const COMMIT_RE = /^[0-9a-f]{4,64}$/i;
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
    return this.components.list();
  }
  async getComponent(id: string) {
    return this.components.get(id);
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
      const tag = input.tag ?? parseImageRef(c.source.image).tag;
      if (tag !== undefined && !isValidTag(tag)) throw validationError([{ path: 'tag', message: 'not a valid Docker tag' }]);
      target.tag = tag;
    } else {
      if (input.tag) throw validationError([{ path: 'tag', message: 'a git component deploys commits, not tags' }]);
      if (input.commit !== undefined && !COMMIT_RE.test(input.commit)) {
        throw validationError([{ path: 'commit', message: 'a commit is 4–64 hexadecimal characters' }]);
      }
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
