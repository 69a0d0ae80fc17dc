// Owner references with controller=true (upstream's controller ref): who controls an object, and
// adoption/orphaning of objects by a selector (ControllerRefManager).

import type { KubeObject, OwnerReference } from '../../api/types.js';

export function controllerOf(o: KubeObject): OwnerReference | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller === true);
}

export function newControllerRef(owner: KubeObject, gvk: { apiVersion: string; kind: string }): OwnerReference {
  return {
    apiVersion: gvk.apiVersion,
    kind: gvk.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export interface ClaimOptions {
  owner: KubeObject;
  gvk: { apiVersion: string; kind: string };
  /** Does the object match the owner's selector? */
  matches(o: KubeObject): boolean;
  /** Patch the object's ownerReferences (adopt). */
  adopt(o: KubeObject, ref: OwnerReference): Promise<void>;
  /** Remove the owner's reference (release). */
  release(o: KubeObject): Promise<void>;
}

/**
 * Returns the objects the owner controls after adopting matching orphans and releasing owned objects
 * that no longer match (never adopting while the owner is being deleted).
 */
export async function claimObjects(candidates: KubeObject[], o: ClaimOptions): Promise<KubeObject[]> {
  const uid = o.owner.metadata.uid;
  const deleting = !!o.owner.metadata.deletionTimestamp;
  const out: KubeObject[] = [];
  for (const c of candidates) {
    const ref = controllerOf(c);
    if (ref) {
      if (ref.uid !== uid) continue;
      if (o.matches(c)) out.push(c);
      else if (!c.metadata.deletionTimestamp) await o.release(c).catch(() => {});
      continue;
    }
    if (deleting || c.metadata.deletionTimestamp || !o.matches(c)) continue;
    try {
      const r = newControllerRef(o.owner, o.gvk);
      await o.adopt(c, r);
      out.push({ ...c, metadata: { ...c.metadata, ownerReferences: [...(c.metadata.ownerReferences ?? []), r] } });
    } catch {
      /* changed or gone: the next sync sees it again */
    }
  }
  return out;
}
