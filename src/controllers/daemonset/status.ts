// DaemonSet status (upstream's updateDaemonSetStatus): per eligible node whether a pod is scheduled,
// ready, available and up to date; pods on ineligible nodes are misscheduled.

import { isConflict } from '../../machinery/client/index.js';
import type { DsDeps } from './deps.js';
import { isPodUpdated, podsByNode, templateGeneration } from './pods.js';
import { byCreationAndPhase, isPodAvailable, isPodReady } from './podutil.js';
import { nodeShouldRunDaemonPod } from './predicates.js';
import type { DaemonSet, DaemonSetStatus, Node, Pod } from './types.js';

const COUNTERS = ['desiredNumberScheduled', 'currentNumberScheduled', 'numberMisscheduled', 'numberReady', 'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable'] as const;

export function computeStatus(ds: DaemonSet, nodes: Node[], pods: Pod[], hash: string, now: number): Required<Pick<DaemonSetStatus, (typeof COUNTERS)[number]>> {
  const byNode = podsByNode(pods, false);
  const generation = templateGeneration(ds);
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const s = { desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, updatedNumberScheduled: 0, numberAvailable: 0, numberUnavailable: 0 };
  for (const node of nodes) {
    const [run] = nodeShouldRunDaemonPod(node, ds);
    const ps = byNode.get(node.metadata.name!) ?? [];
    if (!run) {
      if (ps.length > 0) s.numberMisscheduled++;
      continue;
    }
    s.desiredNumberScheduled++;
    if (ps.length === 0) continue;
    s.currentNumberScheduled++;
    const pod = [...ps].sort(byCreationAndPhase)[0]!;
    if (isPodReady(pod)) {
      s.numberReady++;
      if (isPodAvailable(pod, minReady, now)) s.numberAvailable++;
    }
    if (isPodUpdated(pod, hash, generation)) s.updatedNumberScheduled++;
  }
  s.numberUnavailable = s.desiredNumberScheduled - s.numberAvailable;
  return s;
}

/** Writes the status when it changed (retrying conflicts on a fresh copy); requeues for minReadySeconds. */
export async function updateDaemonSetStatus(d: DsDeps, ds: DaemonSet, nodes: Node[], pods: Pod[], hash: string, updateObservedGen: boolean): Promise<void> {
  const s = computeStatus(ds, nodes, pods, hash, d.clock.now());
  const cur = ds.status ?? {};
  const same = COUNTERS.every((k) => (cur[k] ?? 0) === s[k]) && (cur.observedGeneration ?? 0) >= (ds.metadata.generation ?? 0);
  if (!same) {
    let target = structuredClone(ds);
    for (let attempt = 0; ; attempt++) {
      target.status = { ...target.status, ...s, ...(updateObservedGen ? { observedGeneration: ds.metadata.generation ?? 0 } : {}) };
      try {
        await d.daemonSets.inNamespace(ds.metadata.namespace).updateStatus(target);
        break;
      } catch (err) {
        if (!isConflict(err) || attempt >= 9) throw err;
        target = await d.daemonSets.inNamespace(ds.metadata.namespace).get(ds.metadata.name!);
      }
    }
  }
  const minReady = ds.spec?.minReadySeconds ?? 0;
  if (minReady > 0 && s.numberReady !== s.numberAvailable) d.enqueueAfter(`${ds.metadata.namespace}/${ds.metadata.name}`, minReady * 1000);
}
