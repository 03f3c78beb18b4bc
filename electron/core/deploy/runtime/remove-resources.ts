/** What the app created for a component, removed when the user deletes it with its container. */
import type { ContainerEngine } from '../engine/container-engine';
import { LABEL, serviceName } from './container-spec';
import { pruneImages } from './image-retention';
import type { PruneOutcome } from './image-retention';

/**
 * Services and containers first (a failure there fails the delete: the component must stay
 * while its container exists); then the images by the component's own tags, where a failure
 * is only reported (`onImages`) for the caller to log and retry, never a failed delete.
 */
export async function removeResources(
  engine: ContainerEngine,
  componentId: string,
  name: string | undefined,
  images: string[],
  ownRepos: string[],
  onImages: (outcome: PruneOutcome, log: string[]) => void = () => undefined,
): Promise<boolean> {
  let removed = false;
  if (name) {
    const svc = await engine.inspectService(serviceName(name)).catch(() => null);
    if (svc && svc.labels[LABEL.component] === componentId) {
      await engine.removeService(svc.id);
      removed = true;
    }
  }
  for (const c of await engine.listContainers({ [LABEL.component]: componentId })) {
    await engine.removeContainer(c.id);
    removed = true;
  }
  const lines: string[] = [];
  onImages(await pruneImages(engine, images, ownRepos, (l) => lines.push(l)), lines);
  return removed;
}
