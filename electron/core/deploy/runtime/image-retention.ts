/**
 * Keeps the images of a component's last N successful deploys (for rollback) and removes
 * older ones the app built or pulled — never one another component uses or has deployed.
 */
import type { Deploy } from '../../../../shared/schemas/deploy';
import type { DbDocument } from '../../store/document';
import type { ContainerEngine } from '../engine/container-engine';
import { isConflict } from '../engine/engine-errors';
import { localRepository } from '../../../../shared/image-ref';

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

/**
 * The repositories a component's own tags live in: those of the images its deploys built or
 * pulled (`autodeploy/<name>` for builds, the configured repository for pulls).
 */
export function ownRepositories(deploys: Deploy[], componentId: string): string[] {
  const repos = new Set<string>();
  for (const d of deploys) {
    const repo = d.componentId === componentId && d.result?.image ? localRepository(d.result.image) : null;
    if (repo) repos.add(repo);
  }
  return [...repos];
}

export interface PruneOutcome {
  removed: string[];
  /** Images still there because something else uses or names them. */
  kept: string[];
  /** Images whose removal failed for another reason (engine down, ...): worth a retry later. */
  failed: string[];
}

/**
 * Remove images by the component's own tags, never by bare id (Podman refuses an id with
 * several tags, and a foreign tag must survive anyway); an untagged image goes by id, as it
 * has no name. What a container still uses or another tag names is kept. Never throws.
 */
export async function pruneImages(engine: ContainerEngine, ids: string[], ownRepos: string[], log: (line: string) => void): Promise<PruneOutcome> {
  const outcome: PruneOutcome = { removed: [], kept: [], failed: [] };
  const ours = new Set(ownRepos);
  for (const id of ids) {
    const short = id.slice(7, 19);
    try {
      const img = await engine.inspectImage(id);
      if (!img) continue;
      const own = img.repoTags.filter((t) => ours.has(localRepository(t) ?? ''));
      if (img.repoTags.length > 0 && own.length === 0) {
        outcome.kept.push(id);
        log(`images: kept old image ${short}: it is tagged ${img.repoTags.join(', ')} by someone else`);
        continue;
      }
      let conflict: string | undefined;
      for (const ref of own.length ? own : [id]) {
        try {
          // not forced: an image a container (even a stopped one) still uses stays
          await engine.removeImage(ref, false);
        } catch (err) {
          if (!isConflict(err)) throw err;
          conflict = (err as Error).message;
        }
      }
      if (await engine.inspectImage(id)) {
        outcome.kept.push(id);
        log(`images: kept old image ${short}${conflict ? `: ${conflict}` : ': other tags name it'}`);
      } else {
        outcome.removed.push(id);
        log(`images: removed old image ${short}${own[0] ? ` (${own.join(', ')})` : ''}`);
      }
    } catch (err) {
      outcome.failed.push(id);
      log(`images: could not remove old image ${short}: ${(err as Error).message}`);
    }
  }
  return outcome;
}
