import { describe, expect, it } from 'vitest';
import type { Deploy, DeployState } from '../../../../shared/schemas/deploy';
import { emptyDocument } from '../../store/document';
import type { DbDocument, StoredComponent } from '../../store/document';
import { FakeContainerEngine } from '../engine/fake-engine';
import { imagesToPrune, pruneImages } from './image-retention';

const deploy = (id: string, componentId: string, state: DeployState, imageId: string): Deploy => ({
  id,
  componentId,
  componentName: componentId,
  state,
  trigger: { kind: 'manual' },
  target: {},
  createdAt: '2026-01-01T00:00:00Z',
  result: { image: 'x', imageId },
});

function doc(deploys: Deploy[], running: Record<string, string>): DbDocument {
  const d = emptyDocument();
  d.deploys = deploys; // newest first
  d.components = Object.entries(running).map(([id, imageId]) => ({ id, running: { deployId: 'd', image: 'x', imageId, since: '' } }) as unknown as StoredComponent);
  return d;
}

describe('imagesToPrune', () => {
  it('keeps the last N successful images and what runs; failed attempts go', () => {
    const d = doc(
      [
        deploy('d6', 'c1', 'rolled-back', 'img-bad'),
        deploy('d5', 'c1', 'succeeded', 'img5'),
        deploy('d4', 'c1', 'succeeded', 'img4'),
        deploy('d3', 'c1', 'succeeded', 'img5'), // the same image again counts once
        deploy('d2', 'c1', 'succeeded', 'img2'),
        deploy('d1', 'c1', 'succeeded', 'img1'),
      ],
      { c1: 'img1' },
    );
    expect(imagesToPrune(d, 'c1', 2, true)).toEqual(['img-bad', 'img2']);
    expect(imagesToPrune(d, 'c1', 2, false)).toEqual(['img-bad', 'img2', 'img1']);
  });

  it('never touches an image another component runs or deployed', () => {
    const d = doc([deploy('d3', 'c1', 'succeeded', 'img3'), deploy('d2', 'c2', 'succeeded', 'shared'), deploy('d1', 'c1', 'succeeded', 'shared')], {
      c1: 'img3',
      c2: 'other',
    });
    expect(imagesToPrune(d, 'c1', 1, true)).toEqual([]);
  });
});

describe('pruneImages (on the in-memory engine)', () => {
  const RUN = ['/bin/sh', '-c', 'sleep 600'];

  it("removes an image by the component's own tags, never another's, and keeps one in use", async () => {
    const engine = new FakeContainerEngine();
    const old = engine.addImage('autodeploy/app:aaa', { cmd: RUN });
    await engine.tagImage(old, 'autodeploy/app', 'bbb');
    const shared = engine.addImage('autodeploy/app:ccc', { cmd: RUN });
    await engine.tagImage(shared, 'someone/else', 'keep');
    const used = engine.addImage('autodeploy/app:ddd', { cmd: RUN });
    await engine.createContainer({ name: 'user', image: used, env: {}, ports: [], volumes: [], restart: 'no', labels: {} });
    const lines: string[] = [];
    const out = await pruneImages(engine, [old, shared, used, 'sha256:gone'], ['docker.io/autodeploy/app'], (l) => lines.push(l));
    expect(out).toEqual({ removed: [old], kept: [shared, used], failed: [] });
    expect(await engine.inspectImage(old)).toBeNull();
    // the foreign tag and the image under it stay; our own tag went
    expect((await engine.inspectImage(shared))?.repoTags).toEqual(['someone/else:keep']);
    expect(lines.some((l) => /kept old image .*being used/.test(l))).toBe(true);
  });

  it('an engine failure is reported as failed, for a later retry, not thrown', async () => {
    const engine = new FakeContainerEngine();
    const id = engine.addImage('autodeploy/app:aaa', { cmd: RUN });
    engine.unreachable = true;
    const out = await pruneImages(engine, [id], ['docker.io/autodeploy/app'], () => undefined);
    expect(out).toEqual({ removed: [], kept: [], failed: [id] });
  });
});
