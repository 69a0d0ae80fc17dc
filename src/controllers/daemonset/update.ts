// RollingUpdate (upstream's rollingUpdate): without surge, delete old pods while at most
// maxUnavailable pods are unavailable (manage then creates their replacements); with maxSurge,
// create a new pod next to an old one and delete the old one once the new one is available.

import type { DsDeps } from './deps.js';
import { isPodUpdated, podsByNode, syncNodes, templateGeneration } from './pods.js';
import { isPodAvailable, scaledValue } from './podutil.js';
import { nodeShouldRunDaemonPod } from './predicates.js';
import type { DaemonSet, Node, Pod } from './types.js';

/** The one new and one old (not deleted) pod on a node; ok=false when there are more. */
function updatedPodsOnNode(pods: Pod[], hash: string, generation: string | undefined): { newPod?: Pod; oldPod?: Pod; ok: boolean } {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) continue;
    if (isPodUpdated(p, hash, generation)) {
      if (newPod) return { ok: false };
      newPod = p;
    } else {
      if (oldPod) return { ok: false };
      oldPod = p;
    }
  }
  return { ...(newPod ? { newPod } : {}), ...(oldPod ? { oldPod } : {}), ok: true };
}

export async function rollingUpdate(d: DsDeps, ds: DaemonSet, nodes: Node[], pods: Pod[], hash: string): Promise<void> {
  const byNode = podsByNode(pods, false);
  let desired = 0;
  const shouldRun = new Map<string, boolean>();
  for (const n of nodes) {
    const [run] = nodeShouldRunDaemonPod(n, ds);
    shouldRun.set(n.metadata.name!, run);
    if (!run) continue;
    desired++;
    if (!byNode.has(n.metadata.name!)) byNode.set(n.metadata.name!, []);
  }
  const ru = ds.spec?.updateStrategy?.rollingUpdate;
  const maxSurge = scaledValue(ru?.maxSurge, desired);
  let maxUnavailable = scaledValue(ru?.maxUnavailable, desired);
  if (desired > 0 && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  const now = d.clock.now();
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const available = (p: Pod) => isPodAvailable(p, minReady, now);
  const generation = templateGeneration(ds);

  if (maxSurge === 0) {
    let unavailable = 0;
    const replacements: string[] = [];
    const candidates: string[] = [];
    for (const ps of byNode.values()) {
      const { newPod, oldPod, ok } = updatedPodsOnNode(ps, hash, generation);
      if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) {
        unavailable++;
        continue;
      }
      if (newPod) {
        if (!available(newPod)) unavailable++;
        continue;
      }
      if (!available(oldPod!)) {
        replacements.push(oldPod!.metadata.name!);
        unavailable++;
      } else if (unavailable < maxUnavailable) candidates.push(oldPod!.metadata.name!);
    }
    const room = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
    await syncNodes(d, ds, [...replacements, ...candidates.slice(0, room)], [], hash);
    return;
  }

  const oldToDelete: string[] = [];
  const shouldNotRunToDelete: string[] = [];
  const candidateNodes: string[] = [];
  const allowedNodes: string[] = [];
  let surge = 0;
  let numAvailable = 0;
  for (const [node, ps] of byNode) {
    const { newPod, oldPod, ok } = updatedPodsOnNode(ps, hash, generation);
    if (!ok) {
      surge++;
      continue;
    }
    if (oldPod ? available(oldPod) : newPod && available(newPod)) numAvailable++;
    if (!oldPod) continue;
    if (!newPod) {
      const run = shouldRun.get(node) ?? false;
      if (!available(oldPod)) {
        if (!run) oldToDelete.push(oldPod.metadata.name!);
        else allowedNodes.push(node);
      } else if (!run) shouldNotRunToDelete.push(oldPod.metadata.name!);
      else if (surge < maxSurge) candidateNodes.push(node);
      continue;
    }
    if (!available(newPod)) {
      surge++;
      continue;
    }
    oldToDelete.push(oldPod.metadata.name!);
  }
  const deletable = Math.min(Math.max(0, numAvailable - desired), shouldNotRunToDelete.length);
  oldToDelete.push(...shouldNotRunToDelete.slice(0, deletable));
  const room = Math.min(Math.max(0, maxSurge - surge), candidateNodes.length);
  await syncNodes(d, ds, oldToDelete, [...allowedNodes, ...candidateNodes.slice(0, room)], hash);
}
