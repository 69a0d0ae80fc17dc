// Bringing a StatefulSet's pods in line (upstream's updateStatefulSet): pods [start, start+replicas)
// exist, in order under OrderedReady (each waits for its predecessors to be Running and Ready) or all
// at once under Parallel; failed pods are recreated; pods beyond the range go, highest ordinal first;
// then RollingUpdate replaces pods at other revisions from the highest ordinal down to the partition.

import { isNotFound } from '../../machinery/client/index.js';
import { newControllerRef } from '../../machinery/controller/index.js';
import type { ControllerRevision } from '../history/index.js';
import type { StsDeps } from './deps.js';
import { endOrdinal, identityMatches, newStatefulSetPod, ordinalOf, podInOrdinalRange, podRevision, startOrdinal, storageMatches } from './identity.js';
import {
  claimsMatchRetentionPolicy,
  createMissingClaims,
  createStatefulPod,
  deleteStatefulPod,
  podClaimIsStale,
  updateClaimsForRetentionPolicy,
  updateStatefulPod,
} from './podcontrol.js';
import { isCreated, isFailed, isHealthy, isPending, isRunningAndAvailable, isRunningAndReady, isSucceeded, isTerminating } from './podutil.js';
import { templateAt } from './revisions.js';
import { computeReplicaStatus } from './status.js';
import { setRef } from './deps.js';
import { STS_GVK, type Pod, type StatefulSet, type StatefulSetStatus } from './types.js';

export interface UpdateInput {
  set: StatefulSet;
  pods: Pod[];
  current: ControllerRevision;
  update: ControllerRevision;
  collisionCount: number;
}

/** A pod for the ordinal at the revision it should have: below the partition the current one. */
function newVersionedPod(set: StatefulSet, input: UpdateInput, ordinal: number): Pod {
  const ru = set.spec?.updateStrategy;
  const partition = ru?.rollingUpdate?.partition;
  const useCurrent =
    ru?.type === 'RollingUpdate' &&
    ((partition === undefined && ordinal < startOrdinal(set) + (set.status?.currentReplicas ?? 0)) || (partition !== undefined && ordinal < startOrdinal(set) + partition));
  const rev = useCurrent ? input.current : input.update;
  return newStatefulSetPod(set, templateAt(rev), rev.metadata.name!, ordinal, newControllerRef(set, STS_GVK));
}

/** Runs fn over the items in order, stopping at the first that asks to (monotonic), or over all at once. */
async function runForAll<T>(items: T[], fn: (item: T, i: number) => Promise<boolean>, monotonic: boolean): Promise<boolean> {
  if (monotonic) {
    for (let i = 0; i < items.length; i++) if (await fn(items[i]!, i)) return true;
    return false;
  }
  const results = await Promise.allSettled(items.map((x, i) => fn(x, i)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return false;
}

/** The status to record, and the error that stopped the sync early (the status is written either way). */
export async function updateStatefulSet(d: StsDeps, input: UpdateInput): Promise<{ status: StatefulSetStatus; err?: unknown }> {
  const { set, current, update } = input;
  const now = d.clock.now();
  const minReady = set.spec?.minReadySeconds ?? 0;
  const status: StatefulSetStatus = {
    observedGeneration: set.metadata.generation ?? 0,
    currentRevision: current.metadata.name!,
    updateRevision: update.metadata.name!,
    collisionCount: input.collisionCount,
  };
  const start = startOrdinal(set);
  const count = set.spec?.replicas ?? 1;
  const replicas: Pod[] = new Array<Pod>(count);
  const condemned: Pod[] = [];
  for (const p of input.pods) {
    if (podInOrdinalRange(p, set)) replicas[ordinalOf(p) - start] = p;
    else if (ordinalOf(p) >= 0) condemned.push(p);
  }
  for (let ord = start; ord <= endOrdinal(set); ord++) replicas[ord - start] ??= newVersionedPod(set, input, ord);
  condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
  const refresh = () => computeReplicaStatus(status, [...replicas, ...condemned], minReady, d.clock.now(), current, update);
  refresh();
  let firstUnhealthy: Pod | undefined = replicas.find((p) => !isHealthy(p));
  if (!firstUnhealthy) for (let i = condemned.length - 1; i >= 0; i--) if (!isHealthy(condemned[i]!)) {
    firstUnhealthy = condemned[i];
    break;
  }
  if (set.metadata.deletionTimestamp) return { status };
  const monotonic = set.spec?.podManagementPolicy !== 'Parallel';

  const processReplica = async (_: Pod, i: number): Promise<boolean> => {
    let pod = replicas[i]!;
    if (isFailed(pod) || isSucceeded(pod)) {
      if (isFailed(pod)) d.recorder.eventf(setRef(set), 'Warning', 'RecreatingFailedPod', 'StatefulSet %s/%s is recreating failed Pod %s', set.metadata.namespace, set.metadata.name, pod.metadata.name);
      else d.recorder.eventf(setRef(set), 'Normal', 'RecreatingTerminatedPod', 'StatefulSet %s/%s is recreating terminated Pod %s', set.metadata.namespace, set.metadata.name, pod.metadata.name);
      await deleteStatefulPod(d, set, pod);
      pod = replicas[i] = newVersionedPod(set, input, i + start);
    }
    if (!isCreated(pod)) {
      if (podClaimIsStale(d, set, pod)) return true;
      await createStatefulPod(d, set, pod);
      return monotonic;
    }
    if (isPending(pod)) await createMissingClaims(d, set, pod);
    if (isTerminating(pod) && monotonic) return true;
    if (!isRunningAndReady(pod) && monotonic) return true;
    if (!isRunningAndAvailable(pod, minReady, now) && monotonic) return true;
    if (identityMatches(set, pod) && storageMatches(set, pod) && claimsMatchRetentionPolicy(d, set, pod)) return false;
    await updateStatefulPod(d, set, pod);
    return false;
  };
  try {
    if (await runForAll(replicas, processReplica, monotonic)) return { status };
    const fixClaims = async (p: Pod) => {
      if (!claimsMatchRetentionPolicy(d, set, p)) await updateClaimsForRetentionPolicy(d, set, p);
      return false;
    };
    if (await runForAll(condemned, fixClaims, monotonic)) return { status };
    const processCondemned = async (p: Pod): Promise<boolean> => {
      if (isTerminating(p)) return monotonic;
      if (monotonic && p !== firstUnhealthy && (!isRunningAndReady(p) || !isRunningAndAvailable(p, minReady, now))) return true;
      await deleteStatefulPod(d, set, p);
      return true;
    };
    if (await runForAll(condemned, processCondemned, monotonic)) return { status };
  } catch (err) {
    return { status, err };
  } finally {
    refresh();
  }
  if (set.spec?.updateStrategy?.type === 'OnDelete') return { status };
  const partition = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  for (let target = replicas.length - 1; target >= partition; target--) {
    const pod = replicas[target]!;
    if (podRevision(pod) !== update.metadata.name && !isTerminating(pod)) {
      try {
        await deleteStatefulPod(d, set, pod);
      } catch (err) {
        if (!isNotFound(err)) return { status, err };
      }
      status.currentReplicas = (status.currentReplicas ?? 0) - 1;
      return { status };
    }
    if (!isHealthy(pod)) return { status };
  }
  return { status };
}
