/**
 * Image removals that failed for a reason other than "still in use" (the engine was down or
 * answered an error): remembered, with the repositories whose tags are the component's, in a
 * small file of their own in the data folder (not db.json: nothing else reads them), and tried
 * again at start and after each deploy — so a failed cleanup neither fails a deploy or a
 * component delete nor leaves the images behind for good.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../store/atomic-file';
import type { ContainerEngine } from '../engine/container-engine';
import { pruneImages } from './image-retention';

const FILE = 'pending-image-cleanup.json';

export class PendingImageCleanup {
  private readonly pending = new Map<string, string[]>();
  private readonly path: string | undefined;
  private loaded = false;

  /** Without a data folder the list lives only in memory. */
  constructor(dataDir?: string) {
    this.path = dataDir ? join(dataDir, FILE) : undefined;
  }

  get size(): number {
    return this.pending.size;
  }

  private async load(): Promise<void> {
    if (this.loaded || !this.path) return;
    this.loaded = true;
    try {
      const saved = JSON.parse(await readFile(this.path, 'utf8')) as unknown;
      if (!Array.isArray(saved)) return;
      for (const entry of saved as unknown[]) {
        const e = entry as { imageId?: unknown; repos?: unknown };
        if (typeof e.imageId === 'string' && Array.isArray(e.repos) && !this.pending.has(e.imageId)) {
          this.pending.set(e.imageId, e.repos.filter((r): r is string => typeof r === 'string'));
        }
      }
    } catch {
      // none yet, or unreadable: nothing to retry
    }
  }

  private async save(): Promise<void> {
    if (!this.path) return;
    const list = [...this.pending].map(([imageId, repos]) => ({ imageId, repos }));
    await writeFileAtomic(this.path, JSON.stringify(list)).catch(() => undefined);
  }

  async later(imageIds: string[], ownRepos: string[]): Promise<void> {
    if (imageIds.length === 0) return;
    await this.load();
    for (const id of imageIds) this.pending.set(id, ownRepos);
    await this.save();
  }

  /** One more attempt for each; what fails again stays pending. */
  async retry(engine: ContainerEngine, log: (line: string) => void): Promise<void> {
    await this.load();
    if (this.pending.size === 0) return;
    const entries = [...this.pending];
    this.pending.clear();
    for (const [id, repos] of entries) {
      const outcome = await pruneImages(engine, [id], repos, log);
      for (const failed of outcome.failed) this.pending.set(failed, repos);
    }
    await this.save();
  }
}
