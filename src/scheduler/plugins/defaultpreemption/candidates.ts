// Picking the node to preempt on among candidates (upstream pickOneNodeForPreemption), criteria in order:
// fewest PDB violations, lowest highest-victim priority, smallest sum of priorities, fewest victims,
// latest start among the highest-priority victims; then the first candidate.

import type { PodInfo } from '../../framework/pod-info.js';
import { podStartTime } from './victims.js';

export interface Candidate {
  name: string;
  /** Sorted most important first. */
  victims: PodInfo[];
  numPDBViolations: number;
}

const MAX_INT32_PLUS_1 = 2147483648;

/** The earliest start among the victims with the highest priority (ms). */
export function earliestStartOfHighestPriority(victims: readonly PodInfo[], now: number): number {
  let maxPriority = victims[0]!.priority;
  let earliest = podStartTime(victims[0]!.pod, now);
  for (const v of victims) {
    if (v.priority === maxPriority) earliest = Math.min(earliest, podStartTime(v.pod, now));
    else if (v.priority > maxPriority) {
      maxPriority = v.priority;
      earliest = podStartTime(v.pod, now);
    }
  }
  return earliest;
}

export function pickOneNodeForPreemption(candidates: readonly Candidate[], now: number): Candidate | null {
  if (candidates.length === 0) return null;
  const scoreFuncs: ((c: Candidate) => number)[] = [
    (c) => -c.numPDBViolations,
    (c) => -c.victims[0]!.priority,
    (c) => -c.victims.reduce((s, v) => s + v.priority + MAX_INT32_PLUS_1, 0),
    (c) => -c.victims.length,
    (c) => earliestStartOfHighestPriority(c.victims, now),
  ];
  let all = [...candidates];
  for (const f of scoreFuncs) {
    let best = -Infinity;
    let selected: Candidate[] = [];
    for (const c of all) {
      const s = f(c);
      if (s > best) {
        best = s;
        selected = [];
      }
      if (s === best) selected.push(c);
    }
    if (selected.length === 1) return selected[0]!;
    all = selected;
  }
  return all[0]!;
}
