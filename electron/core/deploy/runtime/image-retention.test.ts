import { describe, expect, it } from 'vitest';
import type { Deploy, DeployState } from '../../../../shared/schemas/deploy';
import { emptyDocument } from '../../store/document';
import type { DbDocument, StoredComponent } from '../../store/document';
import { imagesToPrune } from './image-retention';

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
