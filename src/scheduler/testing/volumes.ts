// Storage for scheduler tests: builders for PVs, PVCs and StorageClasses, and FakeVolumeAPI, an
// in-memory stand-in for the PV/PVC/StorageClass informers (VolumeLister) and the API writes
// (VolumeBinder), with resourceVersions and Conflicts like the API server's. completeBindings() plays
// the persistentvolume controller's part of a binding; connect() feeds changes to a scheduler's queue
// as the informer handlers of app.ts do.

import type { KubeObject } from '../../api/types.js';
import {
  ANN_BIND_COMPLETED,
  ANN_SELECTED_NODE,
  claimClass,
  namespacedKey,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type PodVolume,
  type StorageClass,
  type VolumeNodeAffinity,
} from '../../machinery/volume/index.js';
import type { Pod } from '../framework/api.js';
import type { VolumeBinder, VolumeLister } from '../framework/interface.js';
import { type StorageResource, storageEvent } from '../plugins/volumebinding/events.js';
import type { Scheduler } from '../scheduler.js';

export interface PVOptions {
  storageClassName?: string;
  capacity?: string;
  accessModes?: string[];
  /** A node affinity requiring kubernetes.io/hostname In [hosts] (a `local` volume). */
  hostnames?: string[];
  nodeAffinity?: VolumeNodeAffinity;
  phase?: string;
  claimRef?: { namespace: string; name: string; uid?: string };
  labels?: Record<string, string>;
  volumeMode?: string;
}

export function makePV(name: string, o: PVOptions = {}): PersistentVolume {
  const pv: PersistentVolume = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, uid: `uid-pv-${name}`, ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      capacity: { storage: o.capacity ?? '1Gi' },
      accessModes: o.accessModes ?? ['ReadWriteOnce'],
      storageClassName: o.storageClassName ?? '',
      persistentVolumeReclaimPolicy: 'Retain',
    },
    status: { phase: o.phase ?? 'Available' },
  };
  if (o.hostnames) {
    pv.spec!.local = { path: '/mnt/disks/' + name };
    pv.spec!.nodeAffinity = {
      required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: o.hostnames }] }] },
    };
  }
  if (o.nodeAffinity) pv.spec!.nodeAffinity = o.nodeAffinity;
  if (o.claimRef) pv.spec!.claimRef = { kind: 'PersistentVolumeClaim', apiVersion: 'v1', ...o.claimRef };
  if (o.volumeMode) pv.spec!.volumeMode = o.volumeMode;
  return pv;
}

export interface PVCOptions {
  namespace?: string;
  /** undefined: no class field; "" asks for no class. */
  storageClassName?: string;
  request?: string;
  accessModes?: string[];
  /** Bound to this volume (volumeName, bind-completed, phase Bound). */
  boundTo?: string;
  selectedNode?: string;
  deleting?: boolean;
  phase?: string;
  ownerUID?: string;
}

export function makePVC(name: string, o: PVCOptions = {}): PersistentVolumeClaim {
  const ns = o.namespace ?? 'default';
  const annotations: Record<string, string> = {};
  if (o.boundTo) annotations[ANN_BIND_COMPLETED] = 'yes';
  if (o.selectedNode) annotations[ANN_SELECTED_NODE] = o.selectedNode;
  const pvc: PersistentVolumeClaim = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name,
      namespace: ns,
      uid: `uid-pvc-${ns}-${name}`,
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      ...(o.deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}),
      ...(o.ownerUID ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'owner', uid: o.ownerUID, controller: true }] } : {}),
    },
    spec: {
      accessModes: o.accessModes ?? ['ReadWriteOnce'],
      resources: { requests: { storage: o.request ?? '1Gi' } },
      ...(o.storageClassName !== undefined ? { storageClassName: o.storageClassName } : {}),
      ...(o.boundTo ? { volumeName: o.boundTo } : {}),
    },
    status: { phase: o.phase ?? (o.boundTo ? 'Bound' : 'Pending') },
  };
  return pvc;
}

export interface StorageClassOptions {
  provisioner?: string;
  /** Default WaitForFirstConsumer. */
  volumeBindingMode?: string;
  allowedTopologies?: StorageClass['allowedTopologies'];
}

export function makeStorageClass(name: string, o: StorageClassOptions = {}): StorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name },
    provisioner: o.provisioner ?? 'kubernetes.io/no-provisioner',
    volumeBindingMode: o.volumeBindingMode ?? 'WaitForFirstConsumer',
    ...(o.allowedTopologies ? { allowedTopologies: o.allowedTopologies } : {}),
  };
}

/** The pod with volumes using these claims (one volume per claim, named like it). */
export function withClaims(pod: Pod, ...claims: string[]): Pod {
  const volumes: PodVolume[] = claims.map((c) => ({ name: c, persistentVolumeClaim: { claimName: c } }));
  return { ...pod, spec: { ...pod.spec, volumes } as Pod['spec'] };
}

/** The pod with a generic ephemeral volume (its claim is `<pod>-<volume>`). */
export function withEphemeral(pod: Pod, volumeName: string): Pod {
  const volumes: PodVolume[] = [{ name: volumeName, ephemeral: { volumeClaimTemplate: { spec: {} } } }];
  return { ...pod, spec: { ...pod.spec, volumes } as Pod['spec'] };
}

class ConflictError extends Error {
  readonly code = 409;
}

type Change = (resource: StorageResource, oldObj: KubeObject | undefined, newObj: KubeObject) => void;

/** In-memory PVs, PVCs and StorageClasses (the informers' view and the API server at once). */
export class FakeVolumeAPI implements VolumeLister, VolumeBinder {
  readonly pvs = new Map<string, PersistentVolume>();
  readonly pvcs = new Map<string, PersistentVolumeClaim>();
  readonly classes = new Map<string, StorageClass>();
  /** Every write the scheduler made, in order. */
  readonly writes: { kind: 'PersistentVolume' | 'PersistentVolumeClaim'; obj: KubeObject }[] = [];
  /** Pods that exist (when set, podExists answers from it). */
  pods: Set<string> | null = null;
  /** Makes the next writes fail with this error. */
  failWrites: Error | null = null;
  private rv = 100;
  private readonly listeners: Change[] = [];

  constructor(o: { pvs?: PersistentVolume[]; pvcs?: PersistentVolumeClaim[]; classes?: StorageClass[] } = {}) {
    for (const c of o.classes ?? []) this.putClass(c);
    for (const v of o.pvs ?? []) this.putPV(v);
    for (const c of o.pvcs ?? []) this.putPVC(c);
  }

  // ---- VolumeLister
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined {
    return this.pvcs.get(`${namespace}/${name}`);
  }
  volume(name: string): PersistentVolume | undefined {
    return this.pvs.get(name);
  }
  volumes(): readonly PersistentVolume[] {
    return [...this.pvs.values()];
  }
  storageClass(name: string): StorageClass | undefined {
    return this.classes.get(name);
  }
  podExists(namespace: string, name: string): boolean {
    return this.pods === null || this.pods.has(`${namespace}/${name}`);
  }

  // ---- VolumeBinder (PUT with optimistic concurrency)
  async updateVolume(volume: PersistentVolume): Promise<PersistentVolume> {
    const cur = this.pvs.get(volume.metadata.name ?? '');
    const stored = this.checkWrite(cur, volume, `persistentvolumes "${volume.metadata.name}"`);
    const next: PersistentVolume = { ...structuredClone(volume), ...(stored.status ? { status: stored.status } : {}) };
    this.writes.push({ kind: 'PersistentVolume', obj: next });
    return this.putPV(next);
  }
  async updateClaim(claim: PersistentVolumeClaim): Promise<PersistentVolumeClaim> {
    const cur = this.pvcs.get(namespacedKey(claim));
    const stored = this.checkWrite(cur, claim, `persistentvolumeclaims "${claim.metadata.name}"`);
    const next: PersistentVolumeClaim = { ...structuredClone(claim), ...(stored.status ? { status: stored.status } : {}) };
    this.writes.push({ kind: 'PersistentVolumeClaim', obj: next });
    return this.putPVC(next);
  }

  private checkWrite<T extends KubeObject>(cur: T | undefined, obj: KubeObject, what: string): T {
    if (this.failWrites) throw this.failWrites;
    if (!cur) throw new Error(`${what} not found`);
    if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== cur.metadata.resourceVersion) {
      throw new ConflictError(`Operation cannot be fulfilled on ${what}: the object has been modified; please apply your changes to the latest version and try again`);
    }
    return cur;
  }

  // ---- changes (as informer events)
  putPV(v: PersistentVolume): PersistentVolume {
    const old = this.pvs.get(v.metadata.name ?? '');
    const next = this.stamp(v);
    this.pvs.set(next.metadata.name ?? '', next);
    this.emit('PersistentVolume', old, next);
    return next;
  }
  putPVC(c: PersistentVolumeClaim): PersistentVolumeClaim {
    const key = namespacedKey(c);
    const old = this.pvcs.get(key);
    const next = this.stamp(c);
    this.pvcs.set(key, next);
    this.emit('PersistentVolumeClaim', old, next);
    return next;
  }
  putClass(sc: StorageClass): StorageClass {
    const old = this.classes.get(sc.metadata.name ?? '');
    const next = this.stamp(sc);
    this.classes.set(next.metadata.name ?? '', next);
    this.emit('StorageClass', old, next);
    return next;
  }

  private stamp<T extends KubeObject>(obj: T): T {
    return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.rv) } };
  }

  private emit(r: StorageResource, oldObj: KubeObject | undefined, newObj: KubeObject): void {
    for (const l of this.listeners) l(r, oldObj, newObj);
  }

  /** Sends every change to the scheduler's queue (as app.ts's informer handlers do). */
  connect(scheduler: Scheduler): void {
    this.listeners.push((r, oldObj, newObj) => scheduler.queue.moveAllToActiveOrBackoffQueue(storageEvent(r, oldObj ? 'Update' : 'Add'), oldObj, newObj));
  }

  /**
   * The persistentvolume controller's part: every volume whose claimRef (with UID) names an unbound claim
   * is bound to it (claim: volumeName, bind-completed, phase Bound; volume: phase Bound). A claim with a
   * selected node of a class with a provisioner gets a new volume when `provision` is set. Returns how
   * many claims were bound.
   */
  completeBindings(o: { provision?: boolean } = {}): number {
    let n = 0;
    for (const pv of [...this.pvs.values()]) {
      const ref = pv.spec?.claimRef;
      if (!ref?.uid) continue;
      const pvc = this.pvcs.get(`${ref.namespace ?? ''}/${ref.name ?? ''}`);
      if (!pvc || pvc.metadata.uid !== ref.uid || pvc.spec?.volumeName) continue;
      this.bind(pv, pvc);
      n++;
    }
    if (o.provision) {
      for (const pvc of [...this.pvcs.values()]) {
        const node = pvc.metadata.annotations?.[ANN_SELECTED_NODE];
        if (!node || pvc.spec?.volumeName) continue;
        const pv = this.putPV({
          ...makePV(`pvc-${pvc.metadata.uid ?? ''}`, { storageClassName: claimClass(pvc), hostnames: [node], capacity: String(pvc.spec?.resources?.requests?.storage ?? '1Gi') }),
        });
        this.bind(pv, pvc);
        n++;
      }
    }
    return n;
  }

  private bind(pv: PersistentVolume, pvc: PersistentVolumeClaim): void {
    const boundPV = this.putPV({
      ...pv,
      spec: { ...pv.spec, claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: pvc.metadata.namespace ?? '', name: pvc.metadata.name ?? '', uid: pvc.metadata.uid ?? '' } },
      status: { phase: 'Bound' },
    });
    this.putPVC({
      ...pvc,
      metadata: { ...pvc.metadata, annotations: { ...(pvc.metadata.annotations ?? {}), [ANN_BIND_COMPLETED]: 'yes' } },
      spec: { ...pvc.spec, volumeName: boundPV.metadata.name ?? '' },
      status: { ...(pvc.status ?? {}), phase: 'Bound' },
    });
  }
}
