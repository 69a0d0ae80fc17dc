// VolumeBinding: a pod's PersistentVolumeClaims decide where it may run. PreFilter rejects pods whose
// claims are missing, being deleted, lost, or unbound with an Immediate class; Filter checks, per node,
// that bound volumes' node affinity admits the node and that every WaitForFirstConsumer claim gets an
// Available volume there (or can be provisioned there); Reserve assumes the choice so that the next pods
// do not take the same volume; PreBind writes it (PV claimRef / PVC selected-node annotation) and waits
// until the claims are bound. Needs the Handle's volumeLister (without it the plugin skips every pod)
// and, for PreBind, its volumeBinder.

import { ephemeralClaimNotForPod, type PersistentVolumeClaim, podClaims } from '../../../machinery/volume/index.js';
import { type CycleState, mustRead, type StateData, StateKey } from '../../framework/cycle-state.js';
import { ActionType, type ClusterEventWithHint } from '../../framework/events.js';
import type { EnqueueExtensions, FilterPlugin, Handle, PreBindPlugin, PreFilterPlugin, ReservePlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Code, Status } from '../../framework/status.js';
import { Names } from '../names.js';
import { type PodVolumeClaims, type PodVolumes, SchedulerVolumeBinder } from './binder.js';
import { claimChangeHint, registeredEvent, storageClassChangeHint } from './events.js';

export const ERR_REASON_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
/** Upstream's DefaultBindTimeoutSeconds. */
export const DEFAULT_BIND_TIMEOUT_SECONDS = 600;

export interface VolumeBindingArgs {
  /** How long PreBind waits for the pod's claims to be bound, seconds (default 600). */
  bindTimeoutSeconds?: number;
  /** How often PreBind checks the binding, ms (default 1000, as upstream). */
  pollIntervalMs?: number;
}

class VolumeBindingState implements StateData {
  /** Every claim was bound at Reserve: PreBind has nothing to do. */
  allBound = false;
  /** What Filter found on each node that passed. */
  readonly podVolumesByNode = new Map<string, PodVolumes>();
  /** null when the pod has no claims (PreFilter skipped). */
  constructor(readonly claims: PodVolumeClaims | null) {}
  // Shared by the what-if copies of preemption, as upstream (Filter only adds per-node results).
  clone(): StateData {
    return this;
  }
}

const stateKey = new StateKey<VolumeBindingState>(Names.VolumeBinding);

export class VolumeBinding implements PreFilterPlugin, FilterPlugin, ReservePlugin, PreBindPlugin, EnqueueExtensions {
  readonly name = Names.VolumeBinding;
  /** null without a volume lister. */
  readonly binder: SchedulerVolumeBinder | null;
  private readonly handle: Handle;

  constructor(handle: Handle, args: VolumeBindingArgs = {}) {
    this.handle = handle;
    const lister = handle.volumeLister;
    const timeout = args.bindTimeoutSeconds ?? DEFAULT_BIND_TIMEOUT_SECONDS;
    if (!(timeout >= 0)) throw new Error(`bindTimeoutSeconds: Invalid value: ${timeout}: invalid BindTimeoutSeconds, should not be a negative value`);
    this.binder = lister
      ? new SchedulerVolumeBinder({
          lister,
          writer: handle.volumeBinder,
          nodeLabels: (name) => {
            const ni = handle.snapshotSharedLister().get(name);
            return ni?.node ? ni.labels : undefined;
          },
          clock: handle.clock,
          bindTimeoutMs: timeout * 1000,
          ...(args.pollIntervalMs !== undefined ? { pollIntervalMs: args.pollIntervalMs } : {}),
        })
      : null;
  }

  /** Why the pod's claims rule out every node before filtering (podHasPVCs), or undefined. */
  private claimProblem(pod: PodInfo): string | undefined {
    const lister = this.handle.volumeLister!;
    const ns = pod.pod.metadata.namespace ?? '';
    for (const c of podClaims(pod.pod)) {
      const pvc: PersistentVolumeClaim | undefined = lister.claim(ns, c.name);
      if (!pvc) {
        // Normal for a moment after a pod with an ephemeral volume is created.
        if (c.ephemeral) return `waiting for ephemeral volume controller to create the persistentvolumeclaim "${c.name}"`;
        return `persistentvolumeclaim "${c.name}" not found`;
      }
      if (pvc.status?.phase === 'Lost') return `persistentvolumeclaim "${c.name}" bound to non-existent persistentvolume "${pvc.spec?.volumeName ?? ''}"`;
      if (pvc.metadata.deletionTimestamp) return `persistentvolumeclaim "${c.name}" is being deleted`;
      if (c.ephemeral) {
        const notOwner = ephemeralClaimNotForPod(pod.pod, pvc);
        if (notOwner !== undefined) return notOwner;
      }
    }
    return undefined;
  }

  preFilter(state: CycleState, pod: PodInfo): Status | null {
    if (this.binder === null || podClaims(pod.pod).length === 0) {
      state.write(stateKey, new VolumeBindingState(null));
      return Status.skip();
    }
    const problem = this.claimProblem(pod);
    if (problem !== undefined) return new Status(Code.UnschedulableAndUnresolvable, [problem]);
    let claims: PodVolumeClaims;
    try {
      claims = this.binder.podVolumeClaims(pod.pod);
    } catch (err) {
      return Status.asStatus(err);
    }
    // The PV controller binds these; the pod is retried when their claims change.
    if (claims.unboundImmediate.length > 0) return new Status(Code.UnschedulableAndUnresolvable, [ERR_REASON_UNBOUND_IMMEDIATE]);
    state.write(stateKey, new VolumeBindingState(claims));
    return null;
  }

  filter(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const s = mustRead(state, stateKey);
    if (s.claims === null || this.binder === null) return null;
    const { podVolumes, reasons } = this.binder.findPodVolumes(s.claims, nodeInfo.name, nodeInfo.labels);
    if (reasons.length > 0) return new Status(Code.UnschedulableAndUnresolvable, reasons);
    s.podVolumesByNode.set(nodeInfo.name, podVolumes);
    return null;
  }

  reserve(state: CycleState, pod: PodInfo, nodeName: string): Status | null {
    const s = mustRead(state, stateKey);
    const podVolumes = s.podVolumesByNode.get(nodeName);
    if (podVolumes === undefined || this.binder === null) {
      // The pod has no claims.
      s.allBound = true;
      return null;
    }
    try {
      s.allBound = this.binder.assumePodVolumes(pod.pod, nodeName, podVolumes);
    } catch (err) {
      return Status.asStatus(err);
    }
    return null;
  }

  unreserve(state: CycleState, _pod: PodInfo, nodeName: string): void {
    const s = state.read(stateKey);
    const podVolumes = s?.podVolumesByNode.get(nodeName);
    if (podVolumes && this.binder) this.binder.revertAssumedPodVolumes(podVolumes);
  }

  async preBind(state: CycleState, pod: PodInfo, nodeName: string, signal?: AbortSignal): Promise<Status | null> {
    const s = mustRead(state, stateKey);
    if (s.allBound) return null;
    const podVolumes = s.podVolumesByNode.get(nodeName);
    if (podVolumes === undefined || this.binder === null) return Status.asStatus(new Error(`no pod volumes found for node "${nodeName}"`));
    try {
      await this.binder.bindPodVolumes(pod.pod, podVolumes, signal);
    } catch (err) {
      return Status.asStatus(err);
    }
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      // A missing or mis-configured class (allowedTopologies) may be fixed.
      { event: registeredEvent('StorageClass', 'StorageClassChange'), hint: storageClassChangeHint },
      // Claims get bound, created or annotated; volumes appear or are released.
      { event: registeredEvent('PersistentVolumeClaim', 'PersistentVolumeClaimChange'), hint: claimChangeHint },
      { event: registeredEvent('PersistentVolume', 'PersistentVolumeChange') },
      // A new or relabelled node may satisfy a volume's node affinity or a class's allowedTopologies.
      { event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel, label: 'NodeAddOrLabelChange' } },
    ];
  }
}
