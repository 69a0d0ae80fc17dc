import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CycleState } from '../../framework/cycle-state.js';
import { PodInfo } from '../../framework/pod-info.js';
import { testFramework } from '../../testing/handle.js';
import { makeNode, makePod } from '../../testing/wrappers.js';
import { ImageLocality, normalizedImageName } from './image-locality.js';

const MB = 1024 * 1024;

describe('ImageLocality', () => {
  it('normalizes image names', () => {
    assert.equal(normalizedImageName('nginx'), 'nginx:latest');
    assert.equal(normalizedImageName('nginx:1.25'), 'nginx:1.25');
    assert.equal(normalizedImageName('localhost:5000/app'), 'localhost:5000/app:latest');
  });
  it('scores by image size scaled by spread (upstream case: two images, 2 nodes)', () => {
    // node1 has gcr.io/40 (40MB) and gcr.io/300 (300MB); node2 has gcr.io/250 (250MB); pod uses 40 and 300... here 40 and 250.
    const nodes = [
      makeNode('node1', { images: [{ names: ['gcr.io/40:latest'], sizeBytes: 40 * MB }, { names: ['gcr.io/300:latest'], sizeBytes: 300 * MB }] }),
      makeNode('node2', { images: [{ names: ['gcr.io/250:latest'], sizeBytes: 250 * MB }] }),
    ];
    const t = testFramework({ nodes });
    const pl = new ImageLocality(t.fwk);
    const pod = new PodInfo(
      makePod('p', {
        containers: [
          { name: 'a', image: 'gcr.io/40' },
          { name: 'b', image: 'gcr.io/250' },
        ],
      }),
    );
    const state = new CycleState();
    pl.preScore(state, pod);
    // node1: 40MB × 1/2 = 20MB < 23MB threshold → 0. node2: 250MB × 1/2 = 125MB → 100 × (125−23)/(2000−23) = 5.
    assert.equal(pl.score(state, pod, t.snapshot.get('node1')!), 0);
    assert.equal(pl.score(state, pod, t.snapshot.get('node2')!), 5);
  });
});
