// DefaultPreemption (PostFilter): when a pod fits nowhere, find nodes where evicting lower-priority pods
// would make it fit, pick one by upstream's criteria, evict the victims and nominate the node for the pod.

import type { Pod, PodCondition } from '../../framework/api.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Diagnosis, FitError, NodeToStatus } from '../../framework/diagnosis.js';
import type { Handle, PostFilterOutput, PostFilterPlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Code, Status } from '../../framework/status.js';
import { Names } from '../names.js';
import { type Candidate, pickOneNodeForPreemption } from './candidates.js';
import { selectVictimsOnNode } from './victims.js';

export interface DefaultPreemptionArgs {
  /** Candidates to find, as a percentage of the nodes (default 10). */
  minCandidateNodesPercentage?: number;
  /** … but at least this many (default 100). */
  minCandidateNodesAbsolute?: number;
}

export const PREEMPTION_NOT_HELPFUL_MSG = 'Preemption is not helpful for scheduling';

function podTerminatingByPreemption(p: Pod): boolean {
  if (!p.metadata.deletionTimestamp) return false;
  for (const c of p.status?.conditions ?? []) {
    if (c.type === 'DisruptionTarget') return c.status === 'True' && c.reason === 'PreemptionByScheduler';
  }
  return false;
}

export class DefaultPreemption implements PostFilterPlugin {
  readonly name = Names.DefaultPreemption;
  private readonly pct: number;
  private readonly abs: number;

  constructor(
    private readonly fh: Handle,
    args: DefaultPreemptionArgs = {},
  ) {
    this.pct = args.minCandidateNodesPercentage ?? 10;
    this.abs = args.minCandidateNodesAbsolute ?? 100;
  }

  async postFilter(state: CycleState, pod: PodInfo, m: NodeToStatus): Promise<PostFilterOutput> {
    const out = await this.preempt(state, pod, m);
    const msg = out.status?.message() ?? '';
    if (out.status && msg) return { result: out.result, status: new Status(out.status.code, [`preemption: ${msg}`]) };
    return out;
  }

  /** [eligible, reason]: preemptionPolicy Never, or a lower-priority victim still terminating on the nominated node, say no. */
  podEligibleToPreemptOthers(pod: Pod, nominatedNodeStatus: Status | null): [boolean, string] {
    if (pod.spec.preemptionPolicy === 'Never') return [false, 'not eligible due to preemptionPolicy=Never.'];
    const nom = pod.status?.nominatedNodeName;
    if (nom) {
      if (nominatedNodeStatus?.code === Code.UnschedulableAndUnresolvable) return [true, ''];
      const ni = this.fh.snapshotSharedLister().get(nom);
      const prio = pod.spec.priority ?? 0;
      if (ni)
        for (const p of ni.pods)
          if (p.priority < prio && podTerminatingByPreemption(p.pod)) return [false, 'not eligible due to a terminating pod on the nominated node.'];
    }
    return [true, ''];
  }

  calculateNumCandidates(numNodes: number): number {
    let n = Math.trunc((numNodes * this.pct) / 100);
    if (n < this.abs) n = this.abs;
    if (n > numNodes) n = numNodes;
    return n;
  }

  private async preempt(state: CycleState, pod: PodInfo, m: NodeToStatus): Promise<PostFilterOutput> {
    const nom = pod.pod.status?.nominatedNodeName;
    const [eligible, why] = this.podEligibleToPreemptOthers(pod.pod, nom ? m.get(nom) : null);
    if (!eligible) return { result: null, status: new Status(Code.Unschedulable, [why]) };

    const allNodes = this.fh.snapshotSharedLister().list();
    if (allNodes.length === 0) return { result: null, status: Status.asStatus(new Error('no nodes available')) };
    const found = await this.findCandidates(state, allNodes, pod, m);
    if (found instanceof Status) return { result: null, status: found };
    const [candidates, nodeToStatus] = found;
    if (candidates.length === 0) {
      const d = new Diagnosis();
      d.nodeToStatus = nodeToStatus;
      nodeToStatus.absentNodesStatus = new Status(Code.UnschedulableAndUnresolvable, [PREEMPTION_NOT_HELPFUL_MSG]);
      const fitErr = new FitError(pod.pod, allNodes.length, d);
      return { result: { nominatingInfo: { mode: 'Override', nominatedNodeName: '' } }, status: new Status(Code.Unschedulable, [fitErr.message]) };
    }
    const best = candidates.length === 1 ? candidates[0]! : pickOneNodeForPreemption(candidates, this.fh.clock.now());
    if (!best) return { result: null, status: new Status(Code.Unschedulable, ['no candidate node for preemption']) };
    const s = await this.prepareCandidate(best, pod);
    if (s) return { result: null, status: s };
    return { result: { nominatingInfo: { mode: 'Override', nominatedNodeName: best.name } }, status: null };
  }

  private async findCandidates(state: CycleState, allNodes: readonly NodeInfo[], pod: PodInfo, m: NodeToStatus): Promise<[Candidate[], NodeToStatus] | Status> {
    const potential = m.nodesForStatusCode(allNodes, Code.Unschedulable);
    if (potential.length === 0) {
      if (pod.pod.status?.nominatedNodeName && this.fh.statusUpdater) {
        try {
          await this.fh.statusUpdater.updatePodStatus(pod.pod, { nominatedNodeName: '' });
        } catch {
          // Not critical.
        }
      }
      return [[], new NodeToStatus()];
    }
    const pdbs = this.fh.pdbLister?.list() ?? [];
    const offset = Math.floor(this.fh.random() * potential.length);
    const numCandidates = this.calculateNumCandidates(potential.length);
    return this.dryRunPreemption(state, pod, potential, pdbs, offset, numCandidates);
  }

  /** Evaluates potential nodes starting at offset until enough candidates are found. */
  dryRunPreemption(
    state: CycleState,
    pod: PodInfo,
    potential: readonly NodeInfo[],
    pdbs: Parameters<typeof selectVictimsOnNode>[4],
    offset: number,
    numCandidates: number,
  ): [Candidate[], NodeToStatus] | Status {
    const nonViolating: Candidate[] = [];
    const violating: Candidate[] = [];
    const statuses = new NodeToStatus();
    for (let i = 0; i < potential.length; i++) {
      const ni = potential[(offset + i) % potential.length]!.clone();
      const r = selectVictimsOnNode(this.fh, state.clone(), pod, ni, pdbs);
      let status = r.status;
      if (status === null && r.victims.length > 0) {
        const c: Candidate = { name: ni.name, victims: r.victims, numPDBViolations: r.numPDBViolations };
        (r.numPDBViolations === 0 ? nonViolating : violating).push(c);
        if (nonViolating.length > 0 && nonViolating.length + violating.length >= numCandidates) break;
        continue;
      }
      if (status === null) status = Status.asStatus(new Error(`expected at least one victim pod on node "${ni.name}"`));
      if (status.code === Code.Error) return status;
      statuses.set(ni.name, status);
    }
    return [[...nonViolating, ...violating], statuses];
  }

  private async prepareCandidate(c: Candidate, pod: PodInfo): Promise<Status | null> {
    const fh = this.fh;
    const condition: PodCondition = {
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'PreemptionByScheduler',
      message: `${pod.pod.spec.schedulerName ?? 'default-scheduler'}: preempting to accommodate a higher priority pod`,
    };
    try {
      await Promise.all(
        c.victims.map(async (v) => {
          if (!fh.rejectWaitingPod(v.key, this.name, 'preempted')) {
            if (!fh.podDeleter) throw new Error('no pod deleter configured for preemption');
            await fh.podDeleter.deletePod(v.pod, { condition });
          }
          fh.recorder.event(v.pod, 'Normal', 'Preempted', `Preempted by pod ${pod.pod.metadata.uid ?? ''} on node ${c.name}`);
        }),
      );
    } catch (e) {
      return Status.asStatus(e);
    }
    // Lower-priority pods nominated to this node may no longer fit: clear their nomination.
    if (fh.statusUpdater) {
      for (const p of fh.nominator.nominatedPodsForNode(c.name)) {
        if (p.priority >= pod.priority) continue;
        try {
          await fh.statusUpdater.updatePodStatus(p.pod, { nominatedNodeName: '' });
        } catch {
          // Not critical.
        }
      }
    }
    return null;
  }
}
