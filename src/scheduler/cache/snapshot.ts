// The cluster as one scheduling cycle sees it (upstream internal/cache.Snapshot): NodeInfos by name, in
// the node tree's zone-interleaved order, plus the lists of nodes that host pods with (anti-)affinity.
// The cache refreshes it incrementally (only nodes that changed are copied); the objects in nodeInfoList
// keep their identity across refreshes.

import type { Node, Pod } from '../framework/api.js';
import type { NodeInfoLister } from '../framework/interface.js';
import { type ImageStateSummary, NodeInfo } from '../framework/node-info.js';
import { PodInfo } from '../framework/pod-info.js';

export class Snapshot implements NodeInfoLister {
  readonly nodeInfoMap = new Map<string, NodeInfo>();
  nodeInfoList: NodeInfo[] = [];
  havePodsWithAffinityNodeInfoList: NodeInfo[] = [];
  havePodsWithRequiredAntiAffinityNodeInfoList: NodeInfo[] = [];
  /** The cache generation this snapshot reflects. */
  generation = 0;

  /** A snapshot of the given nodes with the given (assigned) pods on them (upstream's NewSnapshot). */
  static fromObjects(pods: readonly Pod[], nodes: readonly Node[]): Snapshot {
    const s = new Snapshot();
    const images = new Map<string, { size: number; nodes: Set<string> }>();
    for (const node of nodes) {
      const name = node.metadata.name ?? '';
      s.nodeInfoMap.set(name, new NodeInfo(node));
      for (const img of node.status?.images ?? [])
        for (const n of img.names ?? []) {
          let st = images.get(n);
          if (!st) images.set(n, (st = { size: img.sizeBytes ?? 0, nodes: new Set() }));
          st.nodes.add(name);
        }
    }
    for (const pod of pods) {
      const ni = s.nodeInfoMap.get(pod.spec.nodeName ?? '');
      if (ni) ni.addPodInfo(new PodInfo(pod));
    }
    for (const ni of s.nodeInfoMap.values()) {
      const st = new Map<string, ImageStateSummary>();
      for (const img of ni.node?.status?.images ?? [])
        for (const n of img.names ?? []) st.set(n, { size: img.sizeBytes ?? 0, numNodes: images.get(n)?.nodes.size ?? 1 });
      ni.setImageStates(st);
    }
    s.nodeInfoList = [...s.nodeInfoMap.values()];
    s.rebuildAffinityLists();
    return s;
  }

  list(): readonly NodeInfo[] {
    return this.nodeInfoList;
  }
  havePodsWithAffinityList(): readonly NodeInfo[] {
    return this.havePodsWithAffinityNodeInfoList;
  }
  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[] {
    return this.havePodsWithRequiredAntiAffinityNodeInfoList;
  }
  get(nodeName: string): NodeInfo | undefined {
    return this.nodeInfoMap.get(nodeName);
  }
  numNodes(): number {
    return this.nodeInfoList.length;
  }

  rebuildAffinityLists(): void {
    this.havePodsWithAffinityNodeInfoList = this.nodeInfoList.filter((n) => n.podsWithAffinity.length > 0);
    this.havePodsWithRequiredAntiAffinityNodeInfoList = this.nodeInfoList.filter((n) => n.podsWithRequiredAntiAffinity.length > 0);
  }
}
