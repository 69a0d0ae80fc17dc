// ImageLocality: prefers nodes that already have the pod's images, weighted by image size and by how
// widely the image is spread across nodes (so one node holding a rare image is not favoured too much).

import { type CycleState, type StateData, StateKey } from '../../framework/cycle-state.js';
import type { Handle, PreScorePlugin, ScorePlugin } from '../../framework/interface.js';
import { MAX_NODE_SCORE } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { Status } from '../../framework/status.js';
import { Names } from '../names.js';

const MB = 1024 * 1024;
/** Below this total the score is 0 (upstream minThreshold, 23 MB). */
export const MIN_THRESHOLD = 23 * MB;
/** Per container, above this the score is 100 (upstream maxContainerThreshold, 1000 MB). */
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** Adds ":latest" to an image name without a tag. */
export function normalizedImageName(name: string): string {
  if (name.lastIndexOf(':') <= name.lastIndexOf('/')) return name + ':latest';
  return name;
}

/** Scales the summed image score to 0..100 between the thresholds. */
export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  if (sumScores < MIN_THRESHOLD) sumScores = MIN_THRESHOLD;
  else if (sumScores > maxThreshold) sumScores = maxThreshold;
  return Math.trunc((MAX_NODE_SCORE * (sumScores - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

class PreScoreState implements StateData {
  constructor(
    readonly images: readonly string[],
    readonly numContainers: number,
    readonly totalNodes: number,
  ) {}
  clone(): StateData {
    return this;
  }
}
const preScoreKey = new StateKey<PreScoreState>('PreScore' + Names.ImageLocality);

export class ImageLocality implements PreScorePlugin, ScorePlugin {
  readonly name = Names.ImageLocality;

  constructor(private readonly handle: Handle) {}

  private compute(pod: PodInfo): PreScoreState {
    const spec = pod.pod.spec;
    const images: string[] = [];
    for (const c of spec.initContainers ?? []) if (c.image) images.push(normalizedImageName(c.image));
    for (const c of spec.containers ?? []) if (c.image) images.push(normalizedImageName(c.image));
    const numContainers = (spec.initContainers?.length ?? 0) + (spec.containers?.length ?? 0);
    return new PreScoreState(images, numContainers, this.handle.snapshotSharedLister().list().length);
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    state.write(preScoreKey, this.compute(pod));
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number | Status {
    const s = state.read(preScoreKey) ?? this.compute(pod);
    let sum = 0;
    if (nodeInfo.imageStates.size > 0)
      for (const img of s.images) {
        const st = nodeInfo.imageStates.get(img);
        if (st) sum += Math.trunc(st.size * (st.numNodes / s.totalNodes));
      }
    return calculatePriority(sum, s.numContainers);
  }
}
