/** Engine status, as the tray, the dashboard and `GET /status` show it. */
import type { CatchUpStatus } from './catch-up';

export type TunnelState = 'off' | 'connecting' | 'online' | 'reconnecting' | 'error';
export interface TunnelStatus {
  state: TunnelState;
  /** Public URL when online (and the last one while reconnecting). */
  url?: string;
  /** The URL before the last change, so the user can see what changed. */
  previousUrl?: string;
  /** When the URL last changed (ISO time). */
  urlChangedAt?: string;
  requestedSubdomain?: string;
  /** True when a requested subdomain was not granted. */
  subdomainMismatch?: boolean;
  /** Why it is in `error` / `reconnecting`, or what the liveness probe said. */
  reason?: string;
  host: string;
  /** Next reconnect attempt (ISO time) while reconnecting/error. */
  nextRetryAt?: string;
}

export interface DockerStatus {
  ok: boolean;
  /** Which engine answers the Docker API: `Docker Engine`, `Podman Engine`. */
  engine?: string;
  version?: string;
  apiVersion?: string;
  /** "Docker engine not reachable: ..." when not ok. */
  error?: string;
  swarm?: boolean;
}

export interface RunningJob {
  deployId: string;
  componentId: string;
  componentName: string;
  state: string;
}

export interface Status {
  version: string;
  autoDeploy: boolean;
  /** Local webhook listener base URL, e.g. http://127.0.0.1:7780 */
  listenerUrl: string;
  tunnel: TunnelStatus;
  docker: DockerStatus;
  runningJobs: RunningJob[];
  /** Things the user should know: data file recovered, keyring unavailable, ... */
  warnings: string[];
  secretsBackend: 'file' | 'safeStorage';
  dataDir: string;
  /** The catch-up checks (absent where the engine runs none). */
  catchUp?: CatchUpStatus;
  /** `headless` under `serve` (no tray, notifications or start at login); absent from older engines. */
  mode?: 'desktop' | 'headless';
}

export interface WebhookUrl {
  trigger: 'git' | 'image' | 'api';
  /** The URL to paste into the provider: public when the tunnel is online. */
  url: string;
  localUrl: string;
  publicUrl?: string;
  /** Which base `url` uses. */
  base: 'tunnel' | 'local';
}
export interface ComponentWebhooks {
  componentId: string;
  hooks: WebhookUrl[];
}
