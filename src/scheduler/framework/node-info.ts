// framework.NodeInfo: a node plus the running totals the plugins need (requested resources, the
// "non-zero" requests used for scoring, used host ports, pods with affinity, image states), kept up to
// date as pods are added and removed so that Filter and Score read precomputed sums.

import type { Node, Taint } from './api.js';
import type { HostPort, PodInfo } from './pod-info.js';
import { Resource } from './resource.js';

/** What the scheduler knows of an image on a node: its size and on how many nodes it is present. */
export interface ImageStateSummary {
  size: number;
  numNodes: number;
}

const WILDCARD_IP = '0.0.0.0';

/** framework.HostPortInfo: ip → set of "protocol/port". */
export class HostPortInfo {
  private readonly byIP = new Map<string, Map<string, number>>();

  get size(): number {
    return this.byIP.size;
  }

  add(hp: HostPort): void {
    let m = this.byIP.get(hp.ip);
    if (!m) this.byIP.set(hp.ip, (m = new Map()));
    const k = `${hp.protocol}/${hp.port}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }

  remove(hp: HostPort): void {
    const m = this.byIP.get(hp.ip);
    if (!m) return;
    const k = `${hp.protocol}/${hp.port}`;
    const n = (m.get(k) ?? 0) - 1;
    if (n > 0) m.set(k, n);
    else m.delete(k);
    if (m.size === 0) this.byIP.delete(hp.ip);
  }

  /** True when hp collides with a used port: same protocol and port, and the same IP or either side is 0.0.0.0. */
  checkConflict(hp: HostPort): boolean {
    const k = `${hp.protocol}/${hp.port}`;
    if (hp.ip === WILDCARD_IP) {
      for (const m of this.byIP.values()) if (m.has(k)) return true;
      return false;
    }
    return !!this.byIP.get(hp.ip)?.has(k) || !!this.byIP.get(WILDCARD_IP)?.has(k);
  }

  clone(): HostPortInfo {
    const c = new HostPortInfo();
    for (const [ip, m] of this.byIP) c.byIP.set(ip, new Map(m));
    return c;
  }
}

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});
const NO_TAINTS: readonly Taint[] = Object.freeze([]);
const NO_IMAGES: ReadonlyMap<string, ImageStateSummary> = new Map();

export class NodeInfo {
  node: Node | null = null;
  name = '';
  /** node.metadata.labels (an empty object when none). */
  labels: Readonly<Record<string, string>> = NO_LABELS;
  taints: readonly Taint[] = NO_TAINTS;
  unschedulable = false;
  pods: PodInfo[] = [];
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  usedPorts = new HostPortInfo();
  /** Sum of the pods' requests. */
  requested = new Resource();
  /** Sum of the pods' requests with 100m cpu / 200Mi memory for containers that set none (cpu and memory only). */
  nonZeroRequested = new Resource();
  allocatable = new Resource();
  /** Images on the node by every name they are known by. */
  imageStates: ReadonlyMap<string, ImageStateSummary> = NO_IMAGES;
  /** Bumped on every change (the cache uses it to know which snapshot entries are stale). */
  generation = 0;

  constructor(node?: Node | null, ...pods: PodInfo[]) {
    if (node) this.setNode(node);
    for (const p of pods) this.addPodInfo(p);
  }

  setNode(node: Node): void {
    this.node = node;
    this.name = node.metadata.name ?? '';
    this.labels = node.metadata.labels ?? NO_LABELS;
    this.taints = node.spec?.taints ?? NO_TAINTS;
    this.unschedulable = !!node.spec?.unschedulable;
    this.allocatable = Resource.fromList(node.status?.allocatable);
    this.generation++;
  }

  /** Replaces the image summaries (the cache computes them across nodes). */
  setImageStates(states: ReadonlyMap<string, ImageStateSummary>): void {
    this.imageStates = states;
  }

  addPodInfo(pi: PodInfo): void {
    this.pods.push(pi);
    if (pi.hasAffinity) this.podsWithAffinity.push(pi);
    if (pi.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity.push(pi);
    this.update(pi, 1);
  }

  /** Removes the pod with the given key (podKey); false when it was not on this node. */
  removePod(key: string): boolean {
    const i = this.pods.findIndex((p) => p.key === key);
    if (i < 0) return false;
    const pi = this.pods[i]!;
    this.pods[i] = this.pods[this.pods.length - 1]!;
    this.pods.pop();
    if (pi.hasAffinity) removeByKey(this.podsWithAffinity, key);
    if (pi.hasRequiredAntiAffinity) removeByKey(this.podsWithRequiredAntiAffinity, key);
    this.update(pi, -1);
    return true;
  }

  private update(pi: PodInfo, sign: 1 | -1): void {
    this.requested.add(pi.requests, sign);
    this.nonZeroRequested.milliCPU += sign * pi.nonZeroCPU;
    this.nonZeroRequested.memory += sign * pi.nonZeroMemory;
    for (const hp of pi.hostPorts) {
      if (sign > 0) this.usedPorts.add(hp);
      else this.usedPorts.remove(hp);
    }
    this.generation++;
  }

  /** A copy that can be changed without touching this one (pods are shared, lists and sums are not). */
  clone(): NodeInfo {
    const c = new NodeInfo();
    c.copyFrom(this);
    return c;
  }

  /** Makes this a copy of other (keeps this object's identity; the snapshot relies on that). */
  copyFrom(o: NodeInfo): void {
    this.node = o.node;
    this.name = o.name;
    this.labels = o.labels;
    this.taints = o.taints;
    this.unschedulable = o.unschedulable;
    this.pods = o.pods.slice();
    this.podsWithAffinity = o.podsWithAffinity.slice();
    this.podsWithRequiredAntiAffinity = o.podsWithRequiredAntiAffinity.slice();
    this.usedPorts = o.usedPorts.size === 0 ? new HostPortInfo() : o.usedPorts.clone();
    this.requested = o.requested.clone();
    this.nonZeroRequested = o.nonZeroRequested.clone();
    this.allocatable = o.allocatable;
    this.imageStates = o.imageStates;
    this.generation = o.generation;
  }

  /** Finds a pod on the node by key. */
  getPod(key: string): PodInfo | undefined {
    return this.pods.find((p) => p.key === key);
  }
}

function removeByKey(list: PodInfo[], key: string): void {
  const i = list.findIndex((p) => p.key === key);
  if (i >= 0) list.splice(i, 1);
}

