/**
 * An in-memory ContainerEngine with the port's semantics as the real engines show them
 * (test/deploy/engine-contract.ts runs one suite over this, Docker and Podman): unique
 * names (409), missing things are null or no-ops, image removal refuses what is in use or
 * (by id) named by several tags, tags move on pull/build/tag, health checks run at their
 * interval (or, like Podman without systemd, only when asked: `runsHealthChecks: false`).
 * Containers "run" their command as a tiny script (fake-program.ts): echo lines become logs,
 * `exit N` ends them. Images come from a scripted registry (`publish`) or from builds, whose
 * Dockerfile's CMD, LABEL and HEALTHCHECK are honoured. For fast tests that need no engine.
 */
import { createHash, randomBytes } from 'node:crypto';
import { parseImageRef, repositoryName } from '../../../../shared/image-ref';
import type {
  BuildOptions,
  ContainerDetails,
  ContainerEngine,
  ContainerSpec,
  ContainerSummary,
  EngineInfo,
  EngineVersion,
  HealthStatus,
  ImageDetails,
  NetworkDetails,
  PublishedPort,
  PullProgress,
  RegistryAuth,
  ServiceDetails,
  ServiceSpecInput,
  ServiceTask,
} from './container-engine';
import { EngineError, EngineUnreachableError } from './engine-errors';
import { readDockerfile, readTar, runScript, scriptOf } from './fake-program';

interface Healthcheck {
  test: string[];
  intervalMs: number;
  retries: number;
}
interface FakeImage {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  labels: Record<string, string>;
  cmd?: string[];
  healthcheck?: Healthcheck;
}
interface FakeContainer {
  id: string;
  name: string;
  image: string;
  imageId: string;
  spec: ContainerSpec;
  command: string[];
  running: boolean;
  everStarted: boolean;
  exitCode: number;
  startedAt: string;
  logs: string[];
  ports: PublishedPort[];
  healthcheck?: Healthcheck;
  health: HealthStatus;
  failing: number;
  lastCheckAt: number;
  healthLog?: string;
  /** Network name → DNS aliases on it. */
  networks: Map<string, string[]>;
  /** Files written with putFile, by full path. */
  files: Map<string, Buffer>;
}
interface FakeService {
  id: string;
  version: number;
  spec: ServiceSpecInput;
  tasks: ServiceTask[];
}
/** What a registry entry pulls as. */
export interface PublishedImage {
  labels?: Record<string, string>;
  cmd?: string[];
  healthcheck?: Healthcheck;
  /** Pulling needs exactly these credentials. */
  credentials?: { username: string; password: string };
}
export interface FakeEngineOptions {
  /** Swarm mode on (services can be created). Default off. */
  swarm?: boolean;
  /** false: health checks run only through runHealthCheck (Podman without systemd). */
  runsHealthChecks?: boolean;
  /** Engine name in version(). */
  name?: string;
}

const newId = (): string => `sha256:${randomBytes(32).toString('hex')}`;
const containerId = (): string => randomBytes(32).toString('hex');
/** `busybox` → `docker.io/library/busybox:latest`: the key a tag is found by. */
function tagKey(ref: string): string | null {
  try {
    const r = parseImageRef(ref);
    if (r.digest && !ref.includes(':')) return null;
    return `${repositoryName(r)}:${r.tag ?? 'latest'}`;
  } catch {
    return null;
  }
}
const isIdLike = (ref: string): boolean => /^(sha256:)?[0-9a-f]{12,64}$/.test(ref);

export class FakeContainerEngine implements ContainerEngine {
  /** Every call fails as if the socket did not answer. */
  unreachable = false;
  /** What info() says of container addresses (null: reachable, as on a rootful Linux host). */
  addressesOutOfReach: string | null = null;
  /** When set, removeImage fails with it (an engine error in the middle of a cleanup). */
  removeImageError: Error | undefined;
  private readonly images = new Map<string, FakeImage>();
  private readonly containers = new Map<string, FakeContainer>();
  private readonly services = new Map<string, FakeService>();
  private readonly registry = new Map<string, { imageId: string; digest: string; image: PublishedImage }>();
  private readonly networks = new Map<string, NetworkDetails>([['bridge', { id: 'bridge0', name: 'bridge', driver: 'bridge', labels: {} }]]);
  private nextHostPort = 40_000;
  private readonly swarm: boolean;
  private readonly runsHealthChecks: boolean;
  private readonly name: string;

  constructor(opts: FakeEngineOptions = {}) {
    this.swarm = opts.swarm ?? false;
    this.runsHealthChecks = opts.runsHealthChecks ?? true;
    this.name = opts.name ?? 'Fake Engine';
  }

  // --- scripting (tests) ---

  /** Put an image in the local store under `tag` (like an import); returns its id. */
  addImage(tag: string, image: Omit<PublishedImage, 'credentials'> = {}): string {
    const id = newId();
    this.images.set(id, { id, repoTags: [], repoDigests: [], labels: image.labels ?? {}, ...(image.cmd ? { cmd: image.cmd } : {}), ...(image.healthcheck ? { healthcheck: image.healthcheck } : {}) });
    this.moveTag(tag, id);
    return id;
  }

  /** Publish `ref` (`host/path:tag`) on the scripted registry; returns its digest. */
  publish(ref: string, image: PublishedImage = {}): string {
    const key = tagKey(ref);
    if (!key) throw new Error(`bad reference ${ref}`);
    const digest = `sha256:${randomBytes(32).toString('hex')}`;
    this.registry.set(key, { imageId: newId(), digest, image });
    return digest;
  }

  /** All container ids (running or not). */
  containerIds(): string[] {
    return [...this.containers.keys()];
  }

  /** All image ids. */
  imageIds(): string[] {
    return [...this.images.keys()];
  }

  // --- the port ---

  private check(): void {
    if (this.unreachable) throw new EngineUnreachableError('connect ENOENT /var/run/fake-engine.sock');
  }

  async ping(): Promise<void> {
    this.check();
  }

  async version(): Promise<EngineVersion> {
    this.check();
    return { version: '0.0.0-fake', apiVersion: '1.41', name: this.name };
  }

  async info(): Promise<EngineInfo> {
    this.check();
    return { swarmActive: this.swarm, insecureRegistries: [], insecureCidrs: ['127.0.0.0/8'], containerAddressesOutOfReach: this.addressesOutOfReach };
  }

  private findContainer(idOrName: string): FakeContainer | undefined {
    const key = idOrName.replace(/^\//, '');
    for (const c of this.containers.values()) if (c.id === key || c.name === key) return c;
    if (key.length >= 12) for (const c of this.containers.values()) if (c.id.startsWith(key)) return c;
    return undefined;
  }

  private mustContainer(idOrName: string): FakeContainer {
    const c = this.findContainer(idOrName);
    if (!c) throw new EngineError(`No such container: ${idOrName}`, 404);
    return c;
  }

  private findImage(ref: string): FakeImage | undefined {
    if (isIdLike(ref)) {
      const id = ref.startsWith('sha256:') ? ref : `sha256:${ref}`;
      for (const img of this.images.values()) if (img.id.startsWith(id)) return img;
    }
    const key = tagKey(ref);
    if (!key) return undefined;
    for (const img of this.images.values()) if (img.repoTags.some((t) => tagKey(t) === key)) return img;
    return undefined;
  }

  /** Point `tag` at image `id`, taking it from whatever image had it. */
  private moveTag(tag: string, id: string): void {
    const key = tagKey(tag);
    for (const img of this.images.values()) img.repoTags = img.repoTags.filter((t) => tagKey(t) !== key);
    this.images.get(id)!.repoTags.push(tag);
  }

  async listContainers(labels: Record<string, string>): Promise<ContainerSummary[]> {
    this.check();
    return [...this.containers.values()]
      .filter((c) => Object.entries(labels).every(([k, v]) => c.spec.labels[k] === v))
      .map((c) => ({ id: c.id, name: c.name, image: c.image, imageId: c.imageId, labels: { ...c.spec.labels }, state: this.state(c) }));
  }

  private state(c: FakeContainer): string {
    return c.running ? 'running' : c.everStarted ? 'exited' : 'created';
  }

  async inspectContainer(idOrName: string): Promise<ContainerDetails | null> {
    this.check();
    const c = this.findContainer(idOrName);
    if (!c) return null;
    if (this.runsHealthChecks && c.running && c.healthcheck && Date.now() - c.lastCheckAt >= c.healthcheck.intervalMs) this.healthCheck(c);
    return {
      id: c.id,
      name: c.name,
      imageId: c.imageId,
      image: c.image,
      labels: { ...c.spec.labels },
      running: c.running,
      status: this.state(c),
      exitCode: c.exitCode,
      oomKilled: false,
      startedAt: c.startedAt,
      restartCount: 0,
      health: c.health,
      ...(c.healthLog !== undefined ? { healthLog: c.healthLog } : {}),
      ...(c.healthcheck ? { healthcheck: { intervalMs: c.healthcheck.intervalMs, retries: c.healthcheck.retries } } : {}),
      ports: c.ports.map((p) => ({ ...p })),
    };
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    this.check();
    const img = this.findImage(spec.image);
    if (!img) throw new EngineError(`No such image: ${spec.image}`, 404);
    if (this.findContainer(spec.name)) throw new EngineError(`Conflict. The container name "/${spec.name}" is already in use`, 409);
    const command = spec.command?.length ? spec.command : img.cmd;
    if (!command) throw new EngineError('No command specified', 400);
    const id = containerId();
    this.containers.set(id, {
      id,
      name: spec.name,
      image: spec.image,
      imageId: img.id,
      spec: structuredClone(spec),
      command,
      running: false,
      everStarted: false,
      exitCode: 0,
      startedAt: '0001-01-01T00:00:00Z',
      logs: [],
      ports: [],
      ...(img.healthcheck ? { healthcheck: img.healthcheck } : {}),
      health: 'none',
      failing: 0,
      lastCheckAt: 0,
      networks: new Map([[spec.network ?? 'bridge', spec.networkAliases ?? []]]),
      files: new Map(),
    });
    return id;
  }

  async startContainer(id: string): Promise<void> {
    this.check();
    const c = this.mustContainer(id);
    if (c.running) return;
    c.running = true;
    c.everStarted = true;
    c.startedAt = new Date().toISOString();
    c.exitCode = 0;
    c.ports = c.spec.ports.map((p) => ({ containerPort: p.containerPort, protocol: p.protocol, hostIp: p.hostIp ?? '0.0.0.0', hostPort: p.hostPort ?? this.nextHostPort++ }));
    if (c.healthcheck) {
      c.health = 'starting';
      c.failing = 0;
      c.lastCheckAt = Date.now();
    }
    const run = runScript(scriptOf(c.command), c.spec.env);
    c.logs.push(...run.stdout, ...run.stderr);
    if (run.exitCode !== undefined) {
      c.running = false;
      c.exitCode = run.exitCode;
    }
  }

  async stopContainer(id: string, _timeoutSeconds: number): Promise<void> {
    this.check();
    const c = this.mustContainer(id);
    // the programs tests run trap SIGTERM and exit 0
    c.running = false;
  }

  async renameContainer(id: string, name: string): Promise<void> {
    this.check();
    const c = this.mustContainer(id);
    const other = this.findContainer(name);
    if (other && other.id !== c.id) throw new EngineError(`Conflict. The container name "/${name}" is already in use`, 409);
    c.name = name;
  }

  async removeContainer(id: string): Promise<void> {
    this.check();
    const c = this.findContainer(id);
    if (c) this.containers.delete(c.id);
  }

  async containerLogs(id: string, tail: number): Promise<string> {
    this.check();
    const lines = this.mustContainer(id).logs.slice(-tail);
    return lines.length ? `${lines.join('\n')}\n` : '';
  }

  private healthCheck(c: FakeContainer): HealthStatus {
    const hc = c.healthcheck!;
    const run = runScript(scriptOf(hc.test), c.spec.env);
    c.lastCheckAt = Date.now();
    c.healthLog = run.stdout.join('\n');
    if ((run.exitCode ?? 0) === 0) {
      c.failing = 0;
      c.health = 'healthy';
    } else if (++c.failing >= hc.retries) {
      c.health = 'unhealthy';
    }
    return c.health;
  }

  async runHealthCheck(id: string): Promise<HealthStatus | null> {
    this.check();
    const c = this.mustContainer(id);
    if (this.runsHealthChecks) return null;
    if (!c.healthcheck) throw new EngineError('container has no defined healthcheck', 409);
    if (!c.running) throw new EngineError('container is not running', 409);
    return this.healthCheck(c);
  }

  async inspectImage(ref: string): Promise<ImageDetails | null> {
    this.check();
    const img = this.findImage(ref);
    if (!img) return null;
    return { id: img.id, repoTags: [...img.repoTags], repoDigests: [...img.repoDigests], labels: { ...img.labels }, hasHealthcheck: !!img.healthcheck };
  }

  async pullImage(ref: string, auth: RegistryAuth | undefined, onProgress: (p: PullProgress) => void, signal?: AbortSignal): Promise<void> {
    this.check();
    if (signal?.aborted) throw new Error('The operation was aborted');
    const key = tagKey(ref);
    const entry = key ? this.registry.get(key) : undefined;
    const repo = key ? key.slice(0, key.lastIndexOf(':')) : ref;
    if (!entry) throw new EngineError(`manifest for ${ref} not found: manifest unknown`, 404);
    const need = entry.image.credentials;
    if (need && (auth?.username !== need.username || auth?.password !== need.password)) {
      throw new EngineError(`Head "https://${repo}/manifests": unauthorized: authentication required`, 500);
    }
    onProgress({ status: `Pulling from ${repo}` });
    if (!this.images.has(entry.imageId)) {
      const { labels = {}, cmd, healthcheck } = entry.image;
      this.images.set(entry.imageId, { id: entry.imageId, repoTags: [], repoDigests: [], labels: { ...labels }, ...(cmd ? { cmd } : {}), ...(healthcheck ? { healthcheck } : {}) });
      onProgress({ id: entry.imageId.slice(7, 19), status: 'Pull complete' });
    }
    const img = this.images.get(entry.imageId)!;
    const pinned = `${ref.replace(/@.*$/, '').replace(/:[^:/]*$/, '')}@${entry.digest}`;
    if (!img.repoDigests.includes(pinned)) img.repoDigests.push(pinned);
    this.moveTag(ref, img.id);
    onProgress({ status: `Digest: ${entry.digest}` });
    onProgress({ status: `Status: Downloaded newer image for ${ref}` });
  }

  async buildImage(context: NodeJS.ReadableStream, options: BuildOptions, onOutput: (line: string) => void, signal?: AbortSignal): Promise<string> {
    this.check();
    const files = await readTar(context);
    if (signal?.aborted) throw new Error('The operation was aborted');
    const text = files.get(options.dockerfile.replace(/^\.\//, ''));
    if (text === undefined) throw new EngineError(`Cannot locate specified Dockerfile: ${options.dockerfile}`, 500);
    const facts = readDockerfile(text);
    const base = this.findImage(facts.from!);
    if (!base) throw new Error(`pull access denied for ${facts.from}, repository does not exist or may require 'docker login'`);
    onOutput(`Step 1/2 : FROM ${facts.from}`);
    const labels = { ...base.labels, ...facts.labels, ...options.labels };
    // identical builds give one image, as the engines' build cache does
    const hash = createHash('sha256').update(JSON.stringify([base.id, [...files].sort(), labels, options.buildArgs])).digest('hex');
    const id = `sha256:${hash}`;
    if (!this.images.has(id)) {
      const cmd = facts.cmd ?? base.cmd;
      const healthcheck = facts.healthcheck ?? base.healthcheck;
      this.images.set(id, { id, repoTags: [], repoDigests: [], labels, ...(cmd ? { cmd } : {}), ...(healthcheck ? { healthcheck } : {}) });
    }
    this.moveTag(options.tag, id);
    onOutput(`Successfully built ${id.slice(7, 19)}`);
    return id;
  }

  async tagImage(ref: string, repo: string, tag: string): Promise<void> {
    this.check();
    const img = this.findImage(ref);
    if (!img) throw new EngineError(`No such image: ${ref}`, 404);
    this.moveTag(`${repo}:${tag}`, img.id);
  }

  async removeImage(ref: string, force = false): Promise<void> {
    this.check();
    if (this.removeImageError) throw this.removeImageError;
    const img = this.findImage(ref);
    if (!img) return;
    const byTag = !isIdLike(ref);
    const used = [...this.containers.values()].some((c) => c.imageId === img.id);
    if (byTag && img.repoTags.length > 1) {
      // only this name goes; the image stays under its other tags
      img.repoTags = img.repoTags.filter((t) => tagKey(t) !== tagKey(ref));
      return;
    }
    if (!force && !byTag && img.repoTags.length > 1) throw new EngineError(`conflict: unable to delete ${img.id.slice(7, 19)} (must be forced) - image is referenced in multiple repositories`, 409);
    if (!force && used) throw new EngineError(`conflict: unable to delete ${img.id.slice(7, 19)} (must be forced) - image is being used by a container`, 409);
    this.images.delete(img.id);
  }

  private mustSwarm(): void {
    if (!this.swarm) throw new EngineError('This node is not a swarm manager', 503);
  }

  private findService(idOrName: string): FakeService | undefined {
    for (const s of this.services.values()) if (s.id === idOrName || s.spec.name === idOrName) return s;
    return undefined;
  }

  async inspectService(idOrName: string): Promise<ServiceDetails | null> {
    this.check();
    if (!this.swarm) return null;
    const s = this.findService(idOrName);
    if (!s) return null;
    return { id: s.id, name: s.spec.name, version: s.version, image: s.spec.image, labels: { ...s.spec.labels }, ...(s.version > 1 ? { updateState: 'completed' as const } : {}) };
  }

  private tasksFor(spec: ServiceSpecInput): ServiceTask[] {
    const createdAt = new Date().toISOString();
    return Array.from({ length: spec.replicas }, () => ({ id: containerId().slice(0, 25), state: 'running', desiredState: 'running', image: spec.image, createdAt }));
  }

  async createService(spec: ServiceSpecInput): Promise<string> {
    this.check();
    this.mustSwarm();
    if (this.findService(spec.name)) throw new EngineError(`rpc error: code = AlreadyExists desc = name conflicts with an existing object: service ${spec.name} already exists`, 409);
    const id = containerId().slice(0, 25);
    this.services.set(id, { id, version: 1, spec: structuredClone(spec), tasks: this.tasksFor(spec) });
    return id;
  }

  async updateService(id: string, version: number, spec: ServiceSpecInput): Promise<void> {
    this.check();
    this.mustSwarm();
    const s = this.findService(id);
    if (!s) throw new EngineError(`service ${id} not found`, 404);
    if (s.version !== version) throw new EngineError('rpc error: code = Unknown desc = update out of sequence', 500);
    for (const t of s.tasks) t.desiredState = t.state = 'shutdown';
    s.tasks.push(...this.tasksFor(spec));
    s.spec = structuredClone(spec);
    s.version++;
  }

  async removeService(id: string): Promise<void> {
    this.check();
    const s = this.swarm ? this.findService(id) : undefined;
    if (s) this.services.delete(s.id);
  }

  async listServiceTasks(serviceId: string): Promise<ServiceTask[]> {
    this.check();
    this.mustSwarm();
    return (this.findService(serviceId)?.tasks ?? []).map((t) => ({ ...t }));
  }

  // --- networks and files (the zero-downtime proxy's needs) ---

  private findNetwork(idOrName: string): NetworkDetails | undefined {
    return [...this.networks.values()].find((n) => n.name === idOrName || n.id === idOrName);
  }

  async inspectNetwork(idOrName: string): Promise<NetworkDetails | null> {
    this.check();
    const n = this.findNetwork(idOrName);
    return n ? { ...n, labels: { ...n.labels } } : null;
  }

  async createNetwork(name: string, labels: Record<string, string>): Promise<void> {
    this.check();
    if (this.findNetwork(name)) return;
    this.networks.set(name, { id: randomBytes(32).toString('hex'), name, driver: 'bridge', labels: { ...labels } });
  }

  async connectNetwork(network: string, containerId: string, aliases?: string[]): Promise<void> {
    this.check();
    const n = this.findNetwork(network);
    if (!n) throw new EngineError(`network ${network} not found`, 404);
    const c = this.mustContainer(containerId);
    if (!c.networks.has(n.name)) c.networks.set(n.name, aliases ?? []);
  }

  /** Like Docker: an address only while the container runs and is attached. */
  async containerNetworkAddress(containerId: string, network: string): Promise<string | null> {
    this.check();
    const c = this.findContainer(containerId);
    if (!c || !c.running || !c.networks.has(network)) return null;
    const n = createHash('sha256').update(`${network}/${c.id}`).digest();
    return `172.${16 + (n[0] % 16)}.${n[1]}.${(n[2] % 250) + 2}`;
  }

  async putFile(containerId: string, dir: string, name: string, content: string | Buffer): Promise<void> {
    this.check();
    const c = this.mustContainer(containerId);
    c.files.set(`${dir.replace(/\/+$/, '')}/${name}`, Buffer.isBuffer(content) ? content : Buffer.from(content));
  }

  /** A file written with putFile (tests). */
  fileOf(containerId: string, path: string): string | undefined {
    return this.findContainer(containerId)?.files.get(path)?.toString();
  }
}
