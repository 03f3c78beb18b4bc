/**
 * Deleting a component whose image cleanup fails (on the in-memory engine, no Docker): the
 * delete still succeeds with its containers gone — the database and the engine agree — and
 * the leftover image is removed by the retry after the next deploy, or at the next start.
 */
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../electron/core/deploy/engine/engine-errors';
import { FakeContainerEngine } from '../../electron/core/deploy/engine/fake-engine';
import type { Harness } from './helpers';
import { createComponent, deployAndWait, openHarness } from './helpers';

const SERVE = ['/bin/sh', '-c', "trap 'exit 0' TERM; httpd -f -p 8080 & wait"];
// port 1 refuses at once: the registry check is skipped and the (fake) engine pulls
const image = (name: string): string => `127.0.0.1:1/team/${name}:latest`;

describe('component delete when the image cleanup fails', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    if (h) await rm(h.dataDir, { recursive: true, force: true });
  });

  it('succeeds, removes the containers, and retries the images after the next deploy', async () => {
    const engine = new FakeContainerEngine();
    engine.publish(image('gone'), { cmd: SERVE });
    engine.publish(image('other'), { cmd: SERVE });
    h = await openHarness(undefined, { engine });
    const gone = await createComponent(h, { name: 'gone', source: { type: 'image', image: image('gone') }, deploy: { healthcheck: { timeoutSeconds: 5, stableSeconds: 0.1 } } });
    const d = await deployAndWait(h, gone);
    expect(d.state, d.reason).toBe('succeeded');
    const imageId = d.result!.imageId!;

    engine.removeImageError = new EngineError('image store is locked', 500);
    expect(await h.components.remove(gone, { removeContainer: true })).toEqual({ removedContainer: true });
    expect(h.store.data.components.find((c) => c.id === gone)).toBeUndefined();
    expect(await engine.listContainers({ 'autodeploy.component': gone })).toEqual([]);
    expect(await engine.inspectImage(imageId)).not.toBeNull();

    engine.removeImageError = undefined;
    const other = await createComponent(h, { name: 'other', source: { type: 'image', image: image('other') }, deploy: { healthcheck: { timeoutSeconds: 5, stableSeconds: 0.1 } } });
    const next = await deployAndWait(h, other);
    expect(next.state, next.reason).toBe('succeeded');
    expect(await engine.inspectImage(imageId)).toBeNull();
  });

  it('a leftover image is retried when the app starts again', async () => {
    const engine = new FakeContainerEngine();
    engine.publish(image('gone'), { cmd: SERVE });
    h = await openHarness(undefined, { engine });
    const gone = await createComponent(h, { name: 'gone', source: { type: 'image', image: image('gone') }, deploy: { healthcheck: { timeoutSeconds: 5, stableSeconds: 0.1 } } });
    const d = await deployAndWait(h, gone);
    expect(d.state, d.reason).toBe('succeeded');
    engine.removeImageError = new EngineError('image store is locked', 500);
    await h.components.remove(gone, { removeContainer: true });
    await h.close();
    expect(await engine.inspectImage(d.result!.imageId!)).not.toBeNull();

    engine.removeImageError = undefined;
    h = await openHarness(h.dataDir, { engine });
    expect(await engine.inspectImage(d.result!.imageId!)).toBeNull();
  });
});
