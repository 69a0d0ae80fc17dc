// One daemon pod per eligible node (upstream's manage / podsShouldBeOnNode): create where one is
// missing, delete failed pods (with backoff) and extra pods, and delete pods on nodes that no longer
// qualify — or that do not exist any more, when the pod was never scheduled.

import { dsRef, type DsDeps } from './deps.js';
import { podsByNode, syncNodes } from './pods.js';
import { byCreationAndPhase, isPodReady, scaledValue } from './podutil.js';
import { nodeShouldRunDaemonPod } from './predicates.js';
import { REVISION_HASH_LABEL, type DaemonSet, type Node, type Pod } from './types.js';

export const FAILED_POD_BACKOFF_INITIAL_MS = 1000;
export const FAILED_POD_BACKOFF_MAX_MS = 15 * 60_000;

export function allowsSurge(ds: DaemonSet): boolean {
  if (ds.spec?.updateStrategy?.type !== 'RollingUpdate') return false;
  try {
    return scaledValue(ds.spec.updateStrategy.rollingUpdate?.maxSurge, 1) > 0;
  } catch {
    return false;
  }
}

interface NodePlan {
  create: string[];
  delete: string[];
  failed: number;
}

function podsShouldBeOnNode(d: DsDeps, ds: DaemonSet, node: Node, pods: Pod[] | undefined, hash: string): NodePlan {
  const plan: NodePlan = { create: [], delete: [], failed: 0 };
  const [shouldRun, shouldContinueRunning] = nodeShouldRunDaemonPod(node, ds);
  const name = node.metadata.name!;
  if (shouldRun && !pods) {
    plan.create.push(name);
    return plan;
  }
  if (!pods) return plan;
  if (!shouldContinueRunning) {
    for (const p of pods) if (!p.metadata.deletionTimestamp) plan.delete.push(p.metadata.name!);
    return plan;
  }
  const running: Pod[] = [];
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) continue;
    const phase = p.status?.phase;
    if (phase === 'Failed' || phase === 'Succeeded') {
      if (phase === 'Failed') {
        plan.failed++;
        const key = `${ds.metadata.uid}/${ds.status?.observedGeneration ?? 0}/${name}`;
        const now = d.clock.now();
        if (d.failedPodsBackoff.isInBackOffSinceUpdate(key, now)) {
          d.enqueueAfter(`${ds.metadata.namespace}/${ds.metadata.name}`, d.failedPodsBackoff.get(key));
          continue;
        }
        d.failedPodsBackoff.next(key, now);
        d.recorder.eventf(dsRef(ds), 'Warning', 'FailedDaemonPod', 'Found failed daemon pod %s/%s on node %s, will try to kill it', p.metadata.namespace, p.metadata.name, name);
      }
      plan.delete.push(p.metadata.name!);
    } else running.push(p);
  }
  running.sort(byCreationAndPhase);
  if (!allowsSurge(ds)) {
    // Keep the oldest; the rest go.
    for (const p of running.slice(1)) plan.delete.push(p.metadata.name!);
    return plan;
  }
  if (running.length === 0) {
    if (shouldRun) plan.create.push(name);
    return plan;
  }
  if (running.length === 1) return plan;
  // Surging: keep the oldest new pod, and the oldest old pod only while the new one is not ready.
  let oldestNew: Pod | undefined;
  let oldestOld: Pod | undefined;
  for (const p of running) {
    const isNew = p.metadata.labels?.[REVISION_HASH_LABEL] === hash;
    if (isNew && !oldestNew) oldestNew = p;
    else if (!isNew && !oldestOld) oldestOld = p;
    else plan.delete.push(p.metadata.name!);
  }
  if (oldestNew && oldestOld && (!isPodReady(oldestOld) || isPodReady(oldestNew))) plan.delete.push(oldestOld.metadata.name!);
  return plan;
}

export async function manage(d: DsDeps, ds: DaemonSet, nodes: Node[], pods: Pod[], hash: string): Promise<void> {
  const byNode = podsByNode(pods, false);
  const create: string[] = [];
  const del: string[] = [];
  let failed = 0;
  for (const node of nodes) {
    const plan = podsShouldBeOnNode(d, ds, node, byNode.get(node.metadata.name!), hash);
    create.push(...plan.create);
    del.push(...plan.delete);
    failed += plan.failed;
  }
  // Pods never scheduled, for nodes that are gone: nothing else would ever delete them.
  const names = new Set(nodes.map((n) => n.metadata.name));
  for (const [node, ps] of byNode) {
    if (names.has(node)) continue;
    for (const p of ps) if (!p.spec?.nodeName) del.push(p.metadata.name!);
  }
  await syncNodes(d, ds, del, create, hash);
  if (failed > 0) throw new Error(`deleted ${failed} failed pods of DaemonSet ${ds.metadata.namespace}/${ds.metadata.name}`);
}
