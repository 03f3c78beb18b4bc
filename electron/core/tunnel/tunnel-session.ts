/**
 * One live localtunnel tunnel: registration (ours, bounded) plus the real client's tunnel
 * sockets. It watches for the deaths the client does not report as such (docs/tunnel.md §8):
 * refused socket reconnects arrive as `error` events, and a tunnel whose sockets silently all
 * vanish is caught by a no-socket watchdog. A session never comes back to life: on any loss it
 * closes itself and reports once; the manager registers a fresh one.
 */
import type { Socket } from 'node:net';
import Tunnel, { type TunnelInfo, type TunnelOptions } from 'localtunnel/lib/Tunnel.js';
import { installHeaderHostFix } from './header-host-fix';
import { register, RegistrationError, type RegistrationAnswer } from './register';

installHeaderHostFix();

/** The real client, handed a registration answer we already have instead of fetching its own. */
class PreRegisteredTunnel extends Tunnel {
  constructor(opts: TunnelOptions, private readonly answer: RegistrationAnswer) {
    super(opts);
  }

  override _init(cb: (err: Error | null, info?: TunnelInfo) => void): void {
    cb(null, this._getInfo(this.answer.body));
  }
}

export interface SessionOptions {
  /** Server base URL, no trailing slash. */
  host: string;
  subdomain?: string;
  localHost: string;
  localPort: number;
  /** Bound on registration plus the first tunnel socket. */
  timeoutMs: number;
  /** How long zero connected tunnel sockets is tolerated before the tunnel counts as dead. */
  noSocketGraceMs: number;
  signal: AbortSignal;
  /** Called at most once, when an open session dies. */
  onLost: (reason: string) => void;
}

export interface TunnelSession {
  readonly url: string;
  readonly clientId: string;
  /** Set if the session died before anyone adopted it. */
  readonly lostReason: string | undefined;
  close(): void;
}

export async function openSession(options: SessionOptions): Promise<TunnelSession> {
  const startedAt = Date.now();
  const answer = await register(options.host, options.subdomain, { timeoutMs: options.timeoutMs, signal: options.signal });
  const remaining = Math.max(1, options.timeoutMs - (Date.now() - startedAt));
  return connect(options, answer, remaining);
}

function connect(options: SessionOptions, answer: RegistrationAnswer, timeoutMs: number): Promise<TunnelSession> {
  const tunnel = new PreRegisteredTunnel(
    { host: options.host, subdomain: options.subdomain, port: options.localPort, local_host: options.localHost },
    answer,
  );
  const sockets = new Set<Socket>();
  let phase: 'opening' | 'open' | 'closed' = 'opening';
  let lostReason: string | undefined;
  let noSocketTimer: NodeJS.Timeout | undefined;
  let openTimer: NodeJS.Timeout | undefined;

  const shutdown = (): void => {
    phase = 'closed';
    clearTimeout(openTimer);
    clearTimeout(noSocketTimer);
    options.signal.removeEventListener('abort', onAbort);
    tunnel.close();
  };

  const session: TunnelSession = {
    url: answer.url,
    clientId: answer.id,
    get lostReason() {
      return lostReason;
    },
    close: () => {
      if (phase !== 'closed') shutdown();
    },
  };

  let rejectOpen: (err: Error) => void = () => undefined;
  const fail = (reason: string): void => {
    if (phase === 'opening') {
      shutdown();
      rejectOpen(new RegistrationError(reason, true));
    } else if (phase === 'open') {
      shutdown();
      lostReason = reason;
      options.onLost(reason);
    }
  };
  const onAbort = (): void => fail('cancelled');

  return new Promise<TunnelSession>((resolve, reject) => {
    rejectOpen = reject;
    // Attached for the client's whole life and never removed: the client emits `error` without
    // anyone listening would crash the process, and late errors still arrive after close().
    tunnel.on('error', (err: Error) => fail(`tunnel connection to the server failed: ${err.message}`));
    tunnel.once('url', () => {
      if (phase !== 'opening') return;
      phase = 'open';
      clearTimeout(openTimer);
      options.signal.removeEventListener('abort', onAbort);
      resolve(session);
    });
    openTimer = setTimeout(
      () => fail(`the tunnel server registered "${answer.id}" but no tunnel connection to port ${answer.port} came up within ${Math.round(timeoutMs / 100) / 10} s`),
      timeoutMs,
    );
    options.signal.addEventListener('abort', onAbort, { once: true });

    tunnel.open((err) => {
      if (err) fail(err.message);
    });
    // _establish (run synchronously by open) created the cluster; its sockets connect later
    tunnel.tunnelCluster?.on('open', (remote: Socket) => {
      sockets.add(remote);
      clearTimeout(noSocketTimer);
      remote.once('close', () => {
        sockets.delete(remote);
        if (sockets.size === 0 && phase === 'open') {
          // the client replaces a closed socket at once; none for this long means it cannot
          clearTimeout(noSocketTimer);
          noSocketTimer = setTimeout(
            () => fail(`no tunnel connection to the server for ${Math.round(options.noSocketGraceMs / 100) / 10} s`),
            options.noSocketGraceMs,
          );
        }
      });
    });
  });
}
