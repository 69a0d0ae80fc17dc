// The RollingUpdate strategy (upstream's rolloutRolling): grow the new ReplicaSet up to
// replicas + maxSurge pods in total, shrink old ones while at least replicas - maxUnavailable pods
// stay available (unhealthy old pods first), one step per sync.

import type { SyncContext } from './context.js';
import { getAllReplicaSetsAndSyncRevision } from './newrs.js';
import { syncRolloutStatus } from './progress.js';
import { cleanupDeployment, scaleReplicaSet } from './scale.js';
import type { Deployment, ReplicaSet } from './types.js';
import { byCreation, deploymentComplete, filterActive, maxUnavailable, newRSNewReplicas, replicasOf, sumReplicas, sumStatus } from './util.js';

export async function rolloutRolling(c: SyncContext, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(c, d, rsList, true);
  const rs = newRS!;
  const allRSs = [...oldRSs, rs];
  if (await reconcileNewReplicaSet(c, allRSs, rs, d)) return syncRolloutStatus(c, allRSs, rs, d);
  if (await reconcileOldReplicaSets(c, allRSs, filterActive(oldRSs), rs, d)) return syncRolloutStatus(c, allRSs, rs, d);
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(c, oldRSs, d);
  return syncRolloutStatus(c, allRSs, rs, d);
}

async function reconcileNewReplicaSet(c: SyncContext, allRSs: ReplicaSet[], newRS: ReplicaSet, d: Deployment): Promise<boolean> {
  if (replicasOf(newRS) === replicasOf(d)) return false;
  if (replicasOf(newRS) > replicasOf(d)) return (await scaleReplicaSet(c, newRS, replicasOf(d), d)).scaled;
  return (await scaleReplicaSet(c, newRS, newRSNewReplicas(d, allRSs, newRS), d)).scaled;
}

async function reconcileOldReplicaSets(c: SyncContext, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet, d: Deployment): Promise<boolean> {
  if (sumReplicas(oldRSs) === 0) return false;
  const allPods = sumReplicas(allRSs);
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  // Never count the new ReplicaSet's unavailable pods as room to scale old ones down.
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  let cleaned: { oldRSs: ReplicaSet[]; count: number };
  let scaledDown: number;
  try {
    cleaned = await cleanupUnhealthyReplicas(c, oldRSs, d, maxScaledDown);
    scaledDown = await scaleDownOldReplicaSets(c, [...cleaned.oldRSs, newRS], cleaned.oldRSs, d);
  } catch {
    // As upstream: a failed scale-down is retried on a later sync.
    return false;
  }
  return cleaned.count + scaledDown > 0;
}

/** Scales old ReplicaSets down by their unavailable pods first: removing those costs no availability. */
async function cleanupUnhealthyReplicas(c: SyncContext, oldRSs: ReplicaSet[], d: Deployment, maxCleanup: number): Promise<{ oldRSs: ReplicaSet[]; count: number }> {
  const sorted = [...oldRSs].sort(byCreation);
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (total >= maxCleanup) break;
    const rs = sorted[i]!;
    const available = rs.status?.availableReplicas ?? 0;
    if (replicasOf(rs) === 0 || replicasOf(rs) === available) continue;
    const n = Math.min(maxCleanup - total, replicasOf(rs) - available);
    const r = await scaleReplicaSet(c, rs, replicasOf(rs) - n, d);
    total += n;
    sorted[i] = r.rs;
  }
  return { oldRSs: sorted, count: total };
}

/** Scales old ReplicaSets down, oldest first, while availability stays above replicas - maxUnavailable. */
async function scaleDownOldReplicaSets(c: SyncContext, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], d: Deployment): Promise<number> {
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const available = sumStatus(allRSs, 'availableReplicas');
  if (available <= minAvailable) return 0;
  const target = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= target) break;
    if (replicasOf(rs) === 0) continue;
    const n = Math.min(replicasOf(rs), target - total);
    await scaleReplicaSet(c, rs, replicasOf(rs) - n, d);
    total += n;
  }
  return total;
}
