// The DaemonSet's pods: claiming them, grouping them by the node they are for, and creating and
// deleting them (with upstream's events and expectations; creations in slow-start batches).

import type { KubeObject, OwnerReference } from '../../api/types.js';
import { isNotFound } from '../../machinery/client/index.js';
import { claimObjects, newControllerRef } from '../../machinery/controller/index.js';
import { fromLabelSelector } from '../../machinery/labels/index.js';
import { BURST_REPLICAS, dsKeyOf, dsRef, type DsDeps } from './deps.js';
import { isPodTerminal } from './podutil.js';
import { daemonTolerations, targetNodeName, withNodeAffinity } from './predicates.js';
import { DS_GVK, REVISION_HASH_LABEL, TEMPLATE_GENERATION_ANNOTATION, TEMPLATE_GENERATION_LABEL, type DaemonSet, type Pod, type PodTemplateSpec } from './types.js';

/** The DaemonSet's pods, adopting orphans that match its selector and releasing ones that no longer do. */
export async function daemonPods(d: DsDeps, ds: DaemonSet): Promise<Pod[]> {
  const sel = fromLabelSelector(ds.spec?.selector);
  const client = d.pods.inNamespace(ds.metadata.namespace);
  const uid = ds.metadata.uid;
  return (await claimObjects(d.podLister.list(ds.metadata.namespace), {
    owner: ds,
    gvk: DS_GVK,
    matches: (p) => sel.matches(p.metadata.labels ?? {}),
    adopt: async (p: KubeObject, ref: OwnerReference) => {
      await client.patch(p.metadata.name!, { metadata: { ownerReferences: [ref], uid: p.metadata.uid } }, { type: 'strategic' });
    },
    release: async (p: KubeObject) => {
      await client.patch(p.metadata.name!, { metadata: { ownerReferences: [{ $patch: 'delete', uid }], uid: p.metadata.uid } }, { type: 'strategic' });
    },
  })) as Pod[];
}

/** Node name → the DaemonSet's pods for it (deleted pods that already finished left out unless asked). */
export function podsByNode(pods: Pod[], includeDeletedTerminal: boolean): Map<string, Pod[]> {
  const m = new Map<string, Pod[]>();
  for (const p of pods) {
    if (!includeDeletedTerminal && isPodTerminal(p) && p.metadata.deletionTimestamp) continue;
    const node = targetNodeName(p);
    if (node === undefined) continue;
    m.set(node, [...(m.get(node) ?? []), p]);
  }
  return m;
}

/** spec.templateGeneration as the deprecated annotation records it. */
export function templateGeneration(ds: DaemonSet): string | undefined {
  const v = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  return v !== undefined && /^\d+$/.test(v) ? v : undefined;
}

/** Made from the current template: the revision hash (or the template generation) matches. */
export function isPodUpdated(pod: Pod, hash: string, generation: string | undefined): boolean {
  const labels = pod.metadata.labels ?? {};
  return (generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === generation) || (hash !== '' && labels[REVISION_HASH_LABEL] === hash);
}

/** The pod template with the daemon tolerations and the generation and hash labels (upstream's CreatePodTemplate). */
function podTemplate(ds: DaemonSet, hash: string): PodTemplateSpec {
  const t = structuredClone(ds.spec?.template ?? {});
  t.spec ??= {};
  t.spec.tolerations = daemonTolerations(t.spec);
  t.metadata ??= {};
  const labels = { ...(t.metadata.labels ?? {}) };
  const gen = templateGeneration(ds);
  if (gen !== undefined) labels[TEMPLATE_GENERATION_LABEL] = gen;
  if (hash) labels[REVISION_HASH_LABEL] = hash;
  t.metadata.labels = labels;
  return t;
}

async function createPod(d: DsDeps, ds: DaemonSet, t: PodTemplateSpec, nodeName: string): Promise<void> {
  const meta = t.metadata ?? {};
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${ds.metadata.name}-`,
      namespace: ds.metadata.namespace,
      labels: { ...(meta.labels ?? {}) },
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [newControllerRef(ds, DS_GVK)],
    },
    spec: { ...structuredClone(t.spec ?? {}), affinity: withNodeAffinity(t.spec?.affinity, nodeName) },
  };
  try {
    const created = await d.pods.inNamespace(ds.metadata.namespace).create(pod);
    d.recorder.eventf(dsRef(ds), 'Normal', 'SuccessfulCreate', 'Created pod: %v', created.metadata.name);
  } catch (err) {
    d.recorder.eventf(dsRef(ds), 'Warning', 'FailedCreate', 'Error creating: %v', (err as Error).message);
    throw err;
  }
}

async function deletePod(d: DsDeps, ds: DaemonSet, name: string): Promise<void> {
  try {
    await d.pods.inNamespace(ds.metadata.namespace).delete(name);
  } catch (err) {
    if (!isNotFound(err)) d.recorder.eventf(dsRef(ds), 'Warning', 'FailedDelete', 'Error deleting: %v', (err as Error).message);
    throw err;
  }
  d.recorder.eventf(dsRef(ds), 'Normal', 'SuccessfulDelete', 'Deleted pod: %v', name);
}

/** Deletes the named pods and creates a pod for each node (at most 250 of each per sync). */
export async function syncNodes(d: DsDeps, ds: DaemonSet, podsToDelete: string[], nodesNeedingPods: string[], hash: string): Promise<void> {
  const key = dsKeyOf(ds);
  const creates = nodesNeedingPods.slice(0, BURST_REPLICAS);
  const deletes = podsToDelete.slice(0, BURST_REPLICAS);
  d.expectations.expectCreations(key, creates.length);
  d.expectations.lower(key, 0, -deletes.length);
  const errors: unknown[] = [];
  const template = podTemplate(ds, hash);
  let pos = 0;
  for (let batch = Math.min(creates.length, 1); pos < creates.length; batch = Math.min(2 * batch, creates.length - pos)) {
    const before = errors.length;
    await Promise.all(
      creates.slice(pos, pos + batch).map(async (node) => {
        try {
          await createPod(d, ds, template, node);
        } catch (err) {
          d.expectations.creationObserved(key);
          errors.push(err);
        }
      }),
    );
    pos += batch;
    if (errors.length > before && pos < creates.length) {
      d.expectations.lower(key, creates.length - pos, 0);
      break;
    }
  }
  await Promise.all(
    deletes.map(async (name) => {
      try {
        await deletePod(d, ds, name);
      } catch (err) {
        d.expectations.deletionObserved(key);
        if (!isNotFound(err)) errors.push(err);
      }
    }),
  );
  if (errors.length > 0) throw errors[0];
}
