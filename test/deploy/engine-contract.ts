/**
 * The ContainerEngine contract: the semantics deploy logic relies on, as one suite that every
 * implementation must pass — the real Docker engine, Podman's Docker-compatible API and the
 * in-memory fake (engine-contract.test.ts runs it over all three). Missing things are null or
 * no-ops, names are unique, repeated stops/starts are fine, logs come back demultiplexed,
 * errors keep their status, image removal keeps what is in use or named by other tags, health
 * checks reach a verdict (run on demand where the engine does not run them).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tarFs from 'tar-fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ContainerDetails, ContainerEngine, ContainerSpec, HealthStatus } from '../../electron/core/deploy/engine/container-engine';
import { EngineError } from '../../electron/core/deploy/engine/engine-errors';
import { localRepository } from '../../shared/image-ref';
import { uniqueName } from './helpers';

export interface ContractSubject {
  engine: ContainerEngine;
  /** A local image with busybox's sh (the tests' containers run sh scripts). */
  baseImage: string;
  /** Make `repo:tag` pullable (a registry the engine reaches); returns the reference. */
  publish(path: string, tag: string): Promise<string>;
  /** Remove what the suite left behind (images by reference prefix). */
  cleanup(): Promise<void>;
}

const RUN_SH = (script: string): string[] => ['/bin/sh', '-c', `${script}; trap 'exit 0' TERM; sleep 600 & wait`];
const sameRepo = (tags: string[], ref: string): boolean => tags.some((t) => localRepository(t) === localRepository(ref) && t.endsWith(`:${ref.split(':').pop()}`));

async function buildContext(files: Record<string, string>): Promise<{ stream: NodeJS.ReadableStream; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ad-contract-'));
  for (const [p, c] of Object.entries(files)) {
    await mkdir(join(dir, p, '..'), { recursive: true });
    await writeFile(join(dir, p), c);
  }
  return { stream: tarFs.pack(dir), dispose: () => rm(dir, { recursive: true, force: true }) };
}

export function engineContract(makeSubject: () => Promise<ContractSubject>): void {
  let s: ContractSubject;
  let engine: ContainerEngine;
  const label = uniqueName('c_contract');
  const name = uniqueName('autodeploy-contract');
  const repo = `autodeploy-contract/${uniqueName('img')}`;
  const spec = (over: Partial<ContainerSpec>): ContainerSpec => ({
    name: uniqueName(name),
    image: s.baseImage,
    env: {},
    ports: [],
    volumes: [],
    restart: 'no',
    labels: { 'autodeploy.component': label },
    ...over,
  });
  async function build(tag: string, dockerfile: string): Promise<string> {
    const ctx = await buildContext({ Dockerfile: dockerfile });
    try {
      return await engine.buildImage(ctx.stream, { tag, dockerfile: 'Dockerfile', buildArgs: {}, labels: { 'test.built-as': tag } }, () => undefined);
    } finally {
      await ctx.dispose();
    }
  }
  /** Inspect until the health status is final, running the check where the engine does not. */
  async function healthVerdict(id: string): Promise<{ status: HealthStatus; details: ContainerDetails }> {
    for (let i = 0; i < 100; i++) {
      const c = (await engine.inspectContainer(id))!;
      if (c.health !== 'starting') return { status: c.health, details: c };
      await engine.runHealthCheck(id);
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('health stayed starting');
  }

  beforeAll(async () => {
    s = await makeSubject();
    engine = s.engine;
  }, 120_000);
  afterAll(async () => {
    if (!engine) return;
    for (const c of await engine.listContainers({ 'autodeploy.component': label })) await engine.removeContainer(c.id);
    await s.cleanup();
  });

  it('reports version and info, naming the engine', async () => {
    const v = await engine.version();
    expect(v.apiVersion).toMatch(/^\d+\.\d+$/);
    expect(v.version).toBeTruthy();
    expect(v.name).toMatch(/Engine$/);
    const info = await engine.info();
    expect(typeof info.swarmActive).toBe('boolean');
    // the engines here are rootful, on this Linux host, over their local sockets
    expect(info.containerAddressesOutOfReach).toBeNull();
  });

  it('answers null for what does not exist, and removing it is a no-op', async () => {
    expect(await engine.inspectContainer('autodeploy-no-such-container-xyz')).toBeNull();
    expect(await engine.inspectImage('autodeploy/no-such-image:none')).toBeNull();
    expect(await engine.inspectService('autodeploy-no-such-service')).toBeNull();
    await engine.removeContainer('autodeploy-no-such-container-xyz');
    await engine.removeImage('autodeploy/no-such-image:none');
  });

  it('creates, lists by label, starts twice, logs, stops twice, renames and removes a container', async () => {
    const cname = uniqueName(name);
    const id = await engine.createContainer(
      spec({ name: cname, env: { WORD: 'contract' }, command: RUN_SH('echo out $WORD; echo err >&2'), ports: [{ containerPort: 8080, protocol: 'tcp', hostIp: '127.0.0.1' }] }),
    );
    expect((await engine.listContainers({ 'autodeploy.component': label })).map((c) => [c.id, c.name])).toContainEqual([id, cname]);
    await engine.startContainer(id);
    await engine.startContainer(id);
    const c = await engine.inspectContainer(id);
    expect(c).toMatchObject({ running: true, health: 'none', restartCount: 0, labels: { 'autodeploy.component': label } });
    expect(c!.healthcheck).toBeUndefined();
    expect(c!.ports[0]).toMatchObject({ containerPort: 8080, hostIp: '127.0.0.1' });
    expect(c!.ports[0].hostPort).toBeGreaterThan(0);
    for (let i = 0; i < 50 && !(await engine.containerLogs(id, 10)).includes('err'); i++) await new Promise((r) => setTimeout(r, 100));
    expect((await engine.containerLogs(id, 10)).split('\n').filter(Boolean).sort()).toEqual(['err', 'out contract']);
    await engine.stopContainer(id, 5);
    await engine.stopContainer(id, 5);
    expect((await engine.inspectContainer(id))?.running).toBe(false);
    await engine.renameContainer(id, `${cname}-renamed`);
    expect((await engine.inspectContainer(`${cname}-renamed`))?.id).toBe(id);
    await engine.removeContainer(id);
    expect(await engine.inspectContainer(id)).toBeNull();
  });

  it('a program that exits is not running and keeps its exit code', async () => {
    const id = await engine.createContainer(spec({ command: ['/bin/sh', '-c', 'echo bye; exit 3'] }));
    await engine.startContainer(id);
    let c = await engine.inspectContainer(id);
    for (let i = 0; i < 50 && c?.running; i++) {
      await new Promise((r) => setTimeout(r, 100));
      c = await engine.inspectContainer(id);
    }
    expect(c).toMatchObject({ running: false, exitCode: 3 });
    expect(await engine.containerLogs(id, 5)).toContain('bye');
  });

  it('names are unique: creating or renaming onto a taken name is a 409 conflict', async () => {
    const taken = uniqueName(name);
    const a = await engine.createContainer(spec({ name: taken, command: RUN_SH('true') }));
    const err = await engine.createContainer(spec({ name: taken, command: RUN_SH('true') })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).statusCode).toBe(409);
    const b = await engine.createContainer(spec({ command: RUN_SH('true') }));
    const renamed = await engine.renameContainer(b, taken).catch((e: unknown) => e);
    expect(renamed).toBeInstanceOf(EngineError);
    expect((renamed as EngineError).statusCode).toBe(409);
    expect((await engine.inspectContainer(taken))?.id).toBe(a);
  });

  it('keeps the engine status of errors', async () => {
    const err = await engine.startContainer('autodeploy-no-such-container-xyz').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).statusCode).toBe(404);
  });

  it('builds an image with its labels and command; tags move; removal keeps what is in use or named by other tags', async () => {
    const tagA = `${repo}:a`;
    const id = await build(tagA, `FROM ${s.baseImage}\nLABEL contract.kind="built"\nCMD ["/bin/sh","-c","echo from-cmd; trap 'exit 0' TERM; sleep 600 & wait"]\n`);
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    const img = await engine.inspectImage(tagA);
    expect(img).toMatchObject({ id, labels: { 'contract.kind': 'built', 'test.built-as': tagA } });
    expect(sameRepo(img!.repoTags, tagA)).toBe(true);

    await engine.tagImage(id, repo, 'b');
    expect((await engine.inspectImage(`${repo}:b`))?.id).toBe(id);
    // by id while two tags name it: a conflict (Docker 409, Podman 500 "more than one tag")
    const byId = await engine.removeImage(id).catch((e: unknown) => e);
    expect(byId).toBeInstanceOf(EngineError);
    expect((byId as EngineError).statusCode).toBe(409);
    // by name: only that tag goes
    await engine.removeImage(`${repo}:b`);
    expect(await engine.inspectImage(`${repo}:b`)).toBeNull();
    expect((await engine.inspectImage(tagA))?.id).toBe(id);

    // a container (even a stopped one) uses it: its last tag cannot go
    const c = await engine.createContainer(spec({ image: tagA }));
    await engine.startContainer(c);
    for (let i = 0; i < 50 && !(await engine.containerLogs(c, 5)).includes('from-cmd'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await engine.containerLogs(c, 5)).toContain('from-cmd');
    await engine.stopContainer(c, 5);
    const inUse = await engine.removeImage(tagA).catch((e: unknown) => e);
    expect(inUse).toBeInstanceOf(EngineError);
    expect((inUse as EngineError).statusCode).toBe(409);
    expect((await engine.inspectImage(id))?.id).toBe(id);

    await engine.removeContainer(c);
    await engine.removeImage(tagA);
    expect(await engine.inspectImage(id)).toBeNull();
  });

  it('a failing build rejects', async () => {
    await expect(build(`${repo}:broken`, `FROM ${s.baseImage}\nRUN exit 7\nNOT-AN-INSTRUCTION x\n`)).rejects.toThrow();
  });

  it("reads a container's health check from the container and reaches healthy or unhealthy", async () => {
    await build(`${repo}:hc-ok`, `FROM ${s.baseImage}\nHEALTHCHECK --interval=1s --timeout=2s --retries=1 CMD true\nCMD ${JSON.stringify(RUN_SH('true'))}\n`);
    await build(`${repo}:hc-bad`, `FROM ${s.baseImage}\nHEALTHCHECK --interval=1s --timeout=2s --retries=1 CMD echo sick; exit 1\nCMD ${JSON.stringify(RUN_SH('true'))}\n`);
    const ok = await engine.createContainer(spec({ image: `${repo}:hc-ok` }));
    const bad = await engine.createContainer(spec({ image: `${repo}:hc-bad` }));
    await engine.startContainer(ok);
    await engine.startContainer(bad);
    const first = (await engine.inspectContainer(ok))!;
    expect(first.healthcheck).toEqual({ intervalMs: 1000, retries: 1 });
    expect(['starting', 'healthy']).toContain(first.health);
    expect((await healthVerdict(ok)).status).toBe('healthy');
    const verdict = await healthVerdict(bad);
    expect(verdict.status).toBe('unhealthy');
    expect(verdict.details.healthLog).toContain('sick');
    for (const id of [ok, bad]) await engine.removeContainer(id);
    for (const t of ['hc-ok', 'hc-bad']) await engine.removeImage(`${repo}:${t}`);
  });

  it('pulls a tag from a registry with its digest; a missing tag rejects', async () => {
    const ref = await s.publish(`contract/${uniqueName('pull')}`, 'v1');
    const progress: string[] = [];
    await engine.pullImage(ref, undefined, (p) => progress.push(p.status));
    expect(progress.length).toBeGreaterThan(0);
    const img = await engine.inspectImage(ref);
    expect(img).not.toBeNull();
    const repoOf = ref.slice(0, ref.lastIndexOf(':'));
    expect(img!.repoDigests.some((d) => d.startsWith(`${repoOf}@sha256:`))).toBe(true);
    await expect(engine.pullImage(`${repoOf}:no-such-tag`, undefined, () => undefined)).rejects.toThrow();
    await engine.removeImage(ref);
    expect(await engine.inspectImage(ref)).toBeNull();
  });

  it('networks: creating twice is fine; a running container attached has an address, a stopped one none', async () => {
    const net = uniqueName('autodeploy-contract-net');
    expect(await engine.inspectNetwork(net)).toBeNull();
    await engine.createNetwork(net, { 'autodeploy.test': label });
    await engine.createNetwork(net, { 'autodeploy.test': label });
    expect(await engine.inspectNetwork(net)).toMatchObject({ name: net, labels: { 'autodeploy.test': label } });
    const id = await engine.createContainer(spec({ command: RUN_SH('true'), network: net, networkAliases: ['contract-alias'] }));
    expect(await engine.containerNetworkAddress(id, net)).toBeNull();
    await engine.startContainer(id);
    expect(await engine.containerNetworkAddress(id, net)).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(await engine.containerNetworkAddress(id, 'autodeploy-no-such-network')).toBeNull();
    await engine.connectNetwork(net, id);
    await expect(engine.connectNetwork('autodeploy-no-such-network', id)).rejects.toThrow();
    await engine.putFile(id, '/tmp', 'note.txt', 'hello');
    await engine.removeContainer(id);
    expect(await engine.containerNetworkAddress(id, net)).toBeNull();
  });
}
