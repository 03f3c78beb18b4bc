/**
 * The engine's composition root: store, service, webhook listener, deploy scheduler, tunnel.
 * Used by the Electron main process and by headless `serve` alike. The parts are built by
 * factories (`engine-parts.ts` has the real ones) so each can be replaced at its seam.
 */
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { AutoDeployApi } from '../../shared/api';
import type { Status } from '../../shared/schemas/status';
import { defaultParts } from './engine-parts';
import type { EngineParts, WebhookListener } from './engine-parts';
import { CatchUp } from './catchup/catch-up';
import type { CatchUpOptions } from './catchup/catch-up';
import { EventBus } from './events';
import { IngestStage } from './ingest/ingest-stage';
import { EngineService } from './service/service';
import { lockDataDir } from './store/data-dir-lock';
import type { SecretSealer } from './store/sealer';
import { Store } from './store/store';

export interface EngineOptions {
  dataDir: string;
  sealer: SecretSealer;
  /** Overrides of the persisted settings (CLI flags). */
  webhookPort?: number;
  webhookHost?: string;
  /** App version, for status. */
  version: string;
  /** Ports the tunnel must never forward to (the control API's), a second line of defence. */
  privatePorts?: () => number[];
  /** Extra warnings to show in status (e.g. "OS keychain unavailable, using a key file"). */
  warnings?: string[];
  docker?: Docker;
  /** Catch-up tuning for tests: an injectable wall clock (wake detection), faster backoff, ... */
  catchUp?: Partial<Pick<CatchUpOptions, 'clock' | 'wakeTickMs' | 'wakeJumpMs' | 'backoffBaseMs' | 'maxBackoffMs' | 'jitterMs' | 'concurrency'>>;
  /** `serve` runs without a desktop: no tray, notifications or start at login (status says so). */
  headless?: boolean;
}

export interface Engine {
  readonly api: AutoDeployApi;
  readonly events: EventBus;
  /** Open listeners, start the deploy scheduler (crash recovery), auto-start the tunnel. */
  start(): Promise<void>;
  /** Bounded graceful stop: tunnel, listeners, running jobs, pending writes. */
  stop(timeoutMs?: number): Promise<void>;
  status(): Promise<Status>;
  /** The machine woke from sleep (desktop: powerMonitor `resume`): catch up with every source. */
  resumed(): void;
}

export async function createEngine(options: EngineOptions, parts: EngineParts = defaultParts): Promise<Engine> {
  // before anything reads or writes the data dir: a second engine on it would corrupt it
  const lock = await lockDataDir(options.dataDir);
  let store: Store;
  try {
    store = await Store.open(options.dataDir);
  } catch (err) {
    await lock.release();
    throw err;
  }
  const events = new EventBus();
  const { sealer, dataDir } = options;
  const ctx = { store, sealer, events, dataDir, docker: options.docker };
  const scheduler = parts.scheduler(ctx);
  // one ingest stage for webhooks and catch-up checks: same gates, dedup, queue, delivery log
  const stage = new IngestStage({ store, events, scheduler });
  const listener: WebhookListener = parts.listener({ ...ctx, scheduler, stage });
  const catchUp = new CatchUp({
    store,
    events,
    access: parts.sourceAccess(ctx),
    ingest: stage,
    gitCacheRoot: join(dataDir, 'catch-up'),
    clock: Date.now,
    onError: (err) => console.error('catch-up:', err),
    ...options.catchUp,
  });
  let listenerUrl = '';
  let listenerPort = 0;
  let listenerHost = '127.0.0.1';
  const tunnel = parts.tunnel({
    ...ctx,
    localPort: () => listenerPort,
    localHost: () => listenerHost,
    neverExpose: () => options.privatePorts?.() ?? [],
  });
  const warnings = [...(options.warnings ?? [])];

  const service = new EngineService({
    store,
    sealer,
    events,
    scheduler,
    tunnel,
    docker: parts.dockerProbe(ctx),
    readDeployLog: (id) => parts.readDeployLog(dataDir, id),
    listenerUrl: () => listenerUrl,
    version: options.version,
    dataDir,
    warnings: () => warnings,
    catchUp,
    ...(options.headless ? { mode: 'headless' as const } : {}),
    ownPorts: () => [listenerPort || bindAddress().port, ...(options.privatePorts?.() ?? [])].filter((p) => p > 0),
  });

  const bindAddress = () => ({
    port: options.webhookPort ?? store.data.settings.webhookPort,
    host: options.webhookHost ?? store.data.settings.webhookHost,
  });

  async function openListener(): Promise<void> {
    const { port, host } = bindAddress();
    try {
      ({ url: listenerUrl, port: listenerPort } = await listener.listen(port, host));
      listenerHost = host;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') {
        throw new Error(`Webhook port ${port} on ${host} is already in use; choose another (settings, or --webhook-port)`, { cause: err });
      }
      throw err;
    }
  }

  let unsubscribe: (() => void) | undefined;
  let started = false;

  return {
    api: service,
    events,
    async start() {
      if (started) return;
      started = true;
      await openListener();
      await scheduler.start();
      let bound = bindAddress();
      let tunnelConfig = JSON.stringify([store.data.settings.tunnel.host, store.data.settings.tunnel.subdomain]);
      unsubscribe = events.subscribe((event) => {
        if (event.type !== 'settings-changed') return;
        const nextTunnel = JSON.stringify([event.settings.tunnel.host, event.settings.tunnel.subdomain]);
        if (nextTunnel !== tunnelConfig) {
          tunnelConfig = nextTunnel;
          void tunnel.restart().catch(() => undefined);
        }
        const next = bindAddress();
        if (next.port === bound.port && next.host === bound.host) return;
        bound = next;
        // move the listener to the new address; the webhook URLs change with it
        void listener
          .close()
          .then(openListener)
          .then(() => events.emit({ type: 'status-changed' }))
          .catch((err: Error) => {
            warnings.push(`The webhook listener could not move to ${next.host}:${next.port}: ${err.message}`);
            events.emit({ type: 'status-changed' });
          });
      });
      if (store.data.settings.tunnel.autoStart) {
        void tunnel.start().catch(() => undefined);
      }
      // after the listener and the scheduler are up: what was pushed while the app was away
      catchUp.start();
    },
    async stop(timeoutMs = 15_000) {
      unsubscribe?.();
      await catchUp.stop();
      await Promise.allSettled([tunnel.close(), listener.close(), stage.flush()]);
      await scheduler.stop(timeoutMs);
      await store.close();
      await lock.release();
    },
    status: () => service.getStatus(),
    resumed: () => catchUp.resumed(),
  };
}
