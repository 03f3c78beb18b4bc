/**
 * Swapping a component's container: the old one is stopped (it may hold the host port) and
 * renamed aside, the new one started and health-checked; then the old one is removed — or,
 * when the new one fails, the new one is removed and the old one put back and started.
 */
import type { StoredComponent } from '../../store/document';
import type { ContainerDetails, ContainerEngine } from '../engine/container-engine';
import { LABEL, containerName, containerSpecFor, isOldName, oldContainerName } from './container-spec';
import { Cancelled } from '../errors';
import { discardNew } from './discard-new';
import { waitHealthy } from './health-check';

export const STOP_TIMEOUT_SECONDS = 10;

export interface ReplaceOptions {
  engine: ContainerEngine;
  component: StoredComponent;
  /** Image reference or id to run. */
  image: string;
  imageHasHealthcheck: boolean;
  deployId: string;
  commit?: string;
  /** Labels added to the new container's own. */
  labels?: Record<string, string>;
  log: (line: string) => void;
  signal?: AbortSignal;
}
export type ReplaceOutcome =
  | { ok: true; containerId: string }
  | { ok: false; reason: string; lastLines?: string; hadPrevious: boolean; restored: boolean; cancelled: boolean };

export class ContainerConflict extends Error {}

/**
 * The component's current container: ours by label (not an aside `-old-` one), else the
 * container the user asked to adopt. A same-named container that is not ours is a conflict.
 */
export async function findCurrentContainer(engine: ContainerEngine, component: StoredComponent): Promise<ContainerDetails | null> {
  const ours = (await engine.listContainers({ [LABEL.component]: component.id })).filter((c) => !isOldName(c.name));
  const pick = ours.find((c) => c.name === containerName(component.name)) ?? ours.find((c) => c.state === 'running') ?? ours[0];
  if (pick) return engine.inspectContainer(pick.id);
  const adopt = component.deploy.adoptContainer;
  if (adopt) {
    const adopted = await engine.inspectContainer(adopt);
    if (adopted && (!adopted.labels[LABEL.component] || adopted.labels[LABEL.component] === component.id)) return adopted;
  }
  const sameName = await engine.inspectContainer(containerName(component.name));
  if (sameName && sameName.labels[LABEL.component] !== component.id) {
    throw new ContainerConflict(
      `a container named ${sameName.name} exists and is not managed by Auto Deploy for this component; remove or rename it, or adopt it in the component's deploy settings`,
    );
  }
  return null;
}

export async function replaceContainer(opts: ReplaceOptions): Promise<ReplaceOutcome> {
  const { engine, component, deployId, log, signal } = opts;
  const old = await findCurrentContainer(engine, component);
  if (signal?.aborted) throw new Cancelled();
  const oldWasRunning = !!old?.running;
  if (old) {
    const adopted = !old.labels[LABEL.component];
    log(`swap: ${adopted ? 'adopting' : 'replacing'} container ${old.name} (${old.id.slice(0, 12)}, ${old.running ? 'running' : old.status})`);
    try {
      if (old.running) {
        await engine.stopContainer(old.id, STOP_TIMEOUT_SECONDS);
        log(`swap: stopped ${old.name}`);
      }
      await engine.renameContainer(old.id, oldContainerName(component.name, deployId));
    } catch (err) {
      // nothing new exists yet: leave the old container as it was
      if (oldWasRunning) await engine.startContainer(old.id).catch(() => undefined);
      throw err;
    }
  } else {
    log('swap: no previous container');
  }

  let newId: string | undefined;
  try {
    const spec = containerSpecFor(component, opts.image, deployId, opts.commit);
    newId = await engine.createContainer({ ...spec, labels: { ...spec.labels, ...opts.labels } });
    await engine.startContainer(newId);
    log(`swap: started ${containerName(component.name)} (${newId.slice(0, 12)}) from ${opts.image}`);
    await waitHealthy({
      engine,
      containerId: newId,
      imageHasHealthcheck: opts.imageHasHealthcheck,
      healthcheck: component.deploy.healthcheck,
      log,
      signal,
    });
  } catch (err) {
    const { cancelled, reason, lastLines } = await discardNew(engine, newId, err, log);
    const restored = old ? await restoreOld(engine, old, oldWasRunning, log) : false;
    return { ok: false, reason, ...(lastLines ? { lastLines } : {}), hadPrevious: !!old, restored, cancelled };
  }
  if (old) {
    try {
      await engine.removeContainer(old.id);
      log(`swap: removed the previous container ${old.id.slice(0, 12)}`);
    } catch (err) {
      log(`swap: could not remove the previous container ${old.id.slice(0, 12)}: ${(err as Error).message}`);
    }
  }
  return { ok: true, containerId: newId };
}

/** Put the previous container back under its name and start it again if it was running. */
export async function restoreOld(engine: ContainerEngine, old: ContainerDetails, start: boolean, log: (l: string) => void): Promise<boolean> {
  try {
    await engine.renameContainer(old.id, old.name);
    if (start) await engine.startContainer(old.id);
    log(`swap: restored the previous container ${old.name} (${old.id.slice(0, 12)})${start ? ' and started it' : ''}`);
    return true;
  } catch (err) {
    log(`swap: COULD NOT restore the previous container ${old.name}: ${(err as Error).message}`);
    return false;
  }
}
