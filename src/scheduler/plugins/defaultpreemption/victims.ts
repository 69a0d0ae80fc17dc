// Choosing victims on one node (upstream SelectVictimsOnNode): remove every lower-priority pod; if the
// preemptor then fits, add pods back from the most important down (PDB-violating ones first) as long as
// it still fits. What stays removed are the victims.

import { fromLabelSelector } from '../../../machinery/labels/index.js';
import type { Pod, PodDisruptionBudget } from '../../framework/api.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type { Handle } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Code, Status } from '../../framework/status.js';

export const NO_VICTIMS_MSG = 'No preemption victims found for incoming pod';

/** The pod's start time in ms (status.startTime; "now" when unset, as upstream). */
export function podStartTime(pod: Pod, now: number): number {
  const t = pod.status?.startTime ? Date.parse(pod.status.startTime) : NaN;
  return Number.isNaN(t) ? now : t;
}

/** util.MoreImportantPod: higher priority, then earlier start. */
export function moreImportantPod(a: PodInfo, b: PodInfo, now: number): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return podStartTime(a.pod, now) < podStartTime(b.pod, now);
}

/** Splits pods into those whose eviction would violate a PodDisruptionBudget and the rest. */
export function filterPodsWithPDBViolation(pods: readonly PodInfo[], pdbs: readonly PodDisruptionBudget[]): [PodInfo[], PodInfo[]] {
  const allowed = pdbs.map((p) => p.status?.disruptionsAllowed ?? 0);
  const selectors = pdbs.map((p) => {
    try {
      return fromLabelSelector(p.spec?.selector);
    } catch {
      return null;
    }
  });
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const pi of pods) {
    const labels = pi.pod.metadata.labels;
    let violated = false;
    if (labels && Object.keys(labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        if ((pdb.metadata.namespace ?? '') !== (pi.pod.metadata.namespace ?? '')) return;
        const sel = selectors[i];
        if (!sel || sel.empty() || !sel.matches(labels)) return;
        if (pdb.status?.disruptedPods && (pi.pod.metadata.name ?? '') in pdb.status.disruptedPods) return;
        allowed[i]!--;
        if (allowed[i]! < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(pi);
  }
  return [violating, nonViolating];
}

export interface VictimsResult {
  victims: PodInfo[];
  numPDBViolations: number;
  status: Status | null;
}

/** Works on nodeInfo and state (callers pass copies). */
export function selectVictimsOnNode(
  fh: Handle,
  state: CycleState,
  pod: PodInfo,
  nodeInfo: NodeInfo,
  pdbs: readonly PodDisruptionBudget[],
): VictimsResult {
  const fail = (s: Status): VictimsResult => ({ victims: [], numPDBViolations: 0, status: s });
  const remove = (p: PodInfo): Status | null => {
    nodeInfo.removePod(p.key);
    return fh.runPreFilterExtensionRemovePod(state, pod, p, nodeInfo);
  };
  const add = (p: PodInfo): Status | null => {
    nodeInfo.addPodInfo(p);
    return fh.runPreFilterExtensionAddPod(state, pod, p, nodeInfo);
  };
  const potential: PodInfo[] = [];
  for (const p of [...nodeInfo.pods]) {
    if (p.priority >= pod.priority) continue;
    potential.push(p);
    const s = remove(p);
    if (s) return fail(s);
  }
  if (potential.length === 0) return fail(new Status(Code.UnschedulableAndUnresolvable, [NO_VICTIMS_MSG]));
  const fits = fh.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
  if (fits !== null) return fail(fits);

  const now = fh.clock.now();
  potential.sort((a, b) => (moreImportantPod(a, b, now) ? -1 : moreImportantPod(b, a, now) ? 1 : 0));
  const [violating, nonViolating] = filterPodsWithPDBViolation(potential, pdbs);
  const victims: PodInfo[] = [];
  let numViolating = 0;
  const reprieve = (p: PodInfo): boolean | Status => {
    const s = add(p);
    if (s) return s;
    const ok = fh.runFilterPluginsWithNominatedPods(state, pod, nodeInfo) === null;
    if (!ok) {
      const r = remove(p);
      if (r) return r;
      victims.push(p);
    }
    return ok;
  };
  for (const p of violating) {
    const r = reprieve(p);
    if (r instanceof Status) return fail(r);
    if (!r) numViolating++;
  }
  for (const p of nonViolating) {
    const r = reprieve(p);
    if (r instanceof Status) return fail(r);
  }
  if (violating.length > 0 && nonViolating.length > 0) victims.sort((a, b) => (moreImportantPod(a, b, now) ? -1 : moreImportantPod(b, a, now) ? 1 : 0));
  return { victims, numPDBViolations: numViolating, status: null };
}
