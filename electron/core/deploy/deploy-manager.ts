/**
 * The deploy engine behind `DeployScheduler`: takes requests, queues them (job-queue rules),
 * runs each job (deploy-job), records every state change and log line, keeps images for
 * rollback, and recovers from a crash at start-up.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from '../../../shared/api';
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
import { imagesToPrune, pruneImages } from './runtime/image-retention';
import { JobQueue } from './job/job-queue';
import { Redactor } from './redact';
import { recoverAtStart, reconcileOne } from './job/recovery';
import { removeResources } from './runtime/remove-resources';
import { validateTarget } from './job/request-validation';

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
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());

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

  constructor(private readonly opts: DeployManagerOptions) {
    this.store = opts.store;
    this.events = opts.events;
    this.engine = opts.engine ?? createContainerEngine();
    this.workDir = join(opts.dataDir, 'work');
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
    try {
      return await removeResources(this.engine, componentId, name, images);
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
    });
    for (const id of pendingIds) this.needsReconcile.add(id);
  }

  async stop(timeoutMs = 30_000): Promise<void> {
    this.stopping = true;
    for (const job of this.queue.stop()) {
      await this.note(job, `${job.queuedNote}\ncancelled: the app stopped before this deploy started`);
      await this.history.patch(job.id, { state: 'cancelled', reason: 'the app stopped before this deploy started' });
    }
    const idle = this.queue.idle();
    const timedOut = await Promise.race([idle.then(() => false), sleep(timeoutMs).then(() => true)]);
    if (timedOut) {
      // running jobs roll back on cancel; give them a bounded moment to do so
      for (const job of this.queue.runningJobs()) job.abort.abort();
      await Promise.race([idle, sleep(15_000)]);
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
        for (const n of await reconcileOne(this.engine, comp, this.store.data.deploys, this.store, this.events)) log.line(n);
        this.needsReconcile.delete(comp.id);
      }
      outcome = await runDeployJob(
        { engine: this.engine, sealer: this.opts.sealer, workDir: this.workDir, findDeploy: (id) => this.history.get(id), deploysOf: (cid) => this.history.list((d) => d.componentId === cid && d.state === 'succeeded'), ...(this.opts.dockerConfigDir ? { dockerConfigDir: this.opts.dockerConfigDir } : {}) },
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
    if (outcome.running) {
      const running = outcome.running;
      await this.store.update((doc) => {
        const c = doc.components.find((x) => x.id === job.componentId);
        if (c) c.running = running;
      });
      this.events.emit({ type: 'components-changed', componentId: job.componentId });
    }
    if (outcome.result?.imageId && !outcome.result.upToDate && comp) {
      // the images of this attempt count as deployed (or failed) for the retention rule
      const withThis = { ...this.store.data, deploys: this.store.data.deploys.map((d) => (d.id === job.id ? { ...d, state: outcome.state, result: outcome.result } : d)) };
      const old = imagesToPrune(withThis, comp.id, comp.deploy.keepImages, true);
      await pruneImages(this.engine, old, (l) => log.line(l)).catch((err: Error) => log.line(`images: pruning failed: ${err.message}`));
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
