// The scheduler's cache (upstream internal/cache): NodeInfos built from nodes and assigned pods, kept
// current from informer events, plus "assumed" pods — pods the scheduler placed whose binding is still in
// flight, counted on their node so the next cycles see the resources as taken. updateSnapshot copies
// only the nodes that changed since the last call into the snapshot.

import { type Clock, realClock } from '../../machinery/clock/index.js';
import type { Node, Pod } from '../framework/api.js';
import { podKey } from '../framework/api.js';
import { type ImageStateSummary, NodeInfo } from '../framework/node-info.js';
import { PodInfo } from '../framework/pod-info.js';
import { NodeTree } from './node-tree.js';
import type { Snapshot } from './snapshot.js';

interface PodState {
  pod: Pod;
  assumed: boolean;
  bindingFinished: boolean;
  /** When an assumed pod whose binding finished expires (ms; null = never). */
  deadline: number | null;
}

export interface CacheOptions {
  clock?: Clock;
  /** How long an assumed pod lives after binding finished without the informer confirming it (0 = forever, upstream's default). */
  assumedPodTTLMs?: number;
}

export class Cache {
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly podStates = new Map<string, PodState>();
  private readonly assumedPods = new Set<string>();
  private readonly images = new Map<string, { summary: ImageStateSummary; nodes: Set<string> }>();
  private readonly tree = new NodeTree();
  private readonly dirty = new Set<string>();
  private treeChanged = true;
  private readonly clock: Clock;
  private readonly ttl: number;

  constructor(opts: CacheOptions = {}) {
    this.clock = opts.clock ?? realClock;
    this.ttl = opts.assumedPodTTLMs ?? 0;
  }

  // ---- nodes
  addNode(node: Node): void {
    const name = node.metadata.name ?? '';
    let ni = this.nodes.get(name);
    if (!ni) this.nodes.set(name, (ni = new NodeInfo()));
    else if (ni.node) this.removeImages(ni.node);
    ni.setNode(node);
    this.addImages(node, ni);
    this.tree.addNode(node);
    this.treeChanged = true;
    this.dirty.add(name);
  }

  updateNode(_oldNode: Node | null, newNode: Node): void {
    const name = newNode.metadata.name ?? '';
    let ni = this.nodes.get(name);
    if (!ni) this.nodes.set(name, (ni = new NodeInfo()));
    if (ni.node) this.removeImages(ni.node);
    ni.setNode(newNode);
    this.addImages(newNode, ni);
    if (this.tree.updateNode(newNode)) this.treeChanged = true;
    this.dirty.add(name);
  }

  /** Removes a node; its NodeInfo stays (without node) while pods still reference it. */
  removeNode(node: Node): void {
    const name = node.metadata.name ?? '';
    const ni = this.nodes.get(name);
    if (!ni) return;
    if (ni.node) this.removeImages(ni.node);
    this.tree.removeNode(node);
    this.treeChanged = true;
    if (ni.pods.length === 0) this.nodes.delete(name);
    else {
      ni.node = null;
      ni.generation++;
    }
    this.dirty.add(name);
  }

  private addImages(node: Node, ni: NodeInfo): void {
    const states = new Map<string, ImageStateSummary>();
    const name = node.metadata.name ?? '';
    for (const img of node.status?.images ?? [])
      for (const n of img.names ?? []) {
        let st = this.images.get(n);
        if (!st) this.images.set(n, (st = { summary: { size: img.sizeBytes ?? 0, numNodes: 0 }, nodes: new Set() }));
        if (!st.nodes.has(name)) {
          st.nodes.add(name);
          st.summary.numNodes = st.nodes.size;
        }
        states.set(n, st.summary);
      }
    ni.setImageStates(states);
  }

  private removeImages(node: Node): void {
    const name = node.metadata.name ?? '';
    for (const img of node.status?.images ?? [])
      for (const n of img.names ?? []) {
        const st = this.images.get(n);
        if (!st) continue;
        st.nodes.delete(name);
        st.summary.numNodes = st.nodes.size;
        if (st.nodes.size === 0) this.images.delete(n);
      }
  }

  // ---- pods
  private addPodToNode(pi: PodInfo): void {
    const name = pi.pod.spec.nodeName ?? '';
    let ni = this.nodes.get(name);
    if (!ni) this.nodes.set(name, (ni = new NodeInfo()));
    ni.addPodInfo(pi);
    this.dirty.add(name);
  }

  private removePodFromNode(pod: Pod): void {
    const name = pod.spec.nodeName ?? '';
    const ni = this.nodes.get(name);
    if (!ni) return;
    ni.removePod(podKey(pod));
    if (ni.node === null && ni.pods.length === 0) this.nodes.delete(name);
    this.dirty.add(name);
  }

  /** Counts a pod on its (chosen) node before the binding is confirmed. Throws when the pod is already known. */
  assumePod(pi: PodInfo): void {
    const key = pi.key;
    if (this.podStates.has(key)) throw new Error(`pod ${key} is in the cache, so can't be assumed`);
    this.addPodToNode(pi);
    this.podStates.set(key, { pod: pi.pod, assumed: true, bindingFinished: false, deadline: null });
    this.assumedPods.add(key);
  }

  /** The binding call returned; an assumed pod may now expire (when a TTL is set). */
  finishBinding(pod: Pod): void {
    const st = this.podStates.get(podKey(pod));
    if (!st || !st.assumed) return;
    st.bindingFinished = true;
    st.deadline = this.ttl > 0 ? this.clock.now() + this.ttl : null;
  }

  /** Drops an assumed pod (binding failed). */
  forgetPod(pod: Pod): void {
    const key = podKey(pod);
    const st = this.podStates.get(key);
    if (!st) return;
    if (!st.assumed) throw new Error(`pod ${key} wasn't assumed so cannot be forgotten`);
    this.removePodFromNode(st.pod);
    this.podStates.delete(key);
    this.assumedPods.delete(key);
  }

  /** An assigned pod appeared (informer add): confirms an assumed pod or adds a new one. */
  addPod(pod: Pod): void {
    const key = podKey(pod);
    const st = this.podStates.get(key);
    if (st) {
      // Assumed (confirm, possibly on another node) or already added (treat as an update).
      this.removePodFromNode(st.pod);
      this.addPodToNode(new PodInfo(pod));
      st.pod = pod;
      st.assumed = false;
      st.deadline = null;
      this.assumedPods.delete(key);
      return;
    }
    this.addPodToNode(new PodInfo(pod));
    this.podStates.set(key, { pod, assumed: false, bindingFinished: false, deadline: null });
  }

  updatePod(oldPod: Pod, newPod: Pod): void {
    const key = podKey(oldPod);
    const st = this.podStates.get(key);
    if (!st) {
      this.addPod(newPod);
      return;
    }
    this.removePodFromNode(st.pod);
    this.addPodToNode(new PodInfo(newPod));
    st.pod = newPod;
    if (st.assumed) {
      st.assumed = false;
      this.assumedPods.delete(key);
    }
  }

  removePod(pod: Pod): void {
    const key = podKey(pod);
    const st = this.podStates.get(key);
    if (!st) return;
    this.removePodFromNode(st.pod);
    this.podStates.delete(key);
    this.assumedPods.delete(key);
  }

  isAssumedPod(pod: Pod): boolean {
    return this.assumedPods.has(podKey(pod));
  }

  getPod(pod: Pod): Pod | undefined {
    return this.podStates.get(podKey(pod))?.pod;
  }

  /** Removes assumed pods whose binding finished longer than the TTL ago (no-op without a TTL). */
  cleanupAssumedPods(now = this.clock.now()): Pod[] {
    const expired: Pod[] = [];
    for (const key of this.assumedPods) {
      const st = this.podStates.get(key)!;
      if (st.bindingFinished && st.deadline !== null && now > st.deadline) expired.push(st.pod);
    }
    for (const p of expired) this.removePod(p);
    return expired;
  }

  nodeCount(): number {
    return this.tree.numNodes;
  }
  podCount(): number {
    return this.podStates.size;
  }
  /** The cache's NodeInfo (for tests and debugging; do not modify). */
  nodeInfo(name: string): NodeInfo | undefined {
    return this.nodes.get(name);
  }

  /** Brings the snapshot up to date, copying only the nodes that changed since the last call. */
  updateSnapshot(snapshot: Snapshot): void {
    let listChanged = this.treeChanged;
    // Nodes whose "has pods with (required anti-)affinity" flag flipped: applied incrementally below.
    const affinityFlips: NodeInfo[] = [];
    for (const name of this.dirty) {
      const ni = this.nodes.get(name);
      const existing = snapshot.nodeInfoMap.get(name);
      if (!ni || ni.node === null) {
        if (existing) {
          snapshot.nodeInfoMap.delete(name);
          listChanged = true;
        }
        continue;
      }
      if (!existing) {
        snapshot.nodeInfoMap.set(name, ni.clone());
        listChanged = true;
        continue;
      }
      const hadAffinity = existing.podsWithAffinity.length > 0;
      const hadAnti = existing.podsWithRequiredAntiAffinity.length > 0;
      existing.copyFrom(ni);
      if (hadAffinity !== existing.podsWithAffinity.length > 0 || hadAnti !== existing.podsWithRequiredAntiAffinity.length > 0) affinityFlips.push(existing);
    }
    this.dirty.clear();
    if (listChanged) {
      const list: NodeInfo[] = [];
      for (const name of this.tree.list()) {
        const ni = snapshot.nodeInfoMap.get(name);
        if (ni) list.push(ni);
      }
      snapshot.nodeInfoList = list;
      this.treeChanged = false;
      snapshot.rebuildAffinityLists();
    } else {
      for (const ni of affinityFlips) {
        syncMembership(snapshot.havePodsWithAffinityNodeInfoList, ni, ni.podsWithAffinity.length > 0);
        syncMembership(snapshot.havePodsWithRequiredAntiAffinityNodeInfoList, ni, ni.podsWithRequiredAntiAffinity.length > 0);
      }
    }
    snapshot.generation++;
  }
}

function syncMembership(list: NodeInfo[], ni: NodeInfo, member: boolean): void {
  const i = list.indexOf(ni);
  if (member && i < 0) list.push(ni);
  else if (!member && i >= 0) list.splice(i, 1);
}
