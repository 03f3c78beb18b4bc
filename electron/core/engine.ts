/**
 * The engine's composition root: store, service, webhook listener, deploy scheduler, tunnel.
 * Used by the Electron main process and by headless `serve` alike.
 * (Signature fixed; the body is being filled in by the lead.)
 */
import type Docker from 'dockerode';
import type { AutoDeployApi } from '../../shared/api';
import type { Status } from '../../shared/schemas/status';
import type { EventBus } from './events';
import type { SecretSealer } from './store/sealer';

export interface EngineOptions {
  dataDir: string;
  sealer: SecretSealer;
  /** Overrides of the persisted settings (CLI flags). */
  webhookPort?: number;
  webhookHost?: string;
  /** App version, for status. */
  version: string;
  /** Extra warnings to show in status (e.g. "OS keychain unavailable, using a key file"). */
  warnings?: string[];
  docker?: Docker;
}

export interface Engine {
  readonly api: AutoDeployApi;
  readonly events: EventBus;
  /** Open listeners, start the deploy scheduler (crash recovery), auto-start the tunnel. */
  start(): Promise<void>;
  /** Bounded graceful stop: tunnel, listeners, running jobs, pending writes. */
  stop(timeoutMs?: number): Promise<void>;
  status(): Promise<Status>;
}

export declare function createEngine(options: EngineOptions): Promise<Engine>;
