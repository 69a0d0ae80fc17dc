// Finding or creating the Deployment's new ReplicaSet (upstream's getNewReplicaSet): the one whose
// template is the Deployment's, with its revision raised above every old one; created — named
// "<deployment>-<pod-template-hash>" — when a rollout needs it, with hash collisions resolved by
// bumping status.collisionCount.

import { isAlreadyExists } from '../../machinery/client/index.js';
import { newControllerRef, controllerOf } from '../../machinery/controller/index.js';
import { StatusError } from '../../machinery/errors/status.js';
import { DEPLOYMENT_GVK, replaceIn, subject, writeDeploymentStatus, type SyncContext } from './context.js';
import { computeHash } from './hash.js';
import type { Deployment, ReplicaSet } from './types.js';
import {
  equalIgnoreHash,
  findNewReplicaSet,
  findOldReplicaSets,
  getCondition,
  hasProgressDeadline,
  maxRevision,
  newCondition,
  newRSNewReplicas,
  POD_TEMPLATE_HASH,
  Reason,
  REVISION,
  setCondition,
  setNewReplicaSetAnnotations,
} from './util.js';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function namespaceTerminating(err: unknown): boolean {
  return err instanceof StatusError && !!err.status.details?.causes?.some((c) => c.reason === 'NamespaceTerminating');
}

/** Sets the Deployment's revision annotation; true when it changed. */
function setDeploymentRevision(d: Deployment, revision: string): boolean {
  const ann = (d.metadata.annotations ??= {});
  if (ann[REVISION] === revision) return false;
  ann[REVISION] = revision;
  return true;
}

/**
 * The new and old ReplicaSets of a Deployment, with the new one's revision synced (upstream's
 * getAllReplicaSetsAndSyncRevision). `rsList` is updated in place with what was written.
 */
export async function getAllReplicaSetsAndSyncRevision(c: SyncContext, d: Deployment, rsList: ReplicaSet[], create: boolean): Promise<{ newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] }> {
  const oldRSs = findOldReplicaSets(d, rsList);
  const newRS = await getNewReplicaSet(c, d, rsList, oldRSs, create);
  return { newRS, oldRSs };
}

async function getNewReplicaSet(c: SyncContext, d: Deployment, rsList: ReplicaSet[], oldRSs: ReplicaSet[], create: boolean): Promise<ReplicaSet | undefined> {
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = maxRevision(oldRSs) + 1;
  const ns = d.metadata.namespace;
  if (existing) {
    const copy = structuredClone(existing);
    const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true);
    if (annotationsUpdated || (copy.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0)) {
      if (d.spec.minReadySeconds) copy.spec.minReadySeconds = d.spec.minReadySeconds;
      else delete copy.spec.minReadySeconds;
      const updated = await c.replicaSets.inNamespace(ns).update(copy);
      replaceIn(rsList, updated);
      return updated;
    }
    // The revision the ReplicaSet carries is the one that counts.
    let needsUpdate = setDeploymentRevision(d, copy.metadata.annotations?.[REVISION] ?? '');
    if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
      d.status ??= {};
      setCondition(d.status, newCondition('Progressing', 'True', Reason.FoundNewRS, `Found new replica set "${copy.metadata.name}"`, c.now()));
      needsUpdate = true;
    }
    if (needsUpdate) await writeDeploymentStatus(c, d);
    return copy;
  }
  if (!create) return undefined;

  const template = structuredClone(d.spec.template ?? {});
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata ??= {};
  template.metadata.labels = { ...(d.spec.template?.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash };
  const selector = structuredClone(d.spec.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash };
  const name = `${d.metadata.name}-${hash}`;
  const newRS: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: ns, ownerReferences: [newControllerRef(d, DEPLOYMENT_GVK)], labels: { ...template.metadata.labels } },
    spec: { replicas: 0, selector, template, ...(d.spec.minReadySeconds ? { minReadySeconds: d.spec.minReadySeconds } : {}) },
  };
  const count = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  newRS.spec.replicas = count;
  setNewReplicaSetAnnotations(d, newRS, newRevision, false);

  let created: ReplicaSet;
  let alreadyExists = false;
  try {
    created = await c.replicaSets.inNamespace(ns).create(newRS);
  } catch (err) {
    if (isAlreadyExists(err)) {
      // A slow cache, or a hash collision with a ReplicaSet of another template.
      alreadyExists = true;
      const found = c.rsLister.get(ns ?? '', name) ?? (await c.replicaSets.inNamespace(ns).get(name));
      if (controllerOf(found)?.uid === d.metadata.uid && equalIgnoreHash(d.spec.template, found.spec.template)) {
        created = found;
      } else {
        d.status ??= {};
        d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
        await writeDeploymentStatus(c, d).catch(() => {});
        throw err;
      }
    } else if (namespaceTerminating(err)) {
      throw err;
    } else {
      const msg = `Failed to create new replica set "${name}": ${messageOf(err)}`;
      if (hasProgressDeadline(d)) {
        d.status ??= {};
        setCondition(d.status, newCondition('Progressing', 'False', Reason.FailedRSCreate, msg, c.now()));
        await writeDeploymentStatus(c, d).catch(() => {});
      }
      c.recorder.event(subject(d), 'Warning', Reason.FailedRSCreate, msg);
      throw err;
    }
  }
  if (!alreadyExists && count > 0) c.recorder.event(subject(d), 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${count}`);
  let needsUpdate = setDeploymentRevision(d, String(newRevision));
  if (!alreadyExists && hasProgressDeadline(d)) {
    d.status ??= {};
    setCondition(d.status, newCondition('Progressing', 'True', Reason.NewReplicaSet, `Created new replica set "${created.metadata.name}"`, c.now()));
    needsUpdate = true;
  }
  if (needsUpdate) await writeDeploymentStatus(c, d);
  if (!rsList.some((x) => x.metadata.uid === created.metadata.uid)) rsList.push(created);
  return created;
}
