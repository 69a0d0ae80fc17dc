// The Node authorizer's index (upstream's graph, flattened): which node each bound pod runs on, and
// for every secret, configmap, claim and service account a pod references, how many pods on each
// node reference it. Kept up to date event by event from the pods watch cache (feed.ts), so a
// decision is a couple of map lookups however many pods the cluster has.

import type { KubeObject } from '../../../api/types.js';
import { isMirrorPod, podRefs, type RefKind } from './refs.js';

/** One referenced object: how many pods on each node reference it. Shared by those pods' entries. */
interface RefSlot {
  key: string;
  byNode: Map<string, number>;
}

interface PodEntry {
  node: string;
  uid: string;
  /** The objects this pod holds a count on. */
  refs: RefSlot[];
}

function refKey(kind: RefKind, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}

function podKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export class NodeGraph {
  private readonly pods = new Map<string, PodEntry>();
  /** refKey → the object's counts per node. */
  private readonly refs = new Map<string, RefSlot>();

  /** Pods in the index (bound pods only). */
  get size(): number {
    return this.pods.size;
  }

  clear(): void {
    this.pods.clear();
    this.refs.clear();
  }

  /** Adds or replaces a pod. A pod not bound to a node is not in the index. */
  setPod(pod: KubeObject): void {
    const ns = pod.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    const key = podKey(ns, name);
    const node = (pod.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
    const uid = pod.metadata.uid ?? '';
    const old = this.pods.get(key);
    // What a pod references is immutable once it exists: a status update changes nothing here.
    if (old && old.node === node && old.uid === uid) return;
    if (old) this.drop(key, old);
    if (!node) return;
    const r = podRefs(pod);
    const keys: string[] = [];
    for (const s of r.secrets) keys.push(refKey('secret', ns, s));
    for (const c of r.configMaps) keys.push(refKey('configmap', ns, c));
    for (const c of r.claims) keys.push(refKey('pvc', ns, c));
    // Mirror pods may not use a service account (kts's ServiceAccount admission still fills in
    // "default" for them), so they never give their node a token.
    if (r.serviceAccount && !isMirrorPod(pod)) keys.push(refKey('serviceaccount', ns, r.serviceAccount));
    const slots: RefSlot[] = [];
    for (const k of keys) {
      let slot = this.refs.get(k);
      if (!slot) this.refs.set(k, (slot = { key: k, byNode: new Map() }));
      slot.byNode.set(node, (slot.byNode.get(node) ?? 0) + 1);
      slots.push(slot);
    }
    this.pods.set(key, { node, uid, refs: slots });
  }

  deletePod(namespace: string, name: string): void {
    const key = podKey(namespace, name);
    const old = this.pods.get(key);
    if (old) this.drop(key, old);
  }

  private drop(key: string, e: PodEntry): void {
    this.pods.delete(key);
    for (const slot of e.refs) {
      const n = (slot.byNode.get(e.node) ?? 0) - 1;
      if (n > 0) slot.byNode.set(e.node, n);
      else slot.byNode.delete(e.node);
      if (slot.byNode.size === 0 && this.refs.get(slot.key) === slot) this.refs.delete(slot.key);
    }
  }

  /** The node a pod is bound to ('' when unknown or unbound). */
  podNode(namespace: string, name: string): string {
    return this.pods.get(podKey(namespace, name))?.node ?? '';
  }

  /** Does a pod bound to `node` reference this object? */
  related(node: string, kind: RefKind, namespace: string, name: string): boolean {
    return (this.refs.get(refKey(kind, namespace, name))?.byNode.get(node) ?? 0) > 0;
  }
}
