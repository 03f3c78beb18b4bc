/** The real ContainerEngine: dockerode against DOCKER_HOST or the default socket. */
import type Docker from 'dockerode';
import type {
  BuildOptions,
  ContainerDetails,
  ContainerEngine,
  ContainerSpec,
  ContainerSummary,
  EngineInfo,
  EngineVersion,
  HealthStatus,
  HealthcheckConfig,
  ImageDetails,
  NetworkDetails,
  PullProgress,
  RegistryAuth,
  ServiceDetails,
  ServiceSpecInput,
  ServiceTask,
} from './container-engine';
import { containerAddressesOutOfReach } from './container-reach';
import { EngineError, isNotFound, mapEngineError } from './engine-errors';
import { readJsonLines } from './json-lines';
import { demuxLogs } from './log-demux';
import { loadDockerode } from './load-dockerode';
import { oneFileTar } from './one-file-tar';
import { toDockerServiceSpec } from './swarm-spec';

/** Podman lists "Podman Engine" among /version's Components; Docker lists "Engine". */
function engineName(components: Array<{ Name?: string }> | undefined): string | undefined {
  const names = (components ?? []).map((c) => c.Name ?? '');
  if (names.includes('Podman Engine')) return 'Podman Engine';
  if (names.includes('Engine')) return 'Docker Engine';
  return names.find((n) => /engine/i.test(n));
}

/** Podman reports a container without a health check as "" where Docker omits the state. */
const HEALTH: readonly string[] = ['starting', 'healthy', 'unhealthy'];
const healthStatus = (status: string | undefined): HealthStatus => (status && HEALTH.includes(status) ? (status as HealthStatus) : 'none');

/** Docker's health-check defaults: 30 s between checks, 3 failures make it unhealthy. */
function healthcheckOf(hc: { Test?: string[]; Interval?: number; Retries?: number } | undefined): { healthcheck?: HealthcheckConfig } {
  const test = hc?.Test;
  if (!Array.isArray(test) || test.length === 0 || test[0] === 'NONE') return {};
  return { healthcheck: { intervalMs: hc?.Interval ? hc.Interval / 1e6 : 30_000, retries: hc?.Retries || 3 } };
}

const portKey = (p: { containerPort: number; protocol: string }): string => `${p.containerPort}/${p.protocol}`;

export class DockerodeEngine implements ContainerEngine {
  private client: Docker | undefined;

  constructor(docker?: Docker) {
    this.client = docker;
  }

  /** The client, made (and dockerode loaded) on first use rather than at start-up. */
  private get docker(): Docker {
    this.client ??= new (loadDockerode())();
    return this.client;
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw mapEngineError(err);
    }
  }

  /** The same call, but null when the engine says 404. */
  private async maybe<T>(fn: () => Promise<T>): Promise<T | null> {
    try {
      return await this.call(fn);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async ping(): Promise<void> {
    await this.call(() => this.docker.ping());
  }

  /** Podman's compatible API names itself in /version's Components; null until asked. */
  private podman: boolean | null = null;

  async version(): Promise<EngineVersion> {
    const v = (await this.call(() => this.docker.version())) as Docker.DockerVersion & { Components?: Array<{ Name?: string }> };
    const name = engineName(v.Components);
    this.podman = name === 'Podman Engine';
    return { version: v.Version, apiVersion: v.ApiVersion, ...(name ? { name } : {}) };
  }

  async info(): Promise<EngineInfo> {
    const info = (await this.call(() => this.docker.info())) as {
      Swarm?: { LocalNodeState?: string };
      RegistryConfig?: { IndexConfigs?: Record<string, { Name: string; Secure: boolean }>; InsecureRegistryCIDRs?: string[] };
      SecurityOptions?: string[];
      OperatingSystem?: string;
    };
    // docker-modem: `host` is set for tcp:// and ssh:// engines; a socket (path, or a function finding the default one) otherwise
    const modem = (this.docker as unknown as { modem?: { host?: unknown; socketPath?: unknown } }).modem;
    const index = info.RegistryConfig?.IndexConfigs ?? {};
    return {
      swarmActive: info.Swarm?.LocalNodeState === 'active',
      insecureRegistries: Object.values(index)
        .filter((c) => !c.Secure)
        .map((c) => c.Name),
      insecureCidrs: info.RegistryConfig?.InsecureRegistryCIDRs ?? [],
      containerAddressesOutOfReach: containerAddressesOutOfReach({
        platform: process.platform,
        localSocket: !modem?.host && !!modem?.socketPath,
        securityOptions: info.SecurityOptions ?? [],
        operatingSystem: info.OperatingSystem ?? '',
      }),
    };
  }

  async listContainers(labels: Record<string, string>): Promise<ContainerSummary[]> {
    const label = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
    const list = await this.call(() => this.docker.listContainers({ all: true, filters: { label } }));
    return list.map((c) => ({
      id: c.Id,
      name: (c.Names[0] ?? '').replace(/^\//, ''),
      image: c.Image,
      imageId: c.ImageID,
      labels: c.Labels ?? {},
      state: c.State,
    }));
  }

  async inspectContainer(idOrName: string): Promise<ContainerDetails | null> {
    const c = await this.maybe(() => this.docker.getContainer(idOrName).inspect());
    if (!c) return null;
    const health = c.State.Health;
    const lastProbe = health?.Log?.[health.Log.length - 1];
    const ports = Object.entries(c.NetworkSettings?.Ports ?? {}).flatMap(([key, bindings]) => {
      const [port, protocol = 'tcp'] = key.split('/');
      return (bindings ?? []).map((b) => ({ containerPort: Number(port), protocol, hostIp: b.HostIp, hostPort: Number(b.HostPort) }));
    });
    return {
      id: c.Id,
      name: c.Name.replace(/^\//, ''),
      imageId: c.Image,
      image: c.Config.Image,
      labels: c.Config.Labels ?? {},
      running: c.State.Running,
      status: c.State.Status,
      exitCode: c.State.ExitCode,
      ...(c.State.Error ? { error: c.State.Error } : {}),
      oomKilled: c.State.OOMKilled,
      startedAt: c.State.StartedAt,
      restartCount: c.RestartCount,
      health: healthStatus(health?.Status),
      ...(lastProbe ? { healthLog: lastProbe.Output.trim() } : {}),
      ...healthcheckOf(c.Config.Healthcheck),
      ports,
    };
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    const exposed: Record<string, object> = {};
    const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
    for (const p of spec.ports) {
      const key = portKey(p);
      exposed[key] = {};
      (bindings[key] ??= []).push({ HostIp: p.hostIp ?? '', HostPort: p.hostPort === undefined ? '' : String(p.hostPort) });
    }
    const container = await this.call(() =>
      this.docker.createContainer({
        name: spec.name,
        Image: spec.image,
        Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
        ...(spec.command?.length ? { Cmd: spec.command } : {}),
        Labels: spec.labels,
        ExposedPorts: exposed,
        HostConfig: {
          PortBindings: bindings,
          Binds: spec.volumes,
          RestartPolicy: { Name: spec.restart === 'no' ? '' : spec.restart },
          ...(spec.network ? { NetworkMode: spec.network } : {}),
        },
        ...(spec.network && spec.networkAliases?.length ? { NetworkingConfig: { EndpointsConfig: { [spec.network]: { Aliases: spec.networkAliases } } } } : {}),
      }),
    );
    return container.id;
  }

  async startContainer(id: string): Promise<void> {
    try {
      await this.call(() => this.docker.getContainer(id).start());
    } catch (err) {
      // 304: already running
      if (!(err instanceof EngineError && err.statusCode === 304)) throw err;
    }
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    try {
      await this.call(() => this.docker.getContainer(id).stop({ t: timeoutSeconds }));
    } catch (err) {
      // 304: already stopped
      if (!(err instanceof EngineError && err.statusCode === 304)) throw err;
    }
  }

  async renameContainer(id: string, name: string): Promise<void> {
    await this.call(() => this.docker.getContainer(id).rename({ name }));
  }

  async removeContainer(id: string): Promise<void> {
    await this.maybe(() => this.docker.getContainer(id).remove({ force: true, v: false }));
  }

  async containerLogs(id: string, tail: number): Promise<string> {
    const raw: unknown = await this.call(() => this.docker.getContainer(id).logs({ stdout: true, stderr: true, tail, follow: false }));
    return demuxLogs(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw)));
  }

  async runHealthCheck(id: string): Promise<HealthStatus | null> {
    if (this.podman === null) await this.version();
    if (!this.podman) return null;
    // libpod's endpoint runs the check once and records it in the container's health state;
    // it lives under a versioned /libpod path that dockerode has no method for
    const modem = this.docker.modem as unknown as { version?: string; dial(opts: object, cb: (err: unknown, data: unknown) => void): void };
    const path = `${modem.version ? '' : '/v4.0.0'}/libpod/containers/${encodeURIComponent(id)}/healthcheck`;
    let answer: unknown;
    try {
      answer = await this.call(
        () =>
          new Promise<unknown>((resolve, reject) =>
            modem.dial({ path, method: 'GET', statusCodes: { 200: true, 404: 'no such container', 409: 'no health check', 500: 'server error' } }, (err, data) =>
              err ? reject(err instanceof Error ? err : new Error('the health-check call failed')) : resolve(data),
            ),
          ),
      );
    } catch (err) {
      // a check that could not run or timed out ("healthcheck command exceeded timeout") is
      // recorded by Podman as a failed probe: the container's state tells the rest
      if (err instanceof EngineError && err.statusCode !== 404) return 'starting';
      throw err;
    }
    const status = (answer as { Status?: string } | null)?.Status;
    return status === 'healthy' || status === 'unhealthy' || status === 'starting' ? status : 'none';
  }

  async inspectImage(ref: string): Promise<ImageDetails | null> {
    const img = await this.maybe(() => this.docker.getImage(ref).inspect());
    if (!img) return null;
    const test = img.Config?.Healthcheck?.Test;
    return {
      id: img.Id,
      repoTags: img.RepoTags ?? [],
      repoDigests: img.RepoDigests ?? [],
      labels: img.Config?.Labels ?? {},
      hasHealthcheck: Array.isArray(test) && test.length > 0 && test[0] !== 'NONE',
    };
  }

  async pullImage(ref: string, auth: RegistryAuth | undefined, onProgress: (p: PullProgress) => void, signal?: AbortSignal): Promise<void> {
    const stream = await this.call(() =>
      this.docker.pull(ref, { ...(auth ? { authconfig: auth } : {}), ...(signal ? { abortSignal: signal } : {}) }),
    );
    await this.call(() =>
      readJsonLines(stream, signal, (obj) => {
        const o = obj as { status?: string; id?: string; progressDetail?: { current?: number; total?: number } };
        if (o.status) {
          onProgress({ status: o.status, ...(o.id ? { id: o.id } : {}), current: o.progressDetail?.current, total: o.progressDetail?.total });
        }
      }),
    );
  }

  async buildImage(context: NodeJS.ReadableStream, options: BuildOptions, onOutput: (line: string) => void, signal?: AbortSignal): Promise<string> {
    const stream = await this.call(() =>
      this.docker.buildImage(context, {
        t: options.tag,
        dockerfile: options.dockerfile,
        buildargs: options.buildArgs,
        labels: options.labels,
        rm: true,
        forcerm: true,
        ...(signal ? { abortSignal: signal } : {}),
      }),
    );
    let imageId: string | undefined;
    await this.call(() =>
      readJsonLines(stream, signal, (obj) => {
        const o = obj as { stream?: string; status?: string; aux?: { ID?: string } };
        if (o.aux?.ID) imageId = o.aux.ID;
        const text = o.stream ?? o.status;
        if (text) for (const line of text.split('\n')) if (line.trim()) onOutput(line.replace(/\r$/, ''));
      }),
    );
    if (!imageId) {
      const img = await this.inspectImage(options.tag);
      if (!img) throw new EngineError('the build finished without an image');
      imageId = img.id;
    }
    return imageId;
  }

  async tagImage(ref: string, repo: string, tag: string): Promise<void> {
    await this.call(() => this.docker.getImage(ref).tag({ repo, tag }));
  }

  async removeImage(ref: string, force = false): Promise<void> {
    await this.maybe(() => this.docker.getImage(ref).remove({ force, noprune: false }));
  }

  async inspectService(idOrName: string): Promise<ServiceDetails | null> {
    let s: Docker.Service | null;
    try {
      s = await this.maybe(() => this.docker.getService(idOrName).inspect() as Promise<Docker.Service>);
    } catch (err) {
      // 503 "not a swarm manager": an engine outside swarm mode has no services at all
      if (err instanceof EngineError && err.statusCode === 503) return null;
      throw err;
    }
    if (!s) return null;
    const container = s.Spec?.TaskTemplate as { ContainerSpec?: { Image?: string } } | undefined;
    return {
      id: s.ID,
      name: s.Spec?.Name ?? idOrName,
      version: s.Version?.Index ?? 0,
      image: container?.ContainerSpec?.Image ?? '',
      labels: s.Spec?.Labels ?? {},
      ...(s.UpdateStatus?.State ? { updateState: s.UpdateStatus.State } : {}),
      ...(s.UpdateStatus?.Message ? { updateMessage: s.UpdateStatus.Message } : {}),
      ...(s.UpdateStatus?.StartedAt ? { updateStartedAt: s.UpdateStatus.StartedAt } : {}),
    };
  }

  async createService(spec: ServiceSpecInput): Promise<string> {
    const created = await this.call(() => this.docker.createService(toDockerServiceSpec(spec) as Docker.CreateServiceOptions));
    return created.id;
  }

  async updateService(id: string, version: number, spec: ServiceSpecInput): Promise<void> {
    await this.call(() =>
      this.docker.getService(id).update({ _query: { version }, _body: toDockerServiceSpec(spec) }) as Promise<unknown>,
    );
  }

  async removeService(id: string): Promise<void> {
    await this.maybe(() => this.docker.getService(id).remove() as Promise<unknown>);
  }

  async listServiceTasks(serviceId: string): Promise<ServiceTask[]> {
    const tasks = (await this.call(() => this.docker.listTasks({ filters: { service: [serviceId] } }))) as Array<{
      ID: string;
      CreatedAt?: string;
      DesiredState?: string;
      Spec?: { ContainerSpec?: { Image?: string } };
      Status?: { State?: string; Err?: string; Message?: string };
    }>;
    return tasks.map((t) => ({
      id: t.ID,
      state: t.Status?.State ?? 'unknown',
      desiredState: t.DesiredState ?? 'unknown',
      image: t.Spec?.ContainerSpec?.Image ?? '',
      ...(t.Status?.Err ? { error: t.Status.Err } : {}),
      ...(t.Status?.Message ? { message: t.Status.Message } : {}),
      createdAt: t.CreatedAt ?? '',
    }));
  }

  async inspectNetwork(idOrName: string): Promise<NetworkDetails | null> {
    const n = (await this.maybe(() => this.docker.getNetwork(idOrName).inspect())) as { Id: string; Name: string; Driver: string; Labels?: Record<string, string> } | null;
    return n ? { id: n.Id, name: n.Name, driver: n.Driver, labels: n.Labels ?? {} } : null;
  }

  async createNetwork(name: string, labels: Record<string, string>): Promise<void> {
    if (await this.inspectNetwork(name)) return;
    try {
      await this.call(() => this.docker.createNetwork({ Name: name, Driver: 'bridge', CheckDuplicate: true, Labels: labels }));
    } catch (err) {
      // another process created it meanwhile
      if (!(err instanceof EngineError && err.statusCode === 409) && !(await this.inspectNetwork(name))) throw err;
    }
  }

  async connectNetwork(network: string, containerId: string, aliases?: string[]): Promise<void> {
    if (await this.containerNetworkAddress(containerId, network)) return;
    await this.call(() => this.docker.getNetwork(network).connect({ Container: containerId, ...(aliases?.length ? { EndpointConfig: { Aliases: aliases } } : {}) }));
  }

  async containerNetworkAddress(containerId: string, network: string): Promise<string | null> {
    const c = await this.maybe(() => this.docker.getContainer(containerId).inspect());
    const ip = c?.NetworkSettings?.Networks?.[network]?.IPAddress;
    return ip ? ip : null;
  }

  async putFile(containerId: string, dir: string, name: string, content: string | Buffer): Promise<void> {
    const tar = oneFileTar(name, Buffer.isBuffer(content) ? content : Buffer.from(content));
    await this.call(() => this.docker.getContainer(containerId).putArchive(tar, { path: dir }));
  }
}
