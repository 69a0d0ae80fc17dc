// Keeping the dependency graph in step with the informers (upstream's GraphBuilder): every add,
// update and delete of any watched object updates its node and its links to its owners, and queues
// the work the change calls for — dependents whose owner went away, owners whose deletion waits for
// dependents (foreground) or must orphan them (orphan), owners referenced but never seen (virtual).

import type { KubeObject, OwnerReference } from '../../api/types.js';
import { GraphNode, identityString, type Identity, type LRUSet } from './graph.js';

export const FOREGROUND = 'foregroundDeletion';
export const ORPHAN = 'orphan';

export interface GraphBuilderOptions {
  graph: Map<string, GraphNode>;
  attemptToDelete(uid: string): void;
  attemptToOrphan(uid: string): void;
  absent: LRUSet;
  /** A dependent names an owner of another namespace (upstream's OwnerRefInvalidNamespace event). */
  reportInvalidNamespace(n: GraphNode, ownerUID: string): void;
  log?: (m: string) => void;
}

export function absentKey(ref: { apiVersion: string; kind: string; name: string; uid: string }, namespace: string): string {
  return `${ref.apiVersion}|${ref.kind}|${ref.name}|${ref.uid}|${namespace}`;
}

function hasFinalizer(o: KubeObject | undefined, f: string): boolean {
  return !!o?.metadata.finalizers?.includes(f);
}

function startsWaiting(old: KubeObject | undefined, cur: KubeObject, finalizer: string): boolean {
  if (!cur.metadata.deletionTimestamp || !hasFinalizer(cur, finalizer)) return false;
  return !(old?.metadata.deletionTimestamp && hasFinalizer(old, finalizer));
}

function refMatches(ref: OwnerReference, id: Identity): boolean {
  return ref.uid === id.uid && ref.name === id.name && ref.kind === id.kind && ref.apiVersion === id.apiVersion;
}

/** Dependents that refer to the owner by these coordinates, and those that do not. */
function partitionDependents(deps: Iterable<GraphNode>, owner: Identity): { matching: GraphNode[]; nonmatching: GraphNode[] } {
  const matching: GraphNode[] = [];
  const nonmatching: GraphNode[] = [];
  for (const d of deps) {
    if (owner.namespace && d.identity.namespace !== owner.namespace) {
      nonmatching.push(d);
      continue;
    }
    let match = false;
    let mismatch = false;
    for (const r of d.owners) {
      if (r.uid !== owner.uid) continue;
      if (refMatches(r, owner)) match = true;
      else mismatch = true;
    }
    if (match) matching.push(d);
    if (mismatch) nonmatching.push(d);
  }
  return { matching, nonmatching };
}

export class GraphBuilder {
  constructor(private readonly o: GraphBuilderOptions) {}

  private log(m: string): void {
    this.o.log?.(`garbage-collector: ${m}`);
  }

  /** An informer saw obj (of the given kind) added or updated. */
  observe(obj: KubeObject, old: KubeObject | undefined, kind: { apiVersion: string; kind: string }): void {
    const m = obj.metadata;
    const uid = m.uid;
    if (!uid) return;
    const identity: Identity = { apiVersion: kind.apiVersion, kind: kind.kind, namespace: m.namespace ?? '', name: m.name ?? '', uid };
    let n = this.o.graph.get(uid);
    if (n && !n.observed) {
      if (identityString(n.identity) !== identityString(identity)) {
        // Dependents that named this owner by other coordinates may be wrong: let the collector check them.
        for (const dep of partitionDependents(n.dependents, identity).nonmatching) {
          if (identity.namespace && dep.identity.namespace !== identity.namespace) this.o.reportInvalidNamespace(dep, uid);
          this.o.attemptToDelete(dep.identity.uid);
        }
        n.identity = identity;
      }
      n.observed = true;
      n.virtual = false;
    }
    const owners = m.ownerReferences ?? [];
    if (!n) {
      n = new GraphNode(identity);
      n.observed = true;
      n.owners = owners;
      n.beingDeleted = !!m.deletionTimestamp;
      n.deletingDependents = n.beingDeleted && hasFinalizer(obj, FOREGROUND);
      this.o.graph.set(uid, n);
      this.addDependentToOwners(n, owners);
    } else {
      const before = new Map(n.owners.map((r) => [r.uid, r]));
      const after = new Map(owners.map((r) => [r.uid, r]));
      const added = owners.filter((r) => !before.has(r.uid));
      const removed = n.owners.filter((r) => !after.has(r.uid));
      const changed = owners.filter((r) => before.has(r.uid) && JSON.stringify(before.get(r.uid)) !== JSON.stringify(r)).map((r) => ({ old: before.get(r.uid)!, cur: r }));
      if (added.length || removed.length || changed.length) {
        // Owners waiting for their blocking dependents may be free now.
        for (const r of removed) if (r.blockOwnerDeletion === true && this.o.graph.has(r.uid)) this.o.attemptToDelete(r.uid);
        for (const c of changed) if (c.old.blockOwnerDeletion === true && c.cur.blockOwnerDeletion !== true && this.o.graph.has(c.cur.uid)) this.o.attemptToDelete(c.cur.uid);
        n.owners = owners;
        this.addDependentToOwners(n, added);
        for (const r of removed) this.o.graph.get(r.uid)?.dependents.delete(n);
      }
      if (m.deletionTimestamp) n.beingDeleted = true;
    }
    this.processTransitions(old, obj, n);
  }

  private processTransitions(old: KubeObject | undefined, cur: KubeObject, n: GraphNode): void {
    if (startsWaiting(old, cur, ORPHAN)) {
      this.o.attemptToOrphan(n.identity.uid);
      return;
    }
    if (startsWaiting(old, cur, FOREGROUND)) {
      n.deletingDependents = true;
      for (const d of n.dependents) this.o.attemptToDelete(d.identity.uid);
      this.o.attemptToDelete(n.identity.uid);
    }
  }

  private addDependentToOwners(n: GraphNode, owners: OwnerReference[]): void {
    let suspicious = false;
    for (const r of owners) {
      let owner = this.o.graph.get(r.uid);
      if (!owner) {
        // An owner not seen yet: a virtual node, which the collector verifies with the API server.
        owner = new GraphNode({ apiVersion: r.apiVersion, kind: r.kind, name: r.name, uid: r.uid, namespace: n.identity.namespace });
        owner.virtual = true;
        this.o.graph.set(r.uid, owner);
        owner.dependents.add(n);
        this.o.attemptToDelete(r.uid);
        continue;
      }
      owner.dependents.add(n);
      if (suspicious) continue;
      const ownerNamespaced = owner.identity.namespace !== '';
      if (ownerNamespaced && owner.identity.namespace !== n.identity.namespace) {
        if (owner.observed) {
          this.log(`${identityString(n.identity)} references an owner in another namespace: ${identityString(owner.identity)}`);
          this.o.reportInvalidNamespace(n, r.uid);
        }
        suspicious = true;
      } else if (!refMatches(r, owner.identity)) {
        suspicious = true;
      } else if (!ownerNamespaced && owner.identity.namespace !== n.identity.namespace && !owner.observed) {
        suspicious = true;
      }
    }
    if (suspicious) this.o.attemptToDelete(n.identity.uid);
  }

  /** An informer saw obj deleted. */
  observeDelete(obj: KubeObject, kind: { apiVersion: string; kind: string }): void {
    const uid = obj.metadata.uid;
    if (!uid) return;
    const n = this.o.graph.get(uid);
    if (!n) return;
    this.remove(n, { apiVersion: kind.apiVersion, kind: kind.kind, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name ?? '', uid });
  }

  /** The collector found the object absent from the API server. */
  virtualDelete(id: Identity): void {
    const n = this.o.graph.get(id.uid);
    if (!n) return;
    const same = identityString(n.identity) === identityString(id);
    if (n.virtual && !n.observed) {
      const { matching, nonmatching } = partitionDependents(n.dependents, id);
      if (nonmatching.length) {
        // Some dependents name this owner differently: only those that match the absent identity are affected.
        if (matching.length) {
          this.o.absent.add(absentKey(id, id.namespace));
          for (const d of matching) this.o.attemptToDelete(d.identity.uid);
        }
        if (same) {
          const alt = nonmatching[0]!;
          const r = alt.owners.find((x) => x.uid === id.uid)!;
          n.identity = { apiVersion: r.apiVersion, kind: r.kind, name: r.name, uid: r.uid, namespace: alt.identity.namespace };
          this.o.attemptToDelete(id.uid);
        }
        return;
      }
    } else if (!same) {
      // An observed object disagrees with the absent coordinates: only matching dependents are affected.
      const { matching } = partitionDependents(n.dependents, id);
      if (matching.length) {
        this.o.absent.add(absentKey(id, id.namespace));
        for (const d of matching) this.o.attemptToDelete(d.identity.uid);
      }
      return;
    }
    this.remove(n, id);
  }

  private remove(n: GraphNode, id: Identity): void {
    this.o.graph.delete(n.identity.uid);
    for (const r of n.owners) this.o.graph.get(r.uid)?.dependents.delete(n);
    if (n.dependents.size) this.o.absent.add(absentKey(id, id.namespace));
    for (const d of n.dependents) this.o.attemptToDelete(d.identity.uid);
    for (const r of n.owners) {
      const owner = this.o.graph.get(r.uid);
      if (owner?.deletingDependents) this.o.attemptToDelete(r.uid);
    }
  }
}
