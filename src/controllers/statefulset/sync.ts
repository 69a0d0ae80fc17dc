// One StatefulSet sync (upstream's StatefulSetController.sync and defaultStatefulSetControl): claim
// revisions and pods, compute the current and update revisions, bring the pods in line, write status,
// and trim history.

import type { KubeObject, OwnerReference } from '../../api/types.js';
import { claimObjects } from '../../machinery/controller/index.js';
import { splitMetaNamespaceKey } from '../../machinery/informers/index.js';
import { fromLabelSelector } from '../../machinery/labels/index.js';
import type { StsDeps } from './deps.js';
import { isMemberOf } from './identity.js';
import { listRevisions, statefulSetRevisions, truncateHistory } from './revisions.js';
import { updateStatefulSetStatus } from './status.js';
import { updateStatefulSet } from './update.js';
import { STS_GVK, type Pod, type StatefulSet } from './types.js';

/** The set's pods: owned ones, plus orphans whose labels match and whose name makes them members. */
async function podsForSet(d: StsDeps, set: StatefulSet): Promise<Pod[]> {
  const sel = fromLabelSelector(set.spec?.selector);
  const client = d.pods.inNamespace(set.metadata.namespace);
  const uid = set.metadata.uid;
  return (await claimObjects(d.podLister.list(set.metadata.namespace), {
    owner: set,
    gvk: STS_GVK,
    matches: (p) => sel.matches(p.metadata.labels ?? {}) && isMemberOf(set, p as Pod),
    adopt: async (p: KubeObject, ref: OwnerReference) => {
      await client.patch(p.metadata.name!, { metadata: { ownerReferences: [ref], uid: p.metadata.uid } }, { type: 'strategic' });
    },
    release: async (p: KubeObject) => {
      await client.patch(p.metadata.name!, { metadata: { ownerReferences: [{ $patch: 'delete', uid }], uid: p.metadata.uid } }, { type: 'strategic' });
    },
  })) as Pod[];
}

export async function syncStatefulSet(d: StsDeps, key: string): Promise<void> {
  const { namespace, name } = splitMetaNamespaceKey(key);
  const cached = d.setLister.get(namespace, name);
  if (!cached) return;
  const set = structuredClone(cached);
  const revisions = await listRevisions(d, set);
  const pods = await podsForSet(d, set);
  const revs = await statefulSetRevisions(d, set, revisions);
  const { status, err } = await updateStatefulSet(d, { set, pods, current: revs.current, update: revs.update, collisionCount: revs.collisionCount });
  await updateStatefulSetStatus(d, set, status);
  await truncateHistory(d, set, pods, revs.all, revs.current, revs.update);
  if (err !== undefined) throw err;
  const minReady = set.spec?.minReadySeconds ?? 0;
  if (minReady > 0 && status.availableReplicas !== (set.spec?.replicas ?? 1)) d.enqueueAfter(key, minReady * 1000);
}
