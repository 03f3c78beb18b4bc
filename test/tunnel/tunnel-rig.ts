/**
 * What a tunnel test opens, closed together after it (or after its suite): a tunnel server, the
 * local side the tunnel forwards to (a stand-in app or the real webhook listener) and managers
 * with fast timing whose events are recorded.
 */
import { afterAll, afterEach } from 'vitest';
import { EventBus } from '../../electron/core/events';
import { TunnelManager, type TunnelManagerOptions } from '../../electron/core/tunnel/tunnel-manager';
import { LtServer, type LtServerOptions } from '../support/lt-server';
import { FAST_TIMING, record, startLocalApp, tunnelServerUnderTest, type LocalApp, type Recorder, type TunnelServerUnderTest } from './helpers';
import { openHookListener, type HookListener } from './hook-listener';

/**
 * What `TunnelRig.manage` may be told: the tunnel host (default: the rig's server), the local
 * port (default: the rig's app, else its listener) and other manager options.
 */
export type ManageOptions = Partial<Omit<TunnelManagerOptions, 'events'>> & { host?: string; subdomain?: string };

export class TunnelRig {
  /** The loopback double, when started with `startServer` or `open`. */
  server?: LtServer;
  /** The double or a real server (`LT_REAL_SERVER`), when started with `startServerUnderTest`. */
  serverUnderTest?: TunnelServerUnderTest;
  /** The local app last started. */
  app?: LocalApp;
  listener?: HookListener;
  private readonly apps: LocalApp[] = [];
  private readonly managers: TunnelManager[] = [];

  async startServer(options?: LtServerOptions): Promise<LtServer> {
    this.server = await LtServer.start(options);
    return this.server;
  }

  async startServerUnderTest(): Promise<TunnelServerUnderTest> {
    this.serverUnderTest = await tunnelServerUnderTest();
    return this.serverUnderTest;
  }

  async startApp(): Promise<LocalApp> {
    this.app = await startLocalApp();
    this.apps.push(this.app);
    return this.app;
  }

  /** A loopback tunnel server and the local app behind it. */
  async open(options?: LtServerOptions): Promise<{ server: LtServer; app: LocalApp }> {
    const server = await this.startServer(options);
    const app = await this.startApp();
    return { server, app };
  }

  /** The real webhook listener with one git component whose pushes are signed with `secret`. */
  async listen(secret: string): Promise<HookListener> {
    this.listener = await openHookListener(secret);
    return this.listener;
  }

  /** A manager (not started), with FAST_TIMING under `timing`; its events recorded. */
  manage({ host, subdomain, timing, ...options }: ManageOptions = {}): { manager: TunnelManager; rec: Recorder } {
    const local = this.app ?? this.listener;
    const tunnelHost = host ?? this.server?.host ?? this.serverUnderTest?.host;
    if ((!local && !options.localPort) || tunnelHost === undefined) {
      throw new Error('open the rig (or start an app or listener and name a host) before manage()');
    }
    const events = new EventBus();
    const rec = record(events);
    const manager = new TunnelManager({
      events,
      settings: () => ({ host: tunnelHost, subdomain, autoStart: false }),
      localPort: () => local?.port ?? 0,
      ...options,
      timing: { ...FAST_TIMING, ...timing },
    });
    this.managers.push(manager);
    return { manager, rec };
  }

  /** Closes the managers, then the servers, then the local side. */
  async close(): Promise<void> {
    for (const manager of this.managers.splice(0)) await manager.close();
    await this.server?.stop();
    await this.serverUnderTest?.stop();
    await this.listener?.close();
    for (const app of this.apps.splice(0)) await app.close();
    this.server = undefined;
    this.serverUnderTest = undefined;
    this.listener = undefined;
    this.app = undefined;
  }
}

/** A rig for the calling suite, closed after each of its tests (`each`) or after all of them (`all`). */
export function useTunnelRig(scope: 'each' | 'all' = 'each'): TunnelRig {
  const rig = new TunnelRig();
  (scope === 'each' ? afterEach : afterAll)(() => rig.close());
  return rig;
}
