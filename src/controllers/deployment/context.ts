// What the deployment sync steps share: clients, the ReplicaSet cache, the event recorder, the
// clock, and a way to come back to a Deployment later.

import type { KubeObject } from '../../api/types.js';
import { isConflict, type ResourceClient } from '../../machinery/client/index.js';
import type { EventRecorder } from '../../machinery/events/index.js';
import type { Lister } from '../../machinery/informers/index.js';
import { REVISION } from './util.js';
import type { Deployment, ReplicaSet } from './types.js';

export const DEPLOYMENT_GVK = { apiVersion: 'apps/v1', kind: 'Deployment' };

export interface SyncContext {
  deployments: ResourceClient<Deployment>;
  replicaSets: ResourceClient<ReplicaSet>;
  rsLister: Lister<ReplicaSet>;
  recorder: EventRecorder;
  now(): number;
  /** Sync the Deployment again after ms (progress checks). */
  requeueAfter(d: Deployment, ms: number): void;
  /** Sync the Deployment again soon, with backoff. */
  requeueRateLimited(d: Deployment): void;
}

/** The Deployment as an event's involved object. */
export function subject(d: Deployment): KubeObject {
  return { ...d, ...DEPLOYMENT_GVK };
}

/**
 * Writes the working copy's status (and the revision annotation, which upstream's status strategy
 * lets through /status; when the server keeps metadata out of /status it is patched on the object).
 * The copy takes the new resourceVersion, so a later write in the same sync does not conflict.
 */
export async function writeDeploymentStatus(c: SyncContext, d: Deployment): Promise<void> {
  const client = c.deployments.inNamespace(d.metadata.namespace);
  let out: Deployment;
  try {
    out = await client.updateStatus({ ...d, ...DEPLOYMENT_GVK });
  } catch (err) {
    // The cache was behind (often our own last write). The status derives from the spec and the
    // ReplicaSets, so while the spec (generation) is unchanged it still holds: write it onto the
    // fresh object once, keeping everyone else's metadata. Otherwise the next sync recomputes it.
    if (!isConflict(err)) throw err;
    const fresh = await client.get(d.metadata.name!);
    if (fresh.metadata.generation !== d.metadata.generation) throw err;
    const revision = d.metadata.annotations?.[REVISION];
    const metadata = { ...fresh.metadata, annotations: { ...fresh.metadata.annotations, ...(revision !== undefined ? { [REVISION]: revision } : {}) } };
    const status = { ...(d.status ?? {}) };
    // collisionCount never goes down.
    if ((fresh.status?.collisionCount ?? 0) > (d.status?.collisionCount ?? 0)) status.collisionCount = fresh.status!.collisionCount!;
    d.status = status;
    out = await client.updateStatus({ ...fresh, ...DEPLOYMENT_GVK, metadata, status });
    d.metadata.annotations = metadata.annotations;
  }
  d.metadata.resourceVersion = out.metadata.resourceVersion;
  const want = d.metadata.annotations?.[REVISION];
  if (want !== undefined && out.metadata.annotations?.[REVISION] !== want) {
    const patched = await client.patch(d.metadata.name!, { metadata: { annotations: { [REVISION]: want } } }, { type: 'merge' });
    d.metadata.resourceVersion = patched.metadata.resourceVersion;
  }
}

/** Replaces the ReplicaSet with the same uid in a list (after writing it). */
export function replaceIn(list: ReplicaSet[], rs: ReplicaSet): void {
  const i = list.findIndex((x) => x.metadata.uid === rs.metadata.uid);
  if (i >= 0) list[i] = rs;
}
