/**
 * Deploy-suite support: a DeployManager on a temp data dir with the real store, sealer and
 * component service; git repositories in temp dirs; waiting for deploys; cleanup by label.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { expect } from 'vitest';
import type { ApiEvent } from '../../shared/api';
import type { ComponentCreate } from '../../shared/schemas/component';
import type { Deploy, DeployTarget } from '../../shared/schemas/deploy';
import { isFinal } from '../../shared/schemas/deploy';
import { DeployManager } from '../../electron/core/deploy/deploy-manager';
import type { DeployManagerOptions } from '../../electron/core/deploy/deploy-manager';
import { EventBus } from '../../electron/core/events';
import { ComponentService } from '../../electron/core/service/component-service';
import { FileKeySealer } from '../../electron/core/store/sealer';
import { Store } from '../../electron/core/store/store';
import { BASE_IMAGE, HTTPD_CMD, ensureBaseImage } from '../support/docker';
import { freePort } from '../support/registry';

export const run = promisify(execFile);
export const docker = new Docker();

/** A component name no other suite (or run) uses. */
export const uniqueName = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

export interface Harness {
  dataDir: string;
  store: Store;
  events: EventBus;
  manager: DeployManager;
  components: ComponentService;
  seen: ApiEvent[];
  close(): Promise<void>;
}

export async function openHarness(dataDir?: string, extra: Partial<DeployManagerOptions> = {}): Promise<Harness> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'ad-deploy-')));
  const store = await Store.open(dir);
  const sealer = await FileKeySealer.open(join(dir, 'secret.key'));
  const events = new EventBus();
  const seen: ApiEvent[] = [];
  events.subscribe((e) => seen.push(e));
  const manager = new DeployManager({ store, sealer, events, dataDir: dir, dockerConfigDir: join(dir, 'no-docker-config'), ...extra });
  const components = new ComponentService(store, sealer, events, manager);
  await manager.start();
  return {
    dataDir: dir,
    store,
    events,
    manager,
    components,
    seen,
    async close() {
      await manager.stop(60_000);
      await store.close();
    },
  };
}

export async function createComponent(h: Harness, input: ComponentCreate): Promise<string> {
  return (await h.components.create(input)).id;
}

/** Wait until the deploy reaches a final state (polling the store, which every change goes through). */
export async function waitFinal(h: Harness, deployId: string, timeoutMs = 180_000): Promise<Deploy> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = h.store.data.deploys.find((x) => x.id === deployId);
    if (d && isFinal(d.state)) return structuredClone(d);
    if (Date.now() > deadline) throw new Error(`deploy ${deployId} still ${d?.state ?? 'missing'} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function deployAndWait(h: Harness, componentId: string, target: DeployTarget = {}): Promise<Deploy> {
  const d = await h.manager.request({ componentId, trigger: { kind: 'manual' }, target });
  return waitFinal(h, d.id);
}

/** The component's containers, by our label. */
export async function containersOf(componentId: string, client: Docker = docker): Promise<Docker.ContainerInfo[]> {
  return client.listContainers({ all: true, filters: { label: [`autodeploy.component=${componentId}`] } });
}

export async function httpText(port: number, path = '/version'): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5000) });
  return `${res.status} ${(await res.text()).trim()}`;
}

export const SERVE = `CMD ${JSON.stringify(HTTPD_CMD)}`;
export const dockerfileServing = (): string => `FROM ${BASE_IMAGE}\nCOPY version /www/version\n${SERVE}\n`;

/** Deploy settings publishing the served version (port 8080) on a loopback port, healthy after half a second. */
export const publishedOn = (port: number) => ({ ports: [`127.0.0.1:${port}:8080`], healthcheck: { timeoutSeconds: 30, stableSeconds: 0.5 } });

/** A git repository in a temp dir (branch main) whose commits are served versions. */
export class GitRepo {
  private constructor(readonly dir: string) {}

  static async create(): Promise<GitRepo> {
    const dir = await mkdtemp(join(tmpdir(), 'ad-repo-'));
    await run('git', ['init', '-q', '-b', 'main', dir]);
    await run('git', ['-C', dir, 'config', 'user.email', 'test@example.com']);
    await run('git', ['-C', dir, 'config', 'user.name', 'Test']);
    return new GitRepo(dir);
  }

  async write(files: Record<string, string>): Promise<void> {
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(this.dir, path)), { recursive: true });
      await writeFile(join(this.dir, path), content);
    }
  }

  /** Commit the given files (plus whatever changed); returns the full sha. */
  async commit(message: string, files: Record<string, string> = {}): Promise<string> {
    await this.write(files);
    await run('git', ['-C', this.dir, 'add', '-A']);
    await run('git', ['-C', this.dir, 'commit', '-q', '--allow-empty', '-m', message]);
    return (await run('git', ['-C', this.dir, 'rev-parse', 'HEAD'])).stdout.trim();
  }

  /** A served version: Dockerfile + version file. */
  version(v: string, dockerfile = dockerfileServing()): Promise<string> {
    return this.commit(`version ${v}`, { Dockerfile: dockerfile, version: `${v}\n` });
  }

  async git(...args: string[]): Promise<string> {
    return (await run('git', ['-C', this.dir, ...args])).stdout.trim();
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Remove what a suite created: containers, services, images of its components. */
export async function cleanupComponents(ids: string[], names: string[], client: Docker = docker): Promise<void> {
  for (const id of ids) {
    const services = await client.listServices({ filters: { label: [`autodeploy.component=${id}`] } }).catch(() => []);
    for (const s of services) await client.getService(s.ID).remove().catch(() => undefined);
    for (const c of await containersOf(id, client).catch(() => [])) await client.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
    const images = await client.listImages({ filters: { label: [`autodeploy.component=${id}`] } }).catch(() => []);
    for (const img of images) await client.getImage(img.Id).remove({ force: true }).catch(() => undefined);
  }
  for (const name of names) {
    const images = await client.listImages({ filters: { reference: [`autodeploy/${name}`] } }).catch(() => []);
    for (const img of images) await client.getImage(img.Id).remove({ force: true }).catch(() => undefined);
  }
}

/**
 * Build an image from a Dockerfile text with the CLI (test setup, not the code under test).
 * A label naming the tag keeps the image id apart from identical builds of other suites
 * (the build cache would otherwise hand them all one image).
 */
export async function buildWithCli(tag: string, dockerfile: string, files: Record<string, string> = {}, cli: string[] = []): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ad-img-'));
  try {
    await writeFile(join(dir, 'Dockerfile'), `${dockerfile.trimEnd()}\nLABEL test.built-as="${tag}"\n`);
    for (const [p, c] of Object.entries(files)) await writeFile(join(dir, p), c);
    await run('docker', [...cli, 'build', '-q', '-t', tag, dir]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Builds a served `version` (dockerfileServing) as `ref` and pushes it; returns the digest the registry gave it. */
export async function pushServedVersion(ref: string, version: string): Promise<string> {
  await buildWithCli(ref, dockerfileServing(), { version: `${version}\n` });
  await run('docker', ['push', '-q', ref]);
  return (await run('docker', ['inspect', '--format', '{{index .RepoDigests 0}}', ref])).stdout.trim().split('@')[1];
}

export interface ServingComponent {
  h: Harness;
  repo: GitRepo;
  /** The loopback port the component publishes 8080 on. */
  port: number;
  componentId: string;
}

/**
 * A harness and a component built from a fresh git repo, published on a free loopback port, with
 * `firstVersion` deployed and healthy: the start of the suites that interrupt a later deploy.
 * If any step fails, what it made is closed and removed before the error is passed on.
 */
export async function servingGitComponent(name: string, firstVersion: string): Promise<ServingComponent> {
  await ensureBaseImage();
  const repo = await GitRepo.create();
  let h: Harness | undefined;
  let componentId: string | undefined;
  try {
    const port = await freePort();
    h = await openHarness();
    componentId = await createComponent(h, {
      name,
      source: { type: 'git', repo: repo.dir, branch: 'main' },
      deploy: publishedOn(port),
    });
    const d = await deployAndWait(h, componentId, { commit: await repo.version(firstVersion) });
    expect(d.state, d.reason).toBe('succeeded');
    return { h, repo, port, componentId };
  } catch (err) {
    await h?.close();
    await repo.remove();
    await cleanupComponents(componentId ? [componentId] : [], [name]);
    throw err;
  }
}
