/**
 * The scale-out target: a Docker Swarm service `autodeploy-<name>`, created on the first
 * deploy and then updated with a rolling update whose failure action is Swarm's own rollback.
 */
import type { StoredComponent } from '../../store/document';
import type { ContainerEngine, ServiceDetails, ServiceTask } from '../engine/container-engine';
import { LABEL, serviceName, serviceSpecFor } from './container-spec';
import { Cancelled } from '../errors';
import { sleep } from '../../../../shared/sleep';

export interface SwarmOptions {
  engine: ContainerEngine;
  component: StoredComponent;
  image: string;
  deployId: string;
  commit?: string;
  log: (line: string) => void;
  signal?: AbortSignal;
}
export type SwarmOutcome =
  | { ok: true; serviceId: string; upToDate?: boolean }
  | { ok: false; serviceId?: string; reason: string; rolledBack: boolean; cancelled?: boolean };

function waitBudgetMs(component: StoredComponent): number {
  const hc = component.deploy.healthcheck;
  // every replica is started and then watched for `monitor`; a rollback takes as long again
  return (Math.max(hc.timeoutSeconds, hc.stableSeconds, 1) * 2 * Math.max(component.deploy.replicas, 1) + 120) * 1000;
}

function failedTaskReason(tasks: ServiceTask[]): string | undefined {
  const failed = tasks
    .filter((t) => ['failed', 'rejected', 'shutdown'].includes(t.state) && (t.error || t.state !== 'shutdown'))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  return failed ? `task ${failed.state}: ${failed.error ?? failed.message ?? 'no detail'}` : undefined;
}

async function waitFirstTasks(opts: SwarmOptions, serviceId: string): Promise<SwarmOutcome> {
  const { engine, component, signal } = opts;
  const want = component.deploy.replicas;
  const deadline = Date.now() + waitBudgetMs(component);
  const stableMs = component.deploy.healthcheck.stableSeconds * 1000;
  let allRunningSince: number | undefined;
  for (;;) {
    if (signal?.aborted) throw new Cancelled();
    const all = await engine.listServiceTasks(serviceId);
    const running = all.filter((t) => t.desiredState === 'running' && t.state === 'running').length;
    const reason = failedTaskReason(all);
    if (reason) return { ok: false, serviceId, reason, rolledBack: false };
    if (running >= want) {
      allRunningSince ??= Date.now();
      if (Date.now() - allRunningSince >= stableMs) return { ok: true, serviceId };
    } else {
      allRunningSince = undefined;
    }
    if (Date.now() > deadline) return { ok: false, serviceId, reason: `only ${running} of ${want} tasks running in time`, rolledBack: false };
    await sleep(250);
  }
}

async function waitUpdate(opts: SwarmOptions, before: ServiceDetails): Promise<SwarmOutcome> {
  const { engine, log, signal } = opts;
  const deadline = Date.now() + waitBudgetMs(opts.component);
  let lastState: string | undefined;
  for (;;) {
    if (signal?.aborted) throw new Cancelled();
    const s = await engine.inspectService(before.id);
    if (!s) return { ok: false, reason: 'the service disappeared during the update', rolledBack: false };
    // until Swarm records this update, UpdateStatus still describes the previous one
    const fresh = s.updateStartedAt !== undefined && s.updateStartedAt !== before.updateStartedAt;
    if (fresh && s.updateState !== lastState) {
      lastState = s.updateState;
      log(`swarm: update ${s.updateState}${s.updateMessage ? ` (${s.updateMessage})` : ''}`);
    }
    if (fresh) {
      switch (s.updateState) {
        case 'completed':
          return { ok: true, serviceId: s.id };
        case 'rollback_completed':
        case 'rollback_paused':
        case 'paused': {
          const task = failedTaskReason(await engine.listServiceTasks(s.id).catch(() => []));
          const what = s.updateState === 'paused' ? 'Swarm paused the update' : 'Swarm rolled the update back';
          const reason = `${what} (${s.updateMessage ?? s.updateState})${task ? `; ${task}` : ''}`;
          return { ok: false, serviceId: s.id, reason, rolledBack: s.updateState !== 'paused' };
        }
        default:
          break;
      }
    }
    if (Date.now() > deadline) return { ok: false, serviceId: s.id, reason: `the update did not finish in time (state ${s.updateState ?? 'unknown'})`, rolledBack: false };
    await sleep(250);
  }
}

export async function deploySwarm(opts: SwarmOptions): Promise<SwarmOutcome> {
  const { engine, component, image, deployId, log } = opts;
  const info = await engine.info();
  if (!info.swarmActive) {
    return { ok: false, reason: 'this component targets Docker Swarm, but the engine is not in swarm mode (run "docker swarm init")', rolledBack: false };
  }
  const name = serviceName(component.name);
  const spec = serviceSpecFor(component, image, deployId, opts.commit);
  const existing = await engine.inspectService(name);
  if (!existing) {
    log(`swarm: creating service ${name} with ${image} (${spec.replicas} replica(s))`);
    const id = await engine.createService(spec);
    const outcome = await waitFirstTasks(opts, id);
    if (!outcome.ok) {
      log(`swarm: the new service failed (${outcome.reason}); removing it`);
      await engine.removeService(id);
      return { ...outcome, serviceId: undefined };
    }
    log(`swarm: service ${name} is running`);
    return outcome;
  }
  if (existing.labels[LABEL.component] !== component.id) {
    return { ok: false, reason: `a service named ${name} exists and is not managed by Auto Deploy for this component`, rolledBack: false };
  }
  const sameSettings = existing.labels[LABEL.config] === spec.labels[LABEL.config];
  if (existing.image === image && sameSettings) {
    log(`swarm: service ${name} already runs ${image} with these settings`);
    return { ok: true, serviceId: existing.id, upToDate: true };
  }
  log(
    existing.image === image
      ? `swarm: rolling update of ${name} to new settings (failure action: rollback)`
      : `swarm: rolling update of ${name} from ${existing.image} to ${image} (failure action: rollback)`,
  );
  await engine.updateService(existing.id, existing.version, spec);
  return waitUpdate(opts, existing);
}
