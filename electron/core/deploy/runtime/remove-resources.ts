/** What the app created for a component, removed when the user deletes it with its container. */
import type { ContainerEngine } from '../engine/container-engine';
import { LABEL, serviceName } from './container-spec';
import { pruneImages } from './image-retention';

export async function removeResources(engine: ContainerEngine, componentId: string, name: string | undefined, images: string[]): Promise<boolean> {
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
  await pruneImages(engine, images, () => undefined);
  return removed;
}
