// Creating and deleting pods until an owner has spec.replicas active pods (upstream's
// manageReplicas): at most burstReplicas per sync, creations in slow-start batches, surplus pods
// deleted in the order that hurts least, each step recorded as expectations and events.

import type { KubeObject } from '../../api/types.js';
import { isNotFound, type ResourceClient } from '../../machinery/client/index.js';
import { StatusError } from '../../machinery/errors/status.js';
import { newControllerRef } from '../../machinery/controller/index.js';
import type { EventRecorder } from '../../machinery/events/index.js';
import type { PodExpectations } from './expectations.js';
import type { ReplicaKind } from './kind.js';
import { podFromTemplate, podKey, podsToDelete } from './pods.js';
import { slowStartBatch } from './slowstart.js';
import type { Pod, ReplicaOwner } from './types.js';

export const BURST_REPLICAS = 500;
export const SLOW_START_INITIAL_BATCH = 1;

export interface ManageContext {
  kind: ReplicaKind;
  pods: ResourceClient<Pod>;
  recorder: EventRecorder;
  expectations: PodExpectations;
  burstReplicas: number;
  now(): number;
  /** Active and inactive pods of every owner with the same controller as `owner` (for ranking). */
  relatedPods(owner: ReplicaOwner): Pod[];
}

/** The create failed because the namespace is being deleted: nothing to report, it would fail again. */
export function isNamespaceTerminating(err: unknown): boolean {
  return err instanceof StatusError && !!err.status.details?.causes?.some((c) => c.reason === 'NamespaceTerminating');
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The owner as an event's involved object (with its kind, which cached objects may lack). */
export function eventSubject(kind: ReplicaKind, owner: ReplicaOwner): KubeObject {
  return { ...owner, apiVersion: kind.gvk.apiVersion, kind: kind.gvk.kind };
}

async function createPod(c: ManageContext, owner: ReplicaOwner): Promise<void> {
  const subject = eventSubject(c.kind, owner);
  const pod = podFromTemplate(owner.spec?.template ?? {}, owner, newControllerRef(owner, c.kind.gvk));
  if (!pod.metadata.labels) throw new Error('unable to create pods, no labels');
  let created: Pod;
  try {
    created = await c.pods.inNamespace(owner.metadata.namespace).create(pod);
  } catch (err) {
    if (!isNamespaceTerminating(err)) c.recorder.event(subject, 'Warning', 'FailedCreate', `Error creating: ${messageOf(err)}`);
    throw err;
  }
  c.recorder.event(subject, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
}

async function deletePod(c: ManageContext, owner: ReplicaOwner, pod: Pod): Promise<void> {
  const subject = eventSubject(c.kind, owner);
  try {
    await c.pods.inNamespace(pod.metadata.namespace).delete(pod.metadata.name!);
  } catch (err) {
    if (!isNotFound(err)) c.recorder.event(subject, 'Warning', 'FailedDelete', `Error deleting: ${messageOf(err)}`);
    throw err;
  }
  c.recorder.event(subject, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
}

/** Creates or deletes pods so that `active` reaches spec.replicas; throws the first failure. */
export async function manageReplicas(c: ManageContext, owner: ReplicaOwner, key: string, active: Pod[]): Promise<void> {
  const desired = owner.spec?.replicas ?? 1;
  const diff = active.length - desired;
  if (diff < 0) {
    const n = Math.min(-diff, c.burstReplicas);
    // Expect all creations first: a pod can be observed before its create call returns.
    c.expectations.expectCreations(key, n);
    const r = await slowStartBatch(n, SLOW_START_INITIAL_BATCH, async () => {
      try {
        await createPod(c, owner);
      } catch (err) {
        if (isNamespaceTerminating(err)) return;
        throw err;
      }
    });
    // Creations that failed or were never tried will never be observed.
    const skipped = n - r.successes;
    if (skipped > 0) c.expectations.creationsSkipped(key, skipped);
    if (r.error !== undefined) throw r.error;
    return;
  }
  if (diff > 0) {
    const n = Math.min(diff, c.burstReplicas);
    const victims = podsToDelete(active, c.relatedPods(owner), n, c.now());
    c.expectations.expectDeletions(key, victims.map(podKey));
    const errors = await Promise.all(
      victims.map(async (pod) => {
        try {
          await deletePod(c, owner, pod);
          return undefined;
        } catch (err) {
          // Never observed as deleted: lower the expectation now.
          c.expectations.deletionObserved(key, podKey(pod));
          return isNotFound(err) ? undefined : err;
        }
      }),
    );
    const first = errors.find((e) => e !== undefined);
    if (first !== undefined) throw first;
  }
}
