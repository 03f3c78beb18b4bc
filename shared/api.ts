/**
 * The one typed contract between the engine and every client: the Electron preload (IPC),
 * the headless control server (REST + SSE) and the renderer's clients all implement or
 * consume `AutoDeployApi` and `ApiEvent`. `API_ROUTES` maps each operation to its REST route.
 */
import type { CatchUpCheck, CatchUpEvent } from './schemas/catch-up';
import type { Component, ComponentCreate, ComponentPatch } from './schemas/component';
import type { Delivery } from './schemas/delivery';
import type { Deploy } from './schemas/deploy';
import type { Settings, SettingsPatch } from './schemas/settings';
import type { ComponentWebhooks, Status, TunnelStatus } from './schemas/status';

export type SecretKind = 'git' | 'api' | 'hook';

export interface DeployNowInput {
  tag?: string;
  commit?: string;
}
export interface RollbackInput {
  deployId?: string;
}
export interface DeleteComponentInput {
  removeContainer?: boolean;
}
export interface ListQuery {
  componentId?: string;
  limit?: number;
}

/** One tag of an image component's repository, as the component's tag rule sees it. */
export interface RegistryTag {
  tag: string;
  /** `running`: the tag deployed now; `deploys`: a push of it would deploy; `ignored`: it would not. */
  verdict: 'running' | 'deploys' | 'ignored';
  /** The tag rule's reason (why it deploys or is ignored). */
  reason: string;
}
export interface TagList {
  /** The repository asked, `host/path`. */
  repository: string;
  /** Newest first: versions by version order (highest first), then other tags by name. */
  tags: RegistryTag[];
  /** The registry holds more tags than were read. */
  truncated: boolean;
}

export interface AutoDeployApi {
  getStatus(): Promise<Status>;
  listComponents(): Promise<Component[]>;
  getComponent(id: string): Promise<Component>;
  createComponent(input: ComponentCreate): Promise<Component>;
  updateComponent(id: string, patch: ComponentPatch): Promise<Component>;
  deleteComponent(id: string, input?: DeleteComponentInput): Promise<{ removedContainer: boolean }>;
  getWebhooks(id: string): Promise<ComponentWebhooks>;
  deployNow(id: string, input?: DeployNowInput): Promise<Deploy>;
  /** The registry's tags for an image component, each marked by the component's tag rule. */
  listTags(id: string): Promise<TagList>;
  /** Catch up now: ask the registry/repository; a newer version deploys through the webhook gates. */
  checkComponent(id: string): Promise<CatchUpCheck>;
  rollback(id: string, input?: RollbackInput): Promise<Deploy>;
  cancelDeploy(deployId: string): Promise<Deploy>;
  /** New secret (`git`), secret key (`api`) or hook id (`hook`, which changes every URL). */
  regenerateSecret(id: string, kind: SecretKind): Promise<{ value: string }>;
  revealSecret(id: string, kind: SecretKind): Promise<{ value: string }>;
  listDeploys(query?: ListQuery): Promise<Deploy[]>;
  getDeploy(deployId: string): Promise<Deploy>;
  getDeployLog(deployId: string): Promise<string>;
  listDeliveries(query?: ListQuery): Promise<Delivery[]>;
  getSettings(): Promise<Settings>;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  startTunnel(): Promise<TunnelStatus>;
  stopTunnel(): Promise<TunnelStatus>;
}

export type ApiMethod = keyof AutoDeployApi;

/** Events pushed to clients. Lists are re-fetched on a signal; log lines carry data. */
export type ApiEvent =
  | { type: 'deploy'; deploy: Deploy }
  | { type: 'deploy-log'; deployId: string; componentId: string; line: string }
  | { type: 'components-changed'; componentId?: string }
  | { type: 'delivery'; delivery: Delivery }
  | { type: 'tunnel'; tunnel: TunnelStatus }
  | { type: 'tunnel-url-changed'; url?: string; previousUrl?: string }
  | { type: 'settings-changed'; settings: Settings }
  | { type: 'status-changed' }
  /** A catch-up check of one component finished: what it found (sent for every check). */
  | CatchUpEvent;
export type ApiEventType = ApiEvent['type'];

/** A client's view: the operations plus a subscription that returns its unsubscribe. */
export interface AutoDeployClient extends AutoDeployApi {
  subscribe(listener: (event: ApiEvent) => void): () => void;
}

export type ApiErrorCode =
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'forbidden'
  | 'unavailable'
  | 'payload_too_large'
  | 'internal';

export interface FieldIssue {
  /** Dotted path of the field, e.g. `deploy.ports.0`. */
  path: string;
  message: string;
}
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; details?: FieldIssue[] };
}

/** An error that keeps its code and field issues across IPC and HTTP. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: FieldIssue[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
  static fromBody(body: unknown, fallback = 'request failed'): ApiError {
    const e = (body as Partial<ApiErrorBody> | undefined)?.error;
    if (e && typeof e.code === 'string' && typeof e.message === 'string') return new ApiError(e.code, e.message, e.details);
    return new ApiError('internal', fallback);
  }
}

export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  internal: 500,
  unavailable: 503,
};

type HttpVerb = 'GET' | 'POST' | 'PATCH' | 'DELETE';
/**
 * REST route per operation. `:id`, `:kind`, `:deployId` are filled from the positional
 * arguments in order; a remaining object argument is the JSON body (POST/PATCH/DELETE) or the
 * query string (GET).
 */
export const API_ROUTES: Record<ApiMethod, { method: HttpVerb; path: string }> = {
  getStatus: { method: 'GET', path: '/status' },
  listComponents: { method: 'GET', path: '/components' },
  getComponent: { method: 'GET', path: '/components/:id' },
  createComponent: { method: 'POST', path: '/components' },
  updateComponent: { method: 'PATCH', path: '/components/:id' },
  deleteComponent: { method: 'DELETE', path: '/components/:id' },
  getWebhooks: { method: 'GET', path: '/components/:id/webhooks' },
  deployNow: { method: 'POST', path: '/components/:id/deploy' },
  listTags: { method: 'GET', path: '/components/:id/tags' },
  checkComponent: { method: 'POST', path: '/components/:id/check' },
  rollback: { method: 'POST', path: '/components/:id/rollback' },
  cancelDeploy: { method: 'POST', path: '/deploys/:deployId/cancel' },
  regenerateSecret: { method: 'POST', path: '/components/:id/secrets/:kind/regenerate' },
  revealSecret: { method: 'POST', path: '/components/:id/secrets/:kind/reveal' },
  listDeploys: { method: 'GET', path: '/deploys' },
  getDeploy: { method: 'GET', path: '/deploys/:deployId' },
  getDeployLog: { method: 'GET', path: '/deploys/:deployId/log' },
  listDeliveries: { method: 'GET', path: '/deliveries' },
  getSettings: { method: 'GET', path: '/settings' },
  updateSettings: { method: 'PATCH', path: '/settings' },
  startTunnel: { method: 'POST', path: '/tunnel/start' },
  stopTunnel: { method: 'POST', path: '/tunnel/stop' },
};

/** IPC channel per operation (`domain:verb`), used by main and the preload. */
export const ipcChannel = (method: ApiMethod): string => `api:${method}`;
export const IPC_EVENT_CHANNEL = 'api:event';
