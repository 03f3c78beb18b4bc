/** The real parts the engine is built from; `createEngine` takes another set in tests. */
import type Docker from 'dockerode';
import type { EventBus } from './events';
import type { DeployScheduler, DockerProbe, TunnelController } from './ports';
import type { SecretSealer } from './store/sealer';
import type { Store } from './store/store';

export interface PartContext {
  store: Store;
  sealer: SecretSealer;
  events: EventBus;
  dataDir: string;
  docker?: Docker;
}

export interface WebhookListener {
  listen(port: number, host: string): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
}

export interface EngineParts {
  scheduler(ctx: PartContext): DeployScheduler;
  dockerProbe(ctx: PartContext): DockerProbe;
  listener(ctx: PartContext & { scheduler: DeployScheduler }): WebhookListener;
  tunnel(ctx: PartContext & { localPort: () => number }): TunnelController;
  readDeployLog(dataDir: string, deployId: string): Promise<string>;
}

export declare const defaultParts: EngineParts;
