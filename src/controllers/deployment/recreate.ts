// The Recreate strategy (upstream's rolloutRecreate): scale every old ReplicaSet to zero, wait until
// none of their pods runs, then create (or scale up) the new ReplicaSet.

import type { SyncContext } from './context.js';
import { getAllReplicaSetsAndSyncRevision } from './newrs.js';
import { syncRolloutStatus } from './progress.js';
import { cleanupDeployment, scaleReplicaSet } from './scale.js';
import type { Deployment, Pod, ReplicaSet } from './types.js';
import { deploymentComplete, filterActive, replicasOf, sumStatus } from './util.js';

/** Pods of the Deployment grouped by the uid of the ReplicaSet controlling them. */
export type PodMap = Map<string, Pod[]>;

/** Old ReplicaSets still report pods, or an old pod has not reached a terminal phase. */
export function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[], podMap: PodMap): boolean {
  if (sumStatus(oldRSs, 'replicas') > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata.uid === uid) continue;
    for (const p of pods) {
      const phase = p.status?.phase;
      if (phase === 'Failed' || phase === 'Succeeded') continue;
      return true;
    }
  }
  return false;
}

export async function rolloutRecreate(c: SyncContext, d: Deployment, rsList: ReplicaSet[], podMap: PodMap): Promise<void> {
  // Do not create the new ReplicaSet yet: scaling up before the old pods are gone is what Recreate avoids.
  let { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(c, d, rsList, false);
  let allRSs: Array<ReplicaSet | undefined> = [...oldRSs, newRS];
  let scaledDown = false;
  for (const rs of filterActive(oldRSs)) if ((await scaleReplicaSet(c, rs, 0, d)).scaled) scaledDown = true;
  if (scaledDown) return syncRolloutStatus(c, allRSs, newRS, d);
  if (oldPodsRunning(newRS, oldRSs, podMap)) return syncRolloutStatus(c, allRSs, newRS, d);
  if (!newRS) {
    ({ newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(c, d, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  if (newRS) await scaleReplicaSet(c, newRS, replicasOf(d), d);
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(c, oldRSs, d);
  return syncRolloutStatus(c, allRSs, newRS, d);
}
