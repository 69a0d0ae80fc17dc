// The scheduler's volume binder (upstream volumebinding's volumeBinder): sorts a pod's claims into
// bound, unbound-immediate and unbound-WaitForFirstConsumer; per node, checks bound volumes' node
// affinity and finds a volume (or provisioning) for each WaitForFirstConsumer claim; assumes the choice
// in the assume caches at Reserve; at PreBind writes it (PV claimRef, PVC selected-node) and waits until
// the persistentvolume controller (and a provisioner) have bound every claim.

import type { Clock } from '../../../machinery/clock/index.js';
import {
  ANN_BOUND_BY_CONTROLLER,
  ANN_SELECTED_NODE,
  claimClass,
  claimReference,
  hasAnnotation,
  isVolumeBoundToClaim,
  namespacedKey,
  NOT_SUPPORTED_PROVISIONER,
  type PersistentVolume,
  type PersistentVolumeClaim,
  podClaims,
  volumeClass,
  VOLUME_BINDING_WAIT_FOR_FIRST_CONSUMER,
} from '../../../machinery/volume/index.js';
import type { Pod } from '../../framework/api.js';
import type { VolumeBinder, VolumeLister } from '../../framework/interface.js';
import { AssumeCache, compareResourceVersion } from './assume-cache.js';
import { findMatchingVolume, isClaimFullyBound, requestedStorage, topologyAllows, volumeNodeAffinityMatches } from './matching.js';

type Labels = Readonly<Record<string, string>>;

/** Why a node does not suit the pod's volumes (upstream's ConflictReason values). */
export const Reasons = {
  BindConflict: "node(s) didn't find available persistent volumes to bind",
  NodeConflict: 'node(s) had volume node affinity conflict',
  NotEnoughSpace: 'node(s) did not have enough free storage',
  PVNotExist: 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)',
} as const;

/** A pod's claims, sorted at PreFilter. */
export interface PodVolumeClaims {
  bound: PersistentVolumeClaim[];
  /** Unbound claims of Immediate classes (and unbound claims naming a volume): the PV controller binds them. */
  unboundImmediate: PersistentVolumeClaim[];
  /** Unbound claims of WaitForFirstConsumer classes: the scheduler picks their volume or node. */
  unboundDelayBinding: PersistentVolumeClaim[];
  /** The volumes of each class the delay-binding claims ask for. */
  volumesByClass: Map<string, PersistentVolume[]>;
}

export interface StaticBinding {
  pv: PersistentVolume;
  pvc: PersistentVolumeClaim;
}

/** What a pod needs done on one node: volumes to bind to claims, claims to provision there. */
export interface PodVolumes {
  staticBindings: StaticBinding[];
  dynamicProvisions: PersistentVolumeClaim[];
}

export interface SchedulerVolumeBinderOptions {
  lister: VolumeLister;
  /** The API writer (PreBind); without it binding fails with an error. */
  writer: VolumeBinder | undefined;
  /** The labels of a node (undefined when the node is unknown). */
  nodeLabels: (nodeName: string) => Labels | undefined;
  clock: Clock;
  /** How long PreBind waits for the claims to be bound (upstream bindTimeoutSeconds, 600 s). */
  bindTimeoutMs: number;
  /** How often PreBind checks (upstream: every second). */
  pollIntervalMs?: number;
}

function claimKey(ns: string, name: string): string {
  return `${ns}/${name}`;
}

export class SchedulerVolumeBinder {
  readonly pvCache: AssumeCache<PersistentVolume>;
  readonly pvcCache: AssumeCache<PersistentVolumeClaim>;
  private readonly o: SchedulerVolumeBinderOptions;

  constructor(o: SchedulerVolumeBinderOptions) {
    this.o = o;
    this.pvCache = new AssumeCache<PersistentVolume>({ get: (name) => o.lister.volume(name), keyOf: (v) => v.metadata.name ?? '' });
    this.pvcCache = new AssumeCache<PersistentVolumeClaim>({
      get: (key) => {
        const i = key.indexOf('/');
        return o.lister.claim(key.slice(0, i), key.slice(i + 1));
      },
      keyOf: namespacedKey,
    });
  }

  /** Whether the claim's class binds at the first consumer (IsDelayBindingMode); throws when the class has no mode. */
  isDelayBindingMode(claim: PersistentVolumeClaim): boolean {
    const name = claimClass(claim);
    if (name === '') return false;
    const sc = this.o.lister.storageClass(name);
    if (!sc) return false;
    if (!sc.volumeBindingMode) throw new Error(`VolumeBindingMode not set for StorageClass "${name}"`);
    return sc.volumeBindingMode === VOLUME_BINDING_WAIT_FOR_FIRST_CONSUMER;
  }

  /** The volumes of a class, with the assumed versions (ListPVs). */
  private volumesOfClass(className: string): PersistentVolume[] {
    return this.pvCache.overlay(this.o.lister.volumes()).filter((v) => volumeClass(v) === className);
  }

  /** Sorts the pod's claims (GetPodVolumeClaims). Throws when a claim is missing or its class is invalid. */
  podVolumeClaims(pod: Pod): PodVolumeClaims {
    const out: PodVolumeClaims = { bound: [], unboundImmediate: [], unboundDelayBinding: [], volumesByClass: new Map() };
    const ns = pod.metadata.namespace ?? '';
    for (const c of podClaims(pod)) {
      const key = claimKey(ns, c.name);
      const pvc = this.pvcCache.get(key);
      if (!pvc) throw new Error(`error getting PVC "${key}": could not find v1.PersistentVolumeClaim "${key}"`);
      if (isClaimFullyBound(pvc)) out.bound.push(pvc);
      else if (this.isDelayBindingMode(pvc) && (pvc.spec?.volumeName ?? '') === '') out.unboundDelayBinding.push(pvc);
      // Immediate claims (and claims naming their volume) are the PV controller's to bind.
      else out.unboundImmediate.push(pvc);
    }
    for (const pvc of out.unboundDelayBinding) {
      const cls = claimClass(pvc);
      if (!out.volumesByClass.has(cls)) out.volumesByClass.set(cls, this.volumesOfClass(cls));
    }
    return out;
  }

  /** Whether every claim of the pod is bound (arePodVolumesBound). */
  arePodVolumesBound(pod: Pod): boolean {
    const ns = pod.metadata.namespace ?? '';
    for (const c of podClaims(pod)) {
      const pvc = this.pvcCache.get(claimKey(ns, c.name));
      if (!pvc || !isClaimFullyBound(pvc)) return false;
    }
    return true;
  }

  /**
   * What the pod's volumes need on this node (FindPodVolumes): the reasons it does not suit them (empty
   * when it does) and the bindings and provisionings to make there. Throws on invalid claims/classes.
   */
  findPodVolumes(claims: PodVolumeClaims, nodeName: string, nodeLabels: Labels): { podVolumes: PodVolumes; reasons: string[] } {
    const podVolumes: PodVolumes = { staticBindings: [], dynamicProvisions: [] };
    let boundSatisfied = true;
    let boundPVsFound = true;
    let unboundSatisfied = true;
    let sufficientStorage = true;
    const reasons = (): string[] => {
      const r: string[] = [];
      if (!boundSatisfied) r.push(Reasons.NodeConflict);
      if (!unboundSatisfied) r.push(Reasons.BindConflict);
      if (!sufficientStorage) r.push(Reasons.NotEnoughSpace);
      if (!boundPVsFound) r.push(Reasons.PVNotExist);
      return r;
    };

    for (const pvc of claims.bound) {
      const pv = this.pvCache.get(pvc.spec?.volumeName ?? '');
      if (!pv) {
        boundPVsFound = false;
        break;
      }
      if (!volumeNodeAffinityMatches(pv, nodeLabels)) {
        boundSatisfied = false;
        break;
      }
    }

    if (claims.unboundDelayBinding.length > 0) {
      const toMatch: PersistentVolumeClaim[] = [];
      const toProvision: PersistentVolumeClaim[] = [];
      for (const pvc of claims.unboundDelayBinding) {
        const selected = pvc.metadata.annotations?.[ANN_SELECTED_NODE];
        if (selected === undefined) {
          toMatch.push(pvc);
          continue;
        }
        // Already being provisioned for a node: only that node will do.
        if (selected !== nodeName) {
          unboundSatisfied = false;
          return { podVolumes, reasons: reasons() };
        }
        toProvision.push(pvc);
      }
      if (toMatch.length > 0) {
        const m = this.findMatchingVolumes(toMatch, claims.volumesByClass, nodeLabels);
        unboundSatisfied = m.unmatched.length === 0;
        podVolumes.staticBindings = m.bindings;
        toProvision.push(...m.unmatched);
      }
      if (toProvision.length > 0) {
        const p = this.checkVolumeProvisions(toProvision, nodeLabels);
        unboundSatisfied = p.satisfied;
        sufficientStorage = p.sufficientStorage;
        podVolumes.dynamicProvisions = p.provisions;
      }
    }
    return { podVolumes, reasons: reasons() };
  }

  /** A volume per claim (smallest claims first), each volume used once. */
  private findMatchingVolumes(
    claims: PersistentVolumeClaim[],
    volumesByClass: Map<string, PersistentVolume[]>,
    nodeLabels: Labels,
  ): { bindings: StaticBinding[]; unmatched: PersistentVolumeClaim[] } {
    const sorted = [...claims].sort((a, b) => requestedStorage(a) - requestedStorage(b));
    const chosen = new Set<string>();
    const bindings: StaticBinding[] = [];
    const unmatched: PersistentVolumeClaim[] = [];
    for (const pvc of sorted) {
      const pv = findMatchingVolume(pvc, volumesByClass.get(claimClass(pvc)) ?? [], nodeLabels, chosen);
      if (!pv) {
        unmatched.push(pvc);
        continue;
      }
      chosen.add(pv.metadata.name ?? '');
      bindings.push({ pv, pvc });
    }
    return { bindings, unmatched };
  }

  /** Whether the claims without a volume can be provisioned for the node (checkVolumeProvisions). */
  private checkVolumeProvisions(
    claims: PersistentVolumeClaim[],
    nodeLabels: Labels,
  ): { satisfied: boolean; sufficientStorage: boolean; provisions: PersistentVolumeClaim[] } {
    const provisions: PersistentVolumeClaim[] = [];
    for (const pvc of claims) {
      const className = claimClass(pvc);
      if (className === '') throw new Error(`no class for claim "${namespacedKey(pvc)}"`);
      const sc = this.o.lister.storageClass(className);
      if (!sc) throw new Error(`failed to find storage class "${className}"`);
      const provisioner = sc.provisioner ?? '';
      if (provisioner === '' || provisioner === NOT_SUPPORTED_PROVISIONER) return { satisfied: false, sufficientStorage: true, provisions: [] };
      if (!topologyAllows(sc.allowedTopologies, nodeLabels)) return { satisfied: false, sufficientStorage: true, provisions: [] };
      // Storage capacity (CSIStorageCapacity) is not tracked: every node is assumed to have room.
      provisions.push(pvc);
    }
    return { satisfied: true, sufficientStorage: true, provisions };
  }

  /**
   * Reserve (AssumePodVolumes): the chosen volumes get their claimRef and the claims to provision their
   * selected-node annotation in the assume caches. Returns true when every claim is already bound.
   */
  assumePodVolumes(pod: Pod, nodeName: string, podVolumes: PodVolumes): boolean {
    if (this.arePodVolumesBound(pod)) return true;
    const bindings: StaticBinding[] = [];
    const provisions: PersistentVolumeClaim[] = [];
    try {
      for (const b of podVolumes.staticBindings) {
        const { volume, dirty } = bindVolumeToClaim(b.pv, b.pvc);
        if (dirty) this.pvCache.assume(volume);
        bindings.push({ pv: volume, pvc: b.pvc });
      }
      for (const pvc of podVolumes.dynamicProvisions) {
        const clone = structuredClone(pvc);
        clone.metadata.annotations = { ...(clone.metadata.annotations ?? {}), [ANN_SELECTED_NODE]: nodeName };
        this.pvcCache.assume(clone);
        provisions.push(clone);
      }
    } catch (err) {
      for (const b of bindings) this.pvCache.restore(b.pv.metadata.name ?? '');
      for (const c of provisions) this.pvcCache.restore(namespacedKey(c));
      throw err;
    }
    podVolumes.staticBindings = bindings;
    podVolumes.dynamicProvisions = provisions;
    return false;
  }

  /** Unreserve (RevertAssumedPodVolumes): the informers' versions are the latest again. */
  revertAssumedPodVolumes(podVolumes: PodVolumes): void {
    for (const b of podVolumes.staticBindings) this.pvCache.restore(b.pv.metadata.name ?? '');
    for (const c of podVolumes.dynamicProvisions) this.pvcCache.restore(namespacedKey(c));
  }

  /**
   * PreBind (BindPodVolumes): writes the bindings and provisioning requests, then waits until every
   * claim is bound. Throws on API errors, when binding or provisioning failed, and on timeout.
   */
  async bindPodVolumes(pod: Pod, podVolumes: PodVolumes, signal?: AbortSignal): Promise<void> {
    await this.bindAPIUpdate(podVolumes, signal);
    const interval = this.o.pollIntervalMs ?? 1000;
    const deadline = this.o.clock.now() + this.o.bindTimeoutMs;
    for (;;) {
      const left = deadline - this.o.clock.now();
      if (left <= 0) throw new Error('binding volumes: context deadline exceeded');
      if (!(await this.o.clock.sleep(Math.min(interval, left), signal))) throw new Error('binding volumes: context canceled');
      let done: boolean;
      try {
        done = this.checkBindings(pod, podVolumes);
      } catch (err) {
        throw new Error(`binding volumes: ${(err as Error).message}`);
      }
      if (done) return;
    }
  }

  /** PUTs the volumes and claims; the ones not written are un-assumed when a write fails. */
  private async bindAPIUpdate(podVolumes: PodVolumes, signal?: AbortSignal): Promise<void> {
    const writer = this.o.writer;
    const { staticBindings: bindings, dynamicProvisions: claims } = podVolumes;
    let doneBindings = 0;
    let doneClaims = 0;
    try {
      if (!writer) throw new Error('no volume binder configured');
      for (; doneBindings < bindings.length; doneBindings++) {
        const b = bindings[doneBindings]!;
        const updated = await writer.updateVolume(b.pv, signal);
        // Keep the stored object assumed until the informer sees it.
        this.assumeQuietly(this.pvCache, updated);
        b.pv = updated;
      }
      for (; doneClaims < claims.length; doneClaims++) {
        const updated = await writer.updateClaim(claims[doneClaims]!, signal);
        this.assumeQuietly(this.pvcCache, updated);
        claims[doneClaims] = updated;
      }
    } finally {
      for (const b of bindings.slice(doneBindings)) this.pvCache.restore(b.pv.metadata.name ?? '');
      for (const c of claims.slice(doneClaims)) this.pvcCache.restore(namespacedKey(c));
    }
  }

  private assumeQuietly<T extends PersistentVolume | PersistentVolumeClaim>(cache: AssumeCache<T>, obj: T): void {
    try {
      cache.assume(obj);
    } catch {
      // The informer already has a newer version: nothing to remember.
    }
  }

  /**
   * Whether every written binding has completed (checkBindings), from the informers' copies. Throws when
   * the binding cannot complete any more: the pod is gone, a volume lost its claimRef or does not suit
   * the node, or provisioning was given up (the selected-node annotation removed).
   */
  checkBindings(pod: Pod, podVolumes: PodVolumes): boolean {
    const nodeName = pod.spec.nodeName ?? '';
    const labels = this.o.nodeLabels(nodeName);
    if (labels === undefined) throw new Error(`failed to get node "${nodeName}": node "${nodeName}" not found`);
    const ns = pod.metadata.namespace ?? '';
    if (this.o.lister.podExists && !this.o.lister.podExists(ns, pod.metadata.name ?? '')) {
      throw new Error(`pod does not exist any more: pods "${pod.metadata.name ?? ''}" not found`);
    }
    for (const b of podVolumes.staticBindings) {
      const name = b.pv.metadata.name ?? '';
      const pv = this.pvCache.getAPIObject(name);
      if (!pv) throw new Error(`failed to check binding: cannot find PersistentVolume "${name}"`);
      const pvc = this.pvcCache.getAPIObject(namespacedKey(b.pvc));
      if (!pvc) throw new Error(`failed to check binding: cannot find PersistentVolumeClaim "${namespacedKey(b.pvc)}"`);
      // The informer has not seen our write yet.
      if (compareResourceVersion(b.pv, pv) > 0) return false;
      if (!volumeNodeAffinityMatches(pv, labels)) throw new Error(`pv "${name}" node affinity doesn't match node "${nodeName}": no matching NodeSelectorTerms`);
      if (!pv.spec?.claimRef || !pv.spec.claimRef.uid) throw new Error(`ClaimRef got reset for pv "${name}"`);
      if (!isClaimBound(pvc)) return false;
    }
    for (const c of podVolumes.dynamicProvisions) {
      const key = namespacedKey(c);
      const pvc = this.pvcCache.getAPIObject(key);
      if (!pvc) throw new Error(`failed to check provisioning pvc: cannot find PersistentVolumeClaim "${key}"`);
      if (compareResourceVersion(c, pvc) > 0) return false;
      // A provisioner that gives up removes the annotation so that the scheduler tries again.
      if (pvc.metadata.annotations?.[ANN_SELECTED_NODE] !== nodeName) throw new Error(`provisioning failed for PVC "${pvc.metadata.name ?? ''}"`);
      const volumeName = pvc.spec?.volumeName ?? '';
      if (volumeName !== '') {
        const pv = this.pvCache.getAPIObject(volumeName);
        // Not seen yet: check again next time.
        if (!pv) return false;
        if (!volumeNodeAffinityMatches(pv, labels)) throw new Error(`pv "${volumeName}" node affinity doesn't match node "${nodeName}": no matching NodeSelectorTerms`);
      }
      if (!isClaimBound(pvc)) return false;
    }
    return true;
  }
}

/** Bound for PreBind: fully bound (volumeName and bind-completed) and status.phase Bound. */
function isClaimBound(pvc: PersistentVolumeClaim): boolean {
  return isClaimFullyBound(pvc) && pvc.status?.phase === 'Bound';
}

/**
 * The volume bound to the claim (GetBindVolumeToClaim): claimRef set to the claim, and bound-by-controller
 * added unless the user pre-bound the volume to the claim. `dirty` says whether anything changed.
 */
export function bindVolumeToClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): { volume: PersistentVolume; dirty: boolean } {
  const preBound = isVolumeBoundToClaim(volume, claim);
  const clone = structuredClone(volume);
  clone.spec ??= {};
  let dirty = false;
  const ref = volume.spec?.claimRef;
  if (!ref || ref.name !== claim.metadata.name || (ref.namespace ?? '') !== (claim.metadata.namespace ?? '') || (ref.uid ?? '') !== (claim.metadata.uid ?? '')) {
    clone.spec.claimRef = claimReference(claim);
    dirty = true;
  }
  if (!preBound && !hasAnnotation(clone, ANN_BOUND_BY_CONTROLLER)) {
    clone.metadata.annotations = { ...(clone.metadata.annotations ?? {}), [ANN_BOUND_BY_CONTROLLER]: 'yes' };
    dirty = true;
  }
  return { volume: clone, dirty };
}
