/**
 * The container-engine port: the few Docker operations the deploy engine needs, in plain
 * domain types. `DockerodeEngine` (dockerode-engine.ts) is the real implementation, made by
 * create-engine.ts; deploy logic depends only on this interface.
 */

export { EngineError, EngineUnreachableError } from './engine-errors';

export interface EngineVersion {
  version: string;
  apiVersion: string;
  /** Which engine answers: `Docker Engine`, `Podman Engine` (from /version's Components). */
  name?: string;
}
export interface EngineInfo {
  swarmActive: boolean;
  /** Registries the engine talks to over plain http (IndexConfigs with Secure=false). */
  insecureRegistries: string[];
  insecureCidrs: string[];
  /** null when this process can connect to containers' network addresses, else why not (container-reach.ts). */
  containerAddressesOutOfReach: string | null;
}

export interface PortBinding {
  containerPort: number;
  protocol: 'tcp' | 'udp';
  hostIp?: string;
  /** Undefined: a random host port. */
  hostPort?: number;
}
export interface PublishedPort {
  containerPort: number;
  protocol: string;
  hostIp: string;
  hostPort: number;
}

export interface ContainerSummary {
  id: string;
  /** Without the leading slash. */
  name: string;
  image: string;
  imageId: string;
  labels: Record<string, string>;
  /** running, exited, created, restarting, paused, dead */
  state: string;
}
export type HealthStatus = 'none' | 'starting' | 'healthy' | 'unhealthy';
export interface ContainerDetails {
  id: string;
  name: string;
  imageId: string;
  /** The reference the container was created from. */
  image: string;
  labels: Record<string, string>;
  running: boolean;
  status: string;
  exitCode: number;
  error?: string;
  oomKilled: boolean;
  startedAt: string;
  restartCount: number;
  health: HealthStatus;
  /** Last health-check output, when there is one. */
  healthLog?: string;
  /** The container's own health check (Config.Healthcheck, other than NONE); absent: none. */
  healthcheck?: HealthcheckConfig;
  ports: PublishedPort[];
}
export interface HealthcheckConfig {
  /** Time between checks (Docker's default 30 s when the image gives none). */
  intervalMs: number;
  retries: number;
}
export interface ContainerSpec {
  name: string;
  image: string;
  env: Record<string, string>;
  command?: string[];
  ports: PortBinding[];
  /** `source:/target[:ro]`, source a host path or a volume name. */
  volumes: string[];
  restart: 'no' | 'always' | 'unless-stopped' | 'on-failure';
  network?: string;
  /** Extra DNS names of the container on `network` (a user-defined network only). */
  networkAliases?: string[];
  labels: Record<string, string>;
}

export interface NetworkDetails {
  id: string;
  name: string;
  driver: string;
  labels: Record<string, string>;
}

export interface ImageDetails {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  labels: Record<string, string>;
  /** The image declares a Docker HEALTHCHECK (other than NONE). */
  hasHealthcheck: boolean;
}
export interface RegistryAuth {
  username: string;
  password: string;
  serveraddress: string;
}
export interface PullProgress {
  id?: string;
  status: string;
  current?: number;
  total?: number;
}
export interface BuildOptions {
  /** `repo:tag` */
  tag: string;
  /** Path of the Dockerfile inside the context. */
  dockerfile: string;
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
}

/** A Swarm service is a container spec without a restart policy (Swarm restarts tasks itself). */
export interface ServiceSpecInput extends Omit<ContainerSpec, 'restart'> {
  replicas: number;
  /** How long Swarm watches each updated task for failure before moving on. */
  monitorSeconds: number;
}
export type ServiceUpdateState = 'updating' | 'paused' | 'completed' | 'rollback_started' | 'rollback_paused' | 'rollback_completed';
export interface ServiceDetails {
  id: string;
  name: string;
  version: number;
  image: string;
  labels: Record<string, string>;
  updateState?: ServiceUpdateState;
  updateMessage?: string;
  updateStartedAt?: string;
}
export interface ServiceTask {
  id: string;
  state: string;
  desiredState: string;
  image: string;
  error?: string;
  message?: string;
  createdAt: string;
}

export interface ContainerEngine {
  ping(): Promise<void>;
  version(): Promise<EngineVersion>;
  info(): Promise<EngineInfo>;

  /** Containers (running or not) carrying every `key=value` label given. */
  listContainers(labels: Record<string, string>): Promise<ContainerSummary[]>;
  /** null when no such container. */
  inspectContainer(idOrName: string): Promise<ContainerDetails | null>;
  createContainer(spec: ContainerSpec): Promise<string>;
  /** Start; an already running container is fine. */
  startContainer(id: string): Promise<void>;
  /** Stop with a grace period; a stopped container is fine. */
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  renameContainer(id: string, name: string): Promise<void>;
  /** Force-remove; a missing container is fine. */
  removeContainer(id: string): Promise<void>;
  /** The last `tail` lines of stdout+stderr. */
  containerLogs(id: string, tail: number): Promise<string>;
  /**
   * Run the container's health check once, now, where the engine does not run checks by itself
   * (Podman without systemd timers); null on an engine that runs them itself (Docker).
   */
  runHealthCheck(id: string): Promise<HealthStatus | null>;

  inspectImage(ref: string): Promise<ImageDetails | null>;
  pullImage(ref: string, auth: RegistryAuth | undefined, onProgress: (p: PullProgress) => void, signal?: AbortSignal): Promise<void>;
  /** Build from a tar context; resolves with the image id. Build errors reject. */
  buildImage(context: NodeJS.ReadableStream, options: BuildOptions, onOutput: (line: string) => void, signal?: AbortSignal): Promise<string>;
  tagImage(ref: string, repo: string, tag: string): Promise<void>;
  /**
   * Remove an image (by id or reference); a missing image is fine. By reference it removes that
   * tag (and the image with its last tag). A conflict (a container uses it; by id, other tags
   * name it) is an EngineError with status 409 on every engine.
   */
  removeImage(ref: string, force?: boolean): Promise<void>;

  inspectService(idOrName: string): Promise<ServiceDetails | null>;
  createService(spec: ServiceSpecInput): Promise<string>;
  updateService(id: string, version: number, spec: ServiceSpecInput): Promise<void>;
  removeService(id: string): Promise<void>;
  listServiceTasks(serviceId: string): Promise<ServiceTask[]>;

  // --- networks and files, for the zero-downtime proxy (runtime/proxy/); added in round 2 ---

  /** null when no such network. */
  inspectNetwork(idOrName: string): Promise<NetworkDetails | null>;
  /** Create a bridge network; one that already exists under that name is fine. */
  createNetwork(name: string, labels: Record<string, string>): Promise<void>;
  /** Attach a container to a network (with DNS aliases); already attached is fine. */
  connectNetwork(network: string, containerId: string, aliases?: string[]): Promise<void>;
  /** The container's IPv4 address on that network; null when not attached (or no container). */
  containerNetworkAddress(containerId: string, network: string): Promise<string | null>;
  /** Write one file into a (created, not necessarily started) container: `dir` must exist in it. */
  putFile(containerId: string, dir: string, name: string, content: string | Buffer): Promise<void>;
}
