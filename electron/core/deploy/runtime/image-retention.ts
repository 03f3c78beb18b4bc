/**
 * Keeps the images of a component's last N successful deploys (for rollback) and removes
 * older ones the app built or pulled — never one another component uses or has deployed.
 */
import type { Deploy } from '../../../../shared/schemas/deploy';
import type { DbDocument } from '../../store/document';
import type { ContainerEngine } from '../engine/container-engine';
import { EngineError } from '../engine/engine-errors';

/** Image ids, newest first, of a component's deploys (only successful ones when `succeededOnly`). */
function deployedImages(deploys: Deploy[], componentId: string, succeededOnly: boolean): string[] {
  const ids: string[] = [];
  for (const d of deploys) {
    const id = d.result?.imageId;
    if (d.componentId === componentId && (!succeededOnly || d.state === 'succeeded') && id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/**
 * Which images of this component may go: all it built or pulled (failed attempts included)
 * but the last `keep` successful ones and what runs (unless the component is being removed);
 * never one another component runs or has deployed.
 */
export function imagesToPrune(doc: DbDocument, componentId: string, keep: number, protectRunning: boolean): string[] {
  const component = doc.components.find((c) => c.id === componentId);
  const protectedIds = new Set(deployedImages(doc.deploys, componentId, true).slice(0, keep));
  if (protectRunning && component?.running?.imageId) protectedIds.add(component.running.imageId);
  for (const c of doc.components) if (c.id !== componentId && c.running?.imageId) protectedIds.add(c.running.imageId);
  for (const d of doc.deploys) if (d.componentId !== componentId && d.result?.imageId) protectedIds.add(d.result.imageId);
  return deployedImages(doc.deploys, componentId, false).filter((id) => !protectedIds.has(id));
}

export async function pruneImages(engine: ContainerEngine, ids: string[], log: (line: string) => void): Promise<string[]> {
  const removed: string[] = [];
  for (const id of ids) {
    const img = await engine.inspectImage(id);
    if (!img) continue;
    try {
      // not forced: an image a container (even a stopped one) or a foreign tag still uses stays
      await engine.removeImage(id, false);
      removed.push(id);
      log(`images: removed old image ${id.slice(7, 19)}${img.repoTags[0] ? ` (${img.repoTags[0]})` : ''}`);
    } catch (err) {
      if (err instanceof EngineError && err.statusCode === 409) {
        log(`images: kept old image ${id.slice(7, 19)}: ${err.message}`);
      } else {
        throw err;
      }
    }
  }
  return removed;
}
