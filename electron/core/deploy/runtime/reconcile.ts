/**
 * Crash recovery for one component's containers. A swap interrupted half-way leaves an aside
 * `-old-` container and maybe a new one; afterwards exactly one runs: the new one only when
 * its deploy is recorded as succeeded, otherwise (in doubt) the previous one.
 */
import type { StoredComponent } from '../../store/document';
import type { ContainerEngine, ContainerSummary } from '../engine/container-engine';
import { LABEL, containerName, deployIdOfOldName, isOldName } from './container-spec';

export interface ReconcileInput {
  engine: ContainerEngine;
  component: StoredComponent;
  /** Deploys of this component that were interrupted (ids). */
  interrupted: Set<string>;
  /** Deploys recorded as succeeded (ids). */
  succeeded: Set<string>;
}
export interface ReconcileResult {
  /** What was done, for the interrupted deploy's log and reason. */
  notes: string[];
  /** The container that runs afterwards, when the new one was kept. */
  kept?: ContainerSummary;
  restored?: ContainerSummary;
}

const short = (id: string): string => id.slice(0, 12);

export async function reconcileComponent(input: ReconcileInput): Promise<ReconcileResult> {
  const { engine, component, interrupted, succeeded } = input;
  const notes: string[] = [];
  const all = await engine.listContainers({ [LABEL.component]: component.id });
  const olds = all.filter((c) => isOldName(c.name));
  const currents = all.filter((c) => !isOldName(c.name));
  const current = currents.find((c) => c.name === containerName(component.name)) ?? currents[0];
  const currentDeploy = current?.labels[LABEL.deploy];

  if (olds.length === 0) {
    if (current && current.state !== 'running' && interrupted.size > 0 && currentDeploy && !interrupted.has(currentDeploy)) {
      // stopped for a swap that never got further: put it back to work
      await engine.startContainer(current.id);
      notes.push(`recovery: started the previous container ${current.name} (${short(current.id)}) again`);
      return { notes, restored: current };
    }
    if (current && currentDeploy && interrupted.has(currentDeploy)) {
      notes.push(
        current.state === 'running'
          ? `recovery: the new container ${short(current.id)} was running and no previous one was left; it was kept`
          : `recovery: the new container ${short(current.id)} is ${current.state} and no previous one was left`,
      );
      return { notes, ...(current.state === 'running' ? { kept: current } : {}) };
    }
    return { notes };
  }

  if (current && currentDeploy && succeeded.has(currentDeploy)) {
    if (current.state !== 'running') await engine.startContainer(current.id);
    for (const o of olds) await engine.removeContainer(o.id);
    notes.push(`recovery: deploy ${currentDeploy} had succeeded; kept ${current.name} and removed ${olds.length} previous container(s)`);
    return { notes, kept: current };
  }

  // in doubt: the previous container is the good one
  const byInterrupted = olds.find((o) => interrupted.has(deployIdOfOldName(o.name) ?? ''));
  const good = byInterrupted ?? olds[0];
  for (const c of currents) {
    await engine.removeContainer(c.id);
    notes.push(`recovery: removed the unconfirmed new container ${c.name} (${short(c.id)}, deploy ${c.labels[LABEL.deploy] ?? '?'})`);
  }
  for (const o of olds) if (o.id !== good.id) await engine.removeContainer(o.id);
  await engine.renameContainer(good.id, containerName(component.name));
  await engine.startContainer(good.id);
  notes.push(`recovery: restored the previous container ${containerName(component.name)} (${short(good.id)}) and started it`);
  return { notes, restored: good };
}
