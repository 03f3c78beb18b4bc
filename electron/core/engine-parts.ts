/** The real parts the engine is built from; `createEngine` takes another set in tests. */
import type Docker from 'dockerode';
import { createContainerEngine, createDockerProbe } from './deploy/engine/create-engine';
import { readDeployLog } from './deploy/job/deploy-log';
import { DeployManager } from './deploy/deploy-manager';
import { createSourceAccess } from './catchup/source-access';
import type { SourceAccess } from './catchup/source-access';
import type { IngestStage } from './ingest/ingest-stage';
import type { EventBus } from './events';
import type { DeployScheduler, DockerProbe, TunnelController } from './ports';
import type { SecretSealer } from './store/sealer';
import type { Store } from './store/store';
import { TunnelManager } from './tunnel/tunnel-manager';
import { createWebhookListener } from './webhooks/listener';

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
  listener(ctx: PartContext & { scheduler: DeployScheduler; stage: IngestStage }): WebhookListener;
  /** How catch-up checks reach registries and repositories (credentials as for deploys). */
  sourceAccess(ctx: PartContext): SourceAccess;
  tunnel(ctx: PartContext & { localPort: () => number; localHost: () => string; neverExpose: () => number[] }): TunnelController;
  readDeployLog(dataDir: string, deployId: string): Promise<string>;
}

export const defaultParts: EngineParts = {
  scheduler: ({ store, sealer, events, dataDir, docker }) =>
    new DeployManager({ store, sealer, events, dataDir, engine: createContainerEngine(docker) }),
  dockerProbe: ({ docker }) => createDockerProbe(docker),
  listener: ({ store, sealer, events, scheduler, stage }) => createWebhookListener({ store, sealer, events, scheduler, stage }),
  sourceAccess: ({ sealer, docker }) => createSourceAccess(sealer, createContainerEngine(docker)),
  tunnel: ({ store, events, localPort, localHost, neverExpose }) =>
    new TunnelManager({
      events,
      neverExpose,
      settings: () => store.data.settings.tunnel,
      localPort,
      localHost,
      knownUrl: store.data.runtime.lastTunnelUrl,
      onUrlChange: (url) => {
        if (!url) return;
        void store.update((doc) => {
          doc.runtime.lastTunnelUrl = url;
        });
      },
    }),
  readDeployLog,
};
