// The DaemonSet's history (upstream's constructHistory / snapshot / cleanupHistory): one
// ControllerRevision per distinct pod template, named `<ds>-<hash>`; the current one has the highest
// revision number, and old ones beyond revisionHistoryLimit are deleted unless pods still use them.

import { isAlreadyExists, type ResourceClient } from '../../machinery/client/index.js';
import { newControllerRef } from '../../machinery/controller/index.js';
import { fromLabelSelector } from '../../machinery/labels/index.js';
import { fnv32a, goJSON, int32LE, revisionData, safeEncodeString, templatePatch, type ControllerRevision, type RevisionHistory } from '../history/index.js';
import { DS_GVK, REVISION_HASH_LABEL, type DaemonSet, type Pod } from './types.js';

/** upstream's controller.ComputeHash: FNV-1a of the template, and of the collision count when set. */
export function computeHash(ds: DaemonSet): string {
  const parts: Array<string | Uint8Array> = [goJSON(ds.spec?.template ?? {})];
  const cc = ds.status?.collisionCount;
  if (cc !== undefined && cc !== null) parts.push(int32LE(cc));
  return safeEncodeString(String(fnv32a(...parts)));
}

/** Does the revision hold the DaemonSet's current template? */
export function matchesRevision(ds: DaemonSet, r: ControllerRevision): boolean {
  return revisionData(r) === templatePatch(ds);
}

export interface RevisionDeps {
  revisions: ResourceClient<ControllerRevision>;
  daemonSets: ResourceClient<DaemonSet>;
  history: RevisionHistory;
  pods: ResourceClient<Pod>;
}

async function snapshot(d: RevisionDeps, ds: DaemonSet, revision: number): Promise<ControllerRevision> {
  const hash = computeHash(ds);
  const name = `${ds.metadata.name}-${hash}`;
  const cr: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace: ds.metadata.namespace,
      labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: hash },
      ...(ds.metadata.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
      ownerReferences: [newControllerRef(ds, DS_GVK)],
    },
    data: JSON.parse(templatePatch(ds)) as unknown,
    revision,
  };
  const client = d.revisions.inNamespace(ds.metadata.namespace);
  try {
    return await client.create(cr);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    const existing = await client.get(name);
    if (matchesRevision(ds, existing)) return existing;
    // A different template hashed to the same name: bump the collision count and try again later.
    const cur = await d.daemonSets.inNamespace(ds.metadata.namespace).get(ds.metadata.name!);
    if ((cur.status?.collisionCount ?? null) !== (ds.status?.collisionCount ?? null)) {
      throw new Error(`found a stale collision count (${ds.status?.collisionCount}, expected ${cur.status?.collisionCount}) of DaemonSet "${ds.metadata.name}" while processing; will retry until it is updated`);
    }
    cur.status = { ...cur.status, collisionCount: (cur.status?.collisionCount ?? 0) + 1 };
    await d.daemonSets.inNamespace(ds.metadata.namespace).updateStatus(cur);
    throw err;
  }
}

/** Relabels pods to the kept revision's hash and deletes duplicates of the current revision. */
async function dedupCurrent(d: RevisionDeps, ds: DaemonSet, current: ControllerRevision[], pods: Pod[]): Promise<ControllerRevision> {
  let keep = current[0]!;
  for (const c of current) if ((c.revision ?? 0) >= (keep.revision ?? 0)) keep = c;
  if (current.length === 1) return keep;
  const hash = keep.metadata.labels?.[REVISION_HASH_LABEL];
  for (const p of pods) {
    if (p.metadata.labels?.[REVISION_HASH_LABEL] === hash) continue;
    await d.pods.inNamespace(p.metadata.namespace).patch(p.metadata.name!, { metadata: { labels: { [REVISION_HASH_LABEL]: hash } } }, { type: 'merge' });
  }
  for (const c of current) if (c.metadata.name !== keep.metadata.name) await d.history.delete(c);
  return keep;
}

/** The current revision (created or renumbered as needed) and the old ones. */
export async function constructHistory(d: RevisionDeps, ds: DaemonSet, cached: ControllerRevision[], pods: Pod[]): Promise<{ cur: ControllerRevision; old: ControllerRevision[] }> {
  const owned = await d.history.claim({ owner: ds, gvk: DS_GVK, selector: fromLabelSelector(ds.spec?.selector), revisions: cached });
  const current: ControllerRevision[] = [];
  const old: ControllerRevision[] = [];
  for (let r of owned) {
    if (r.metadata.labels?.[REVISION_HASH_LABEL] === undefined) {
      const fixed = structuredClone(r);
      fixed.metadata.labels = { ...(fixed.metadata.labels ?? {}), [REVISION_HASH_LABEL]: fixed.metadata.name! };
      r = await d.revisions.inNamespace(ds.metadata.namespace).update(fixed);
    }
    (matchesRevision(ds, r) ? current : old).push(r);
  }
  let max = 0;
  for (const r of old) max = Math.max(max, r.revision ?? 0);
  const want = max + 1;
  if (current.length === 0) return { cur: await snapshot(d, ds, want), old };
  const cur = await dedupCurrent(d, ds, current, pods);
  if ((cur.revision ?? 0) < want) return { cur: await d.history.renumber(cur, want), old };
  return { cur, old };
}

/** Deletes the oldest revisions beyond revisionHistoryLimit that no pod uses. */
export async function cleanupHistory(d: RevisionDeps, ds: DaemonSet, old: ControllerRevision[], pods: Pod[]): Promise<void> {
  let toKill = old.length - (ds.spec?.revisionHistoryLimit ?? 10);
  if (toKill <= 0) return;
  const live = new Set(pods.map((p) => p.metadata.labels?.[REVISION_HASH_LABEL]).filter((h): h is string => !!h));
  for (const r of [...old].sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0))) {
    if (toKill <= 0) break;
    if (live.has(r.metadata.labels?.[REVISION_HASH_LABEL] ?? '')) continue;
    await d.history.delete(r);
    toKill--;
  }
}
