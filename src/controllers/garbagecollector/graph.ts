// The dependency graph (upstream's garbagecollector graph): one node per object uid with its owner
// references and the nodes that name it as an owner. "Virtual" nodes stand for owners that were
// referenced but not (yet) observed; the collector checks the API server for them.

import type { OwnerReference } from '../../api/types.js';

export interface Identity {
  apiVersion: string;
  kind: string;
  /** The object's namespace ('' for cluster-scoped; a virtual owner gets its dependent's). */
  namespace: string;
  name: string;
  uid: string;
}

export function identityString(i: Identity): string {
  return `[${i.apiVersion}/${i.kind}, namespace: ${i.namespace}, name: ${i.name}, uid: ${i.uid}]`;
}

export class GraphNode {
  owners: OwnerReference[] = [];
  readonly dependents = new Set<GraphNode>();
  /** Created for an owner reference; not seen by an informer. */
  virtual = false;
  observed = false;
  beingDeleted = false;
  /** Deleted in the foreground: waits for its blocking dependents. */
  deletingDependents = false;

  constructor(public identity: Identity) {}

  /** Dependents whose reference to this node has blockOwnerDeletion. */
  blockingDependents(): GraphNode[] {
    const out: GraphNode[] = [];
    for (const d of this.dependents) if (d.owners.some((r) => r.uid === this.identity.uid && r.blockOwnerDeletion === true)) out.push(d);
    return out;
  }
}

/** A small LRU set (upstream's absentOwnerCache: owners verified absent). */
export class LRUSet {
  private readonly m = new Map<string, true>();
  constructor(private readonly max = 500) {}
  add(k: string): void {
    this.m.delete(k);
    this.m.set(k, true);
    if (this.m.size > this.max) this.m.delete(this.m.keys().next().value!);
  }
  has(k: string): boolean {
    if (!this.m.has(k)) return false;
    this.m.delete(k);
    this.m.set(k, true);
    return true;
  }
}
