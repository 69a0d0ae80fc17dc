// Nominated pods (upstream nominator): pods that preemption made room for, by node, so that filters
// treat their place as taken by pods of equal or higher priority until they are scheduled.

import type { Pod } from '../framework/api.js';
import { podKey } from '../framework/api.js';
import type { NominatingInfo, PodNominatorReader } from '../framework/interface.js';
import type { PodInfo } from '../framework/pod-info.js';

const NONE: readonly PodInfo[] = Object.freeze([]);

export class PodNominator implements PodNominatorReader {
  private readonly byNode = new Map<string, PodInfo[]>();
  private readonly nodeOf = new Map<string, string>();

  get size(): number {
    return this.nodeOf.size;
  }

  /**
   * Records pi as nominated: to info's node (mode Override; "" removes it), or to the pod's
   * status.nominatedNodeName (no info / mode Noop).
   */
  addNominatedPod(pi: PodInfo, info?: NominatingInfo | null): void {
    this.delete(pi.key);
    let node = '';
    if (info && info.mode === 'Override') node = info.nominatedNodeName;
    else node = pi.pod.status?.nominatedNodeName ?? '';
    if (!node || pi.pod.spec.nodeName) return;
    this.nodeOf.set(pi.key, node);
    let list = this.byNode.get(node);
    if (!list) this.byNode.set(node, (list = []));
    list.push(pi);
  }

  deleteNominatedPodIfExists(pod: Pod): void {
    this.delete(podKey(pod));
  }

  /** Keeps a nomination the scheduler made when an update does not (yet) carry it in the pod's status. */
  updateNominatedPod(oldPod: Pod, newInfo: PodInfo): void {
    let info: NominatingInfo | null = null;
    if (!oldPod.status?.nominatedNodeName && !newInfo.pod.status?.nominatedNodeName) {
      const nnn = this.nodeOf.get(podKey(oldPod));
      if (nnn) info = { mode: 'Override', nominatedNodeName: nnn };
    }
    this.deleteNominatedPodIfExists(oldPod);
    this.addNominatedPod(newInfo, info);
  }

  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    if (this.nodeOf.size === 0) return NONE;
    return this.byNode.get(nodeName) ?? NONE;
  }

  nominatedNodeFor(pod: Pod): string | undefined {
    return this.nodeOf.get(podKey(pod));
  }

  private delete(key: string): void {
    const node = this.nodeOf.get(key);
    if (node === undefined) return;
    this.nodeOf.delete(key);
    const list = this.byNode.get(node)!;
    const i = list.findIndex((p) => p.key === key);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byNode.delete(node);
  }
}
