// StatefulSet status: counts of created, ready, available, current and updated pods; a finished
// rolling update makes the update revision current; written only when it changed.

import type { ControllerRevision } from '../history/index.js';
import { isConflict } from '../../machinery/client/index.js';
import type { StsDeps } from './deps.js';
import { podRevision } from './identity.js';
import { isCreated, isRunningAndAvailable, isRunningAndReady, isTerminating } from './podutil.js';
import type { Pod, StatefulSet, StatefulSetStatus } from './types.js';

export function computeReplicaStatus(status: StatefulSetStatus, pods: Pod[], minReadySeconds: number, now: number, current: ControllerRevision, update: ControllerRevision): void {
  status.replicas = 0;
  status.readyReplicas = 0;
  status.availableReplicas = 0;
  status.currentReplicas = 0;
  status.updatedReplicas = 0;
  for (const p of pods) {
    if (isCreated(p)) status.replicas++;
    if (isRunningAndReady(p)) {
      status.readyReplicas++;
      if (isRunningAndAvailable(p, minReadySeconds, now)) status.availableReplicas++;
    }
    if (isCreated(p) && !isTerminating(p)) {
      const rev = podRevision(p);
      if (rev === current.metadata.name) status.currentReplicas++;
      if (rev === update.metadata.name) status.updatedReplicas++;
    }
  }
}

/** A RollingUpdate is complete when every pod is updated and ready: the update revision becomes current. */
export function completeRollingUpdate(set: StatefulSet, status: StatefulSetStatus): void {
  if (set.spec?.updateStrategy?.type === 'RollingUpdate' && status.updatedReplicas === status.replicas && status.readyReplicas === status.replicas) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = status.updateRevision;
  }
}

const FIELDS = ['observedGeneration', 'replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'currentRevision', 'updateRevision', 'availableReplicas', 'collisionCount'] as const;

function inconsistent(set: StatefulSet, status: StatefulSetStatus): boolean {
  const cur = set.status ?? {};
  return FIELDS.some((k) => (cur[k] ?? (typeof status[k] === 'string' ? '' : 0)) !== status[k]);
}

export async function updateStatefulSetStatus(d: StsDeps, set: StatefulSet, status: StatefulSetStatus): Promise<void> {
  completeRollingUpdate(set, status);
  if (!inconsistent(set, status)) return;
  let target = structuredClone(set);
  for (let attempt = 0; ; attempt++) {
    target.status = { ...target.status, ...status };
    try {
      await d.sets.inNamespace(set.metadata.namespace).updateStatus(target);
      return;
    } catch (err) {
      if (!isConflict(err) || attempt >= 9) throw err;
      target = await d.sets.inNamespace(set.metadata.namespace).get(set.metadata.name!);
    }
  }
}
