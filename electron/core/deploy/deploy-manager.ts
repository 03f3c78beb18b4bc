/**
 * The deploy engine behind `DeployScheduler`: takes requests, queues them (job-queue rules),
 * runs each job (deploy-job), records every state change and log line, keeps images for
 * rollback, and recovers from a crash at start-up.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from '../../../shared/api';
import { parseImageRef, retagReference } from '../../../shared/image-ref';
import type { Deploy, DeployRequest, DeployState } from '../../../shared/schemas/deploy';
import { isFinal } from '../../../shared/schemas/deploy';
import type { RunningJob } from '../../../shared/schemas/status';
import type { EventBus } from '../events';
import type { DeployScheduler } from '../ports';
import type { StoredComponent } from '../store/document';
import type { SecretSealer } from '../store/sealer';
import { newId, revealStored } from '../store/secrets';
import type { Store } from '../store/store';
import type { ContainerEngine } from './engine/container-engine';
import { createContainerEngine } from './engine/create-engine';
import { DeployHistory } from './job/deploy-history';
import { Cancelled, JobFailed, Skipped } from './errors';
import { runDeployJob } from './job/deploy-job';
import type { JobOutcome } from './job/deploy-job';
import { DeployLog, appendDeployLog, logsDir, removeDeployLog } from './job/deploy-log';
import { EngineUnreachableError } from './engine/engine-errors';
import { imagesToPrune, ownRepositories, pruneImages } from './runtime/image-retention';
import { JobQueue } from './job/job-queue';
import { Redactor } from './redact';
import { recoverAtStart, reconcileOne } from './job/recovery';
import { removeResources } from './runtime/remove-resources';
import { registryAccess } from './source/image-source';
import { RegistryError } from './source/registry-errors';
import { listRegistryTags } from './source/registry-tags';
import { PendingImageCleanup } from './runtime/pending-image-cleanup';
import { validateTarget } from './job/request-validation';
import { sleep } from '../../../shared/sleep';
import type { ProxyEnv } from './runtime/proxy/proxy-container';
import { localNameUrlOf } from './runtime/proxy/proxy-container';
import { appIdFor, isLocalNameUrl } from './runtime/proxy/proxy-plan';
import { refreshLocalNames, releaseRoutes } from './runtime/proxy/proxy-reconcile';

export interface DeployManagerOptions {
  store: Store;
  sealer: SecretSealer;
  events: EventBus;
  dataDir: string;
  engine?: ContainerEngine;
  /** Global limit on jobs running at once (default: settings.maxConcurrentBuilds). */
  maxConcurrent?: () => number;
  /** Where ~/.docker/config.json is looked for (default: DOCKER_CONFIG or ~/.docker). */
  dockerConfigDir?: string;
}

interface Job {
  id: string;
  componentId: string;
  abort: AbortController;
  /** The deploy log's first line, written when the job runs or ends unrun. */
  queuedNote: string;
  /** Resolves true once the deploy record is on disk; a job never starts before (false: it never runs). */
  recorded?: Promise<boolean>;
}

const PHASE: Partial<Record<DeployState, string>> = { building: 'build failed', pulling: 'pull failed', deploying: 'deploy failed' };

export class DeployManager implements DeployScheduler {
  private readonly store: Store;
  private readonly events: EventBus;
  private readonly engine: ContainerEngine;
  private readonly history: DeployHistory;
  private readonly queue: JobQueue<Job>;
  private readonly workDir: string;
  /** Components whose containers could not be reconciled at start-up (engine down). */
  private readonly needsReconcile = new Set<string>();
  private started = false;
  private stopping = false;
  /** The reverse proxy this app (data dir) owns, for zero-downtime components. */
  private readonly proxy: ProxyEnv;
  /** Image removals that failed (engine trouble), retried at start and after each deploy. */
  private readonly imageCleanup: PendingImageCleanup;
  private unsubscribe?: () => void;

  constructor(private readonly opts: DeployManagerOptions) {
    this.store = opts.store;
    this.events = opts.events;
    this.engine = opts.engine ?? createContainerEngine();
    this.workDir = join(opts.dataDir, 'work');
    this.proxy = {
      appId: appIdFor(opts.dataDir),
      image: () => this.store.data.settings.proxy?.image ?? 'caddy:2',
      localNamesPort: () => this.store.data.settings.proxy?.localNamesPort ?? 0,
    };
    this.imageCleanup = new PendingImageCleanup(opts.dataDir);
    this.history = new DeployHistory(this.store, this.events, (ids) => {
      for (const id of ids) void removeDeployLog(opts.dataDir, id).catch(() => undefined);
    });
    const limit = opts.maxConcurrent ?? (() => this.store.data.settings.maxConcurrentBuilds ?? 2);
    this.queue = new JobQueue((job) => this.run(job), limit);
  }

  private component(id: string): StoredComponent {
    const comp = this.store.data.components.find((c) => c.id === id);
    if (!comp) throw new ApiError('not_found', `no component ${id}`);
    return comp;
  }

  private note(deploy: { id: string; componentId: string }, message: string): Promise<void> {
    return appendDeployLog(this.opts.dataDir, this.events, deploy.id, deploy.componentId, message).catch(() => undefined);
  }

  async request(req: DeployRequest): Promise<Deploy> {
    if (this.stopping) throw new ApiError('unavailable', 'the deploy engine is stopping');
    const comp = this.component(req.componentId);
    validateTarget(comp, req.target, this.store.data.deploys);
    const deploy: Deploy = {
      id: newId('d'),
      componentId: comp.id,
      componentName: comp.name,
      state: 'queued',
      trigger: req.trigger,
      target: req.target,
      createdAt: new Date().toISOString(),
    };
    const what = req.target.commit ? ` commit ${req.target.commit}` : req.target.tag ? ` tag ${req.target.tag}` : '';
    const queuedNote = `queued at ${deploy.createdAt}: ${comp.name}${what} (trigger: ${req.trigger.kind}${req.trigger.provider ? `/${req.trigger.provider}` : ''})`;
    // record and enqueue in the same tick, so concurrent requests queue in the order they came
    const recorded = this.history.add(deploy);
    const durable = recorded.then(
      () => true,
      () => false,
    );
    const replaced = this.queue.enqueue({ id: deploy.id, componentId: comp.id, abort: new AbortController(), queuedNote, recorded: durable });
    try {
      await recorded;
    } catch (err) {
      // not durably queued (e.g. a full disk): it must not run either, so the answer
      // ("could not be queued") is the truth and a sender's retry does not deploy twice
      this.forgetUnrecorded(deploy.id);
      if (replaced) this.queue.enqueue(replaced);
      throw err;
    }
    if (replaced) {
      const reason = `superseded by ${deploy.id}, a newer request that arrived before it started`;
      await this.note(replaced, `${replaced.queuedNote}\n${reason}`);
      await this.history.patch(replaced.id, { state: 'superseded', supersededBy: deploy.id, reason });
    }
    return this.history.get(deploy.id) ?? deploy;
  }

  private forgetUnrecorded(deployId: string): void {
    if (!this.queue.removePending(deployId)) this.queue.activeJob(deployId)?.job.abort.abort();
    const i = this.store.data.deploys.findIndex((d) => d.id === deployId);
    if (i >= 0) this.store.data.deploys.splice(i, 1);
  }

  async cancel(deployId: string): Promise<Deploy> {
    const d = this.history.get(deployId);
    if (!d) throw new ApiError('not_found', `no deploy ${deployId}`);
    if (isFinal(d.state)) throw new ApiError('conflict', `deploy ${deployId} has already ended (${d.state})`);
    const active = this.queue.activeJob(deployId);
    if (active) {
      active.job.abort.abort();
      await active.done;
    } else {
      const pending = this.queue.removePending(deployId);
      await this.note(d, `${pending ? `${pending.queuedNote}\n` : ''}cancelled before it started`);
      await this.history.patch(deployId, { state: 'cancelled', reason: 'cancelled before it started' });
    }
    return this.history.get(deployId) ?? d;
  }

  async rollback(componentId: string, deployId?: string): Promise<Deploy> {
    const comp = this.component(componentId);
    const done = this.history.list((d) => d.componentId === componentId && d.state === 'succeeded' && !!d.result?.imageId && !d.result.upToDate);
    const target = deployId
      ? done.find((d) => d.id === deployId)
      : done.find((d) => d.result!.imageId !== comp.running?.imageId);
    if (!target) {
      throw deployId
        ? new ApiError('not_found', `deploy ${deployId} is not a successful deploy of ${comp.name}`)
        : new ApiError('conflict', `${comp.name} has no earlier successful deploy to roll back to`);
    }
    const imageId = target.result!.imageId!;
    let exists: boolean;
    try {
      exists = !!(await this.engine.inspectImage(imageId));
    } catch (err) {
      throw new ApiError('unavailable', (err as Error).message);
    }
    if (!exists) throw new ApiError('conflict', `the image of deploy ${target.id} (${target.result!.image}) no longer exists`);
    const r = target.result!;
    return this.request({
      componentId,
      trigger: { kind: 'rollback' },
      target: {
        image: imageId,
        rollbackOf: target.id,
        ...(r.commit ? { commit: r.commit } : {}),
        ...(r.tag ? { tag: r.tag } : {}),
        ...(r.digest ? { digest: r.digest } : {}),
      },
    });
  }

  runningJobs(): RunningJob[] {
    return [...this.queue.runningJobs(), ...this.queue.pendingJobs()].flatMap((j) => {
      const d = this.store.data.deploys.find((x) => x.id === j.id);
      return d ? [{ deployId: d.id, componentId: d.componentId, componentName: d.componentName, state: d.state }] : [];
    });
  }

  async registryTags(componentId: string): Promise<{ tags: string[]; truncated: boolean }> {
    const comp = this.component(componentId);
    if (comp.source.type !== 'image') throw new ApiError('validation', 'this component is built from git; it has no registry tags');
    const ref = parseImageRef(comp.source.image);
    const password = revealStored(this.opts.sealer, comp, 'registryPassword');
    const own = password ? { username: comp.source.registryUsername ?? '', password } : undefined;
    try {
      const access = await registryAccess(this.engine, ref.domain, own, () => undefined, this.opts.dockerConfigDir);
      return await listRegistryTags({ ref, ...access });
    } catch (err) {
      if (err instanceof RegistryError) throw new ApiError('unavailable', `registry: ${err.message}`);
      throw err;
    }
  }

  async removeComponentResources(componentId: string, removeContainer: boolean): Promise<boolean> {
    const pending = this.queue.pendingFor(componentId);
    if (pending && this.queue.removePending(pending.id)) {
      await this.note(pending, `${pending.queuedNote}\ncancelled: the component was removed`);
      await this.history.patch(pending.id, { state: 'cancelled', reason: 'the component was removed' });
    }
    const active = this.queue.activeJob(this.queue.activeFor(componentId)?.id ?? '');
    if (active) {
      active.job.abort.abort();
      await active.done;
    }
    if (!removeContainer) return false;
    const name = this.store.data.components.find((c) => c.id === componentId)?.name ?? this.store.data.deploys.find((d) => d.componentId === componentId)?.componentName;
    const images = imagesToPrune(this.store.data, componentId, 0, false);
    const repos = ownRepositories(this.store.data.deploys, componentId);
    try {
      await releaseRoutes(this.engine, this.proxy, componentId, () => undefined);
      let failed: string[] = [];
      const removed = await removeResources(this.engine, componentId, name, images, repos, (outcome, lines) => {
        // a delete has no deploy log: what stays behind (and why) goes to the app's output
        if (outcome.failed.length || outcome.kept.length) for (const line of lines) console.warn(`Auto Deploy: removing ${name ?? componentId}: ${line}`);
        failed = outcome.failed;
      });
      await this.imageCleanup.later(failed, repos);
      return removed;
    } catch (err) {
      throw err instanceof EngineUnreachableError ? new ApiError('unavailable', err.message) : err;
    }
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await mkdir(logsDir(this.opts.dataDir), { recursive: true, mode: 0o700 });
    // checkouts of jobs that were running when the app died
    await rm(this.workDir, { recursive: true, force: true });
    const pendingIds = await recoverAtStart({
      store: this.store,
      engine: this.engine,
      history: this.history,
      note: (d, m) => this.note(d, m),
      events: this.events,
      proxy: this.proxy,
    });
    for (const id of pendingIds) this.needsReconcile.add(id);
    await this.imageCleanup.retry(this.engine, (l) => console.warn(`Auto Deploy: ${l}`)).catch(() => undefined);
    let namesPort = this.proxy.localNamesPort();
    this.unsubscribe = this.events.subscribe((e) => {
      if (e.type !== 'settings-changed' || this.proxy.localNamesPort() === namesPort) return;
      namesPort = this.proxy.localNamesPort();
      void this.moveLocalNames().catch((err: Error) => console.warn(`Auto Deploy: the local names could not move: ${err.message}`));
    });
  }

  /** settings.proxy.localNamesPort changed: the proxy's names server and the recorded addresses follow. */
  private async moveLocalNames(): Promise<void> {
    await refreshLocalNames(this.engine, this.proxy, this.store.data.components, (l) => console.warn(`Auto Deploy: ${l}`));
    const changed: string[] = [];
    await this.store.update((doc) => {
      for (const c of doc.components) {
        if (!c.running?.proxied) continue;
        const local = localNameUrlOf(this.proxy, c.name);
        c.running.addresses = [...(c.running.addresses ?? []).filter((a) => !isLocalNameUrl(a)), ...(local ? [local] : [])];
        changed.push(c.id);
      }
    });
    for (const componentId of changed) this.events.emit({ type: 'components-changed', componentId });
  }

  async stop(timeoutMs = 30_000): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    for (const job of this.queue.stop()) {
      await this.note(job, `${job.queuedNote}\ncancelled: the app stopped before this deploy started`);
      await this.history.patch(job.id, { state: 'cancelled', reason: 'the app stopped before this deploy started' });
    }
    const idle = this.queue.idle();
    const timedOut = await Promise.race([idle.then(() => false), sleep(timeoutMs, { unref: true }).then(() => true)]);
    if (timedOut) {
      // running jobs roll back on cancel; give them a bounded moment to do so
      for (const job of this.queue.runningJobs()) job.abort.abort();
      await Promise.race([idle, sleep(15_000, { unref: true })]);
    }
  }

  private async run(job: Job): Promise<void> {
    if (job.recorded && !(await job.recorded)) return;
    const deploy = this.history.get(job.id);
    if (!deploy || isFinal(deploy.state)) return;
    const comp = this.store.data.components.find((c) => c.id === job.componentId);
    const redactor = new Redactor();
    if (comp) {
      for (const key of ['gitToken', 'registryPassword'] as const) {
        try {
          redactor.add(revealStored(this.opts.sealer, comp, key));
        } catch {
          // an unreadable secret is reported by the step that needs it
        }
      }
    }
    const log = await DeployLog.open(this.opts.dataDir, this.events, job.id, job.componentId, redactor);
    const startedAt = new Date().toISOString();
    // an object, so the phase set inside setState is visible to the catch below
    const phase: { state: DeployState } = { state: 'queued' };
    const setState = async (s: 'building' | 'pulling' | 'deploying'): Promise<void> => {
      phase.state = s;
      log.line(`state: ${s}`);
      await this.history.patch(job.id, { state: s, startedAt });
    };
    let outcome: JobOutcome;
    try {
      if (!comp) throw new JobFailed('the component was removed');
      log.line(job.queuedNote);
      log.line(`deploy ${job.id} of ${comp.name} started`);
      if (this.needsReconcile.has(comp.id)) {
        for (const n of await reconcileOne(this.engine, comp, this.store.data.deploys, this.store, this.events, this.proxy)) log.line(n);
        this.needsReconcile.delete(comp.id);
      }
      outcome = await runDeployJob(
        { engine: this.engine, sealer: this.opts.sealer, workDir: this.workDir, proxy: this.proxy, findDeploy: (id) => this.history.get(id), deploysOf: (cid) => this.history.list((d) => d.componentId === cid && d.state === 'succeeded'), ...(this.opts.dockerConfigDir ? { dockerConfigDir: this.opts.dockerConfigDir } : {}) },
        comp,
        deploy,
        (l) => log.line(l),
        setState,
        job.abort.signal,
      );
    } catch (err) {
      if (err instanceof Cancelled || job.abort.signal.aborted) outcome = { state: 'cancelled', reason: 'cancelled' };
      else if (err instanceof Skipped) outcome = { state: 'skipped', reason: err.message };
      else if (err instanceof EngineUnreachableError || err instanceof JobFailed) outcome = { state: 'failed', reason: err.message };
      else outcome = { state: 'failed', reason: `${PHASE[phase.state] ?? 'failed'}: ${(err as Error).message}` };
      if (err instanceof EngineUnreachableError && phase.state === 'deploying') this.needsReconcile.add(job.componentId);
    }
    const newTag = outcome.state === 'succeeded' ? configuredTagAfter(deploy) : undefined;
    if (outcome.running || newTag !== undefined) {
      const running = outcome.running;
      await this.store.update((doc) => {
        const c = doc.components.find((x) => x.id === job.componentId);
        if (!c) return;
        if (running) c.running = running;
        if (newTag !== undefined && followTag(c, newTag)) c.updatedAt = new Date().toISOString();
      });
      if (newTag !== undefined) log.line(`the component's image tag is now ${newTag}`);
      this.events.emit({ type: 'components-changed', componentId: job.componentId });
    }
    if (outcome.result?.imageId && !outcome.result.upToDate && comp) {
      // the images of this attempt count as deployed (or failed) for the retention rule
      const withThis = { ...this.store.data, deploys: this.store.data.deploys.map((d) => (d.id === job.id ? { ...d, state: outcome.state, result: outcome.result } : d)) };
      const old = imagesToPrune(withThis, comp.id, comp.deploy.keepImages, true);
      const repos = ownRepositories(withThis.deploys, comp.id);
      const pruned = await pruneImages(this.engine, old, repos, (l) => log.line(l));
      await this.imageCleanup.later(pruned.failed, repos);
      await this.imageCleanup.retry(this.engine, (l) => log.line(l));
    }
    const reason = outcome.reason === undefined ? undefined : redactor.apply(outcome.reason);
    log.line(`${outcome.state}${reason ? `: ${reason}` : ''}`);
    await this.history.patch(job.id, {
      state: outcome.state,
      startedAt,
      ...(reason ? { reason } : {}),
      ...(outcome.result ? { result: outcome.result } : {}),
    });
    await log.close();
  }
}

/**
 * The tag a succeeded deploy makes the component's configured tag: the tag it was asked to
 * deploy (webhook, custom API, "Choose tag…"). Rollbacks put an old image back without moving
 * the configuration. Only success moves it, so a mistyped tag never rewrites the component.
 */
function configuredTagAfter(deploy: Deploy): string | undefined {
  if (deploy.trigger.kind === 'rollback' || deploy.target.rollbackOf) return undefined;
  return deploy.target.tag;
}

/** Points an image component at `tag`; false when nothing changed. */
function followTag(c: StoredComponent, tag: string): boolean {
  if (c.source.type !== 'image') return false;
  const ref = parseImageRef(c.source.image);
  if (ref.tag === tag && !ref.digest) return false;
  c.source.image = retagReference(c.source.image, tag);
  return true;
}
