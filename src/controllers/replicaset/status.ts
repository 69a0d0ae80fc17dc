// The status a ReplicaSet (or ReplicationController) should show for its active pods (upstream's
// calculateStatus), and writing it through the status subresource when it changed.

import { selectorFromSet } from '../../machinery/labels/index.js';
import { isPodAvailable, isPodReady, metaTime } from './pods.js';
import type { Pod, ReplicaCondition, ReplicaOwner, ReplicaStatus } from './types.js';

export const REPLICA_FAILURE = 'ReplicaFailure';

export interface StatusInput {
  owner: ReplicaOwner;
  /** The owner's active pods. */
  pods: Pod[];
  /** The error of this sync's creates or deletes, if any. */
  manageError?: Error;
  now: number;
}

export function calculateStatus(o: StatusInput): ReplicaStatus {
  const { owner, pods, now } = o;
  const templateLabels = selectorFromSet(owner.spec?.template?.metadata?.labels ?? {});
  const minReady = owner.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const p of pods) {
    if (templateLabels.matches(p.metadata.labels ?? {})) fullyLabeled++;
    if (isPodReady(p)) {
      ready++;
      if (isPodAvailable(p, minReady, now)) available++;
    }
  }
  let conditions: ReplicaCondition[] = (owner.status?.conditions ?? []).map((c) => ({ ...c }));
  const failure = conditions.find((c) => c.type === REPLICA_FAILURE);
  if (o.manageError && !failure) {
    const diff = pods.length - (owner.spec?.replicas ?? 1);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    conditions.push({ type: REPLICA_FAILURE, status: 'True', lastTransitionTime: metaTime(now), reason, message: o.manageError.message });
  } else if (!o.manageError && failure) {
    conditions = conditions.filter((c) => c.type !== REPLICA_FAILURE);
  }
  const status: ReplicaStatus = { replicas: pods.length };
  // The zero values the API leaves out (omitempty), as upstream's status looks on the wire.
  if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (owner.status?.observedGeneration) status.observedGeneration = owner.status.observedGeneration;
  if (conditions.length) status.conditions = conditions;
  return status;
}

/** Nothing to write: same counts, same conditions, and this generation already observed. */
export function statusUpToDate(owner: ReplicaOwner, s: ReplicaStatus): boolean {
  const cur = owner.status ?? {};
  const n = (v: number | undefined) => v ?? 0;
  return (
    n(cur.replicas) === n(s.replicas) &&
    n(cur.fullyLabeledReplicas) === n(s.fullyLabeledReplicas) &&
    n(cur.readyReplicas) === n(s.readyReplicas) &&
    n(cur.availableReplicas) === n(s.availableReplicas) &&
    n(owner.metadata.generation) === n(cur.observedGeneration) &&
    JSON.stringify(cur.conditions ?? []) === JSON.stringify(s.conditions ?? [])
  );
}
