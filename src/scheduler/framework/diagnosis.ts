// Why a pod did not fit: per-node statuses (NodeToStatus), the plugins that rejected it, and FitError
// whose message is upstream's "0/3 nodes are available: 3 Insufficient cpu. preemption: ...".

import type { Pod } from './api.js';
import type { NodeInfo } from './node-info.js';
import { Code, Status } from './status.js';

/** framework.NodeToStatus: a status per evaluated node, plus one status standing for every node not in the map. */
export class NodeToStatus {
  private readonly map = new Map<string, Status>();
  /** Applies to nodes not in the map (upstream's default is UnschedulableAndUnresolvable without a message). */
  absentNodesStatus: Status = new Status(Code.UnschedulableAndUnresolvable);

  get(nodeName: string): Status {
    return this.map.get(nodeName) ?? this.absentNodesStatus;
  }
  set(nodeName: string, s: Status): void {
    this.map.set(nodeName, s);
  }
  has(nodeName: string): boolean {
    return this.map.has(nodeName);
  }
  get size(): number {
    return this.map.size;
  }
  entries(): IterableIterator<[string, Status]> {
    return this.map.entries();
  }
  /** The nodes (from all) whose status has the given code, counting absent nodes by absentNodesStatus. */
  nodesForStatusCode(all: readonly NodeInfo[], code: Code): NodeInfo[] {
    const out: NodeInfo[] = [];
    const absentMatches = this.absentNodesStatus.code === code;
    for (const ni of all) {
      const s = this.map.get(ni.name);
      if (s ? s.code === code : absentMatches) out.push(ni);
    }
    return out;
  }
}

export class Diagnosis {
  nodeToStatus = new NodeToStatus();
  /** Plugins that returned Unschedulable/UnschedulableAndUnresolvable for this pod. */
  unschedulablePlugins = new Set<string>();
  /** Plugins that returned Pending. */
  pendingPlugins = new Set<string>();
  /** Set when a PreFilter plugin rejected the pod (then per-node reasons are not listed). */
  preFilterMsg = '';
  /** What PostFilter (preemption) reported. */
  postFilterMsg = '';
  /** Nodes the filters ran on. */
  evaluatedNodes = 0;

  addPluginStatus(s: Status): void {
    if (!s.plugin) return;
    if (s.code === Code.Pending) this.pendingPlugins.add(s.plugin);
    else if (s.isRejected()) this.unschedulablePlugins.add(s.plugin);
  }
}

/** "0/N nodes are available" (upstream's NoNodeAvailableMsg). */
export function noNodeAvailableMsg(numAllNodes: number): string {
  return `0/${numAllNodes} nodes are available`;
}

/** The reason histogram of a FitError: "3 Insufficient cpu, 2 node(s) had untolerated taint {a: b}", sorted as strings. */
export function reasonHistogram(nodeToStatus: NodeToStatus, numAllNodes: number): string[] {
  const counts = new Map<string, number>();
  for (const [, s] of nodeToStatus.entries()) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const absent = numAllNodes - nodeToStatus.size;
  if (absent > 0) for (const r of nodeToStatus.absentNodesStatus.reasons) counts.set(r, (counts.get(r) ?? 0) + absent);
  const out: string[] = [];
  for (const [r, n] of counts) out.push(`${n} ${r}`);
  // Go's sort.Strings: byte order.
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** framework.FitError: the pod fits on no node. Its message reflects the diagnosis at the time it is read. */
export class FitError {
  readonly name = 'FitError';
  constructor(
    readonly pod: Pod,
    readonly numAllNodes: number,
    readonly diagnosis: Diagnosis,
  ) {}

  get message(): string {
    let msg = `${noNodeAvailableMsg(this.numAllNodes)}:`;
    const d = this.diagnosis;
    if (d.preFilterMsg) msg += ` ${d.preFilterMsg}.`;
    else {
      const hist = reasonHistogram(d.nodeToStatus, this.numAllNodes);
      if (hist.length > 0) msg += ` ${hist.join(', ')}.`;
    }
    // The preemption message is itself a sentence: no doubled period (fixed upstream in 1.30).
    if (d.postFilterMsg) msg += d.postFilterMsg.endsWith('.') ? ` ${d.postFilterMsg}` : ` ${d.postFilterMsg}.`;
    return msg;
  }

  toString(): string {
    return this.message;
  }
}

/** ErrNoNodesAvailable. */
export const NO_NODES_AVAILABLE_MSG = 'no nodes available to schedule pods';
