/**
 * Image removals that failed for a reason other than "still in use" (the engine was down or
 * answered an error): remembered, with the repositories whose tags are the component's, and
 * tried again later, so a failed cleanup neither fails a deploy or a component delete nor
 * leaves the images behind for good. Kept in memory: after a restart the retention rule finds
 * a deployed component's old images again; a deleted component's may stay (README).
 */
import type { ContainerEngine } from '../engine/container-engine';
import { pruneImages } from './image-retention';

export class PendingImageCleanup {
  private readonly pending = new Map<string, string[]>();

  later(imageIds: string[], ownRepos: string[]): void {
    for (const id of imageIds) this.pending.set(id, ownRepos);
  }

  get size(): number {
    return this.pending.size;
  }

  /** One more attempt for each; what fails again stays pending. */
  async retry(engine: ContainerEngine, log: (line: string) => void): Promise<void> {
    const entries = [...this.pending];
    this.pending.clear();
    for (const [id, repos] of entries) {
      const outcome = await pruneImages(engine, [id], repos, log);
      this.later(outcome.failed, repos);
    }
  }
}
