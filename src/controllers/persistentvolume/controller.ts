// The persistent volume controller ("persistentvolume-binder", upstream's
// pkg/controller/volume/persistentvolume), static binding only: it binds PersistentVolumeClaims to
// existing PersistentVolumes and drives both through their phases.
//
// Claims: an unbound claim gets the best Available volume (or the one it names in spec.volumeName, or
// one pre-bound to it); the volume is written first (claimRef + bound-by-controller, then phase Bound),
// then the claim (volumeName + bind-completed, then status Bound with the volume's modes and capacity).
// A bound claim whose volume vanished or went to another claim is Lost.
// Volumes: without claimRef → Available; bound to a claim that is gone → Released, then the reclaim
// policy: Retain keeps it; Delete deletes the PV object of provisioned volumes and marks others Failed
// (kts has no volume deleters); Recycle marks it Failed (kts has no recycler).
//
// Not here: dynamic provisioning (claims of a class with an external provisioner are annotated and
// left to that provisioner, as upstream does), and the scheduler side of WaitForFirstConsumer.
//
// Like upstream, a local cache of the newest claim and volume versions (informer events and our own
// writes) lets one sync see what the previous one wrote before the watch delivers it; everything is
// re-synced every --pvclaimbinder-sync-period (15 s).

import type { KubeObject } from '../../api/types.js';
import { isNotFound, type Client, type ResourceClient } from '../../machinery/client/index.js';
import { realClock, type Clock } from '../../machinery/clock/clock.js';
import { runWorkers } from '../../machinery/controller/index.js';
import type { EventRecorder, EventType } from '../../machinery/events/index.js';
import { metaNamespaceKey, objectOf, splitMetaNamespaceKey, waitForCacheSync, type SharedIndexInformer, type SharedInformerFactory } from '../../machinery/informers/index.js';
import { RateLimitingQueue } from '../../machinery/workqueue/index.js';
import {
  bindVolumeToClaim,
  checkVolumeSatisfyClaim,
  claimClass,
  claimHasClass,
  claimKey,
  claimRefKey,
  defaultClass,
  findBestMatchForClaim,
  hasAnnotation,
  isDelayBindingMode,
  isDelayBindingProvisioning,
  isVolumeBoundToClaim,
  volumeModeMismatch,
} from './match.js';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_MIGRATED_TO,
  ANN_STORAGE_PROVISIONER,
  EXTERNAL_PROVISIONER_FINALIZER,
  type ClaimPhase,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type StorageClass,
  type VolumePhase,
} from './types.js';

/** --pvclaimbinder-sync-period default. */
export const DEFAULT_SYNC_PERIOD_MS = 15_000;
/** The event source upstream's controller reports as. */
export const EVENT_COMPONENT = 'persistentvolume-controller';

export interface PersistentVolumeControllerOptions {
  client: Client;
  informers: SharedInformerFactory;
  recorder: EventRecorder;
  clock?: Clock;
  log?: (m: string) => void;
  /** Every claim and volume is synced again this often (--pvclaimbinder-sync-period, default 15 s). */
  syncPeriodMs?: number;
  /** --enable-dynamic-provisioning (default true): hand claims with a class to their provisioner. */
  enableDynamicProvisioning?: boolean;
}

function rvNumber(rv: string | undefined): bigint | undefined {
  if (!rv || !/^\d+$/.test(rv)) return undefined;
  return BigInt(rv);
}

/** Keeps obj unless the cached copy is strictly newer (upstream's storeObjectUpdate). */
function storeObjectUpdate<T extends KubeObject>(store: Map<string, T>, key: string, obj: T): boolean {
  const old = store.get(key);
  if (old) {
    const a = rvNumber(old.metadata.resourceVersion);
    const b = rvNumber(obj.metadata.resourceVersion);
    if (a !== undefined && b !== undefined && a > b) return false;
  }
  store.set(key, obj);
  return true;
}

function volumeRef(v: PersistentVolume) {
  return { kind: 'PersistentVolume', apiVersion: 'v1', name: v.metadata.name ?? '', ...(v.metadata.uid ? { uid: v.metadata.uid } : {}), ...(v.metadata.resourceVersion ? { resourceVersion: v.metadata.resourceVersion } : {}) };
}

function claimRefFor(c: PersistentVolumeClaim) {
  return {
    kind: 'PersistentVolumeClaim',
    apiVersion: 'v1',
    namespace: c.metadata.namespace ?? '',
    name: c.metadata.name ?? '',
    ...(c.metadata.uid ? { uid: c.metadata.uid } : {}),
    ...(c.metadata.resourceVersion ? { resourceVersion: c.metadata.resourceVersion } : {}),
  };
}

function sameJSON(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export class PersistentVolumeController {
  readonly claimQueue: RateLimitingQueue<string>;
  readonly volumeQueue: RateLimitingQueue<string>;
  /** Newest known versions, by name and by namespace/name. */
  private readonly volumes = new Map<string, PersistentVolume>();
  private readonly claims = new Map<string, PersistentVolumeClaim>();
  private readonly pvInformer: SharedIndexInformer<PersistentVolume>;
  private readonly pvcInformer: SharedIndexInformer<PersistentVolumeClaim>;
  private readonly scInformer: SharedIndexInformer<StorageClass>;
  private readonly pvClient: ResourceClient<PersistentVolume>;
  private readonly pvcClient: ResourceClient<PersistentVolumeClaim>;
  private readonly clock: Clock;
  private readonly log: (m: string) => void;
  private readonly recorder: EventRecorder;

  constructor(private readonly o: PersistentVolumeControllerOptions) {
    this.clock = o.clock ?? realClock;
    this.log = o.log ?? (() => {});
    this.recorder = o.recorder;
    this.claimQueue = new RateLimitingQueue<string>({ name: 'claims', clock: this.clock });
    this.volumeQueue = new RateLimitingQueue<string>({ name: 'volumes', clock: this.clock });
    this.pvInformer = o.informers.informerFor<PersistentVolume>('persistentvolumes');
    this.pvcInformer = o.informers.informerFor<PersistentVolumeClaim>('persistentvolumeclaims');
    this.scInformer = o.informers.informerFor<StorageClass>('storageclasses.storage.k8s.io');
    this.pvClient = o.client.resource<PersistentVolume>('persistentvolumes');
    this.pvcClient = o.client.resource<PersistentVolumeClaim>('persistentvolumeclaims');
    const enqueueVolume = (v: PersistentVolume) => this.volumeQueue.add(v.metadata.name ?? '');
    const enqueueClaim = (c: PersistentVolumeClaim) => this.claimQueue.add(metaNamespaceKey(c));
    this.pvInformer.addEventHandler({
      onAdd: enqueueVolume,
      onUpdate: (_old, cur) => enqueueVolume(cur),
      onDelete: (v) => enqueueVolume(objectOf(v)),
    });
    this.pvcInformer.addEventHandler({
      onAdd: enqueueClaim,
      onUpdate: (_old, cur) => enqueueClaim(cur),
      onDelete: (c) => enqueueClaim(objectOf(c)),
    });
    this.scInformer.addEventHandler({});
  }

  /** Waits for the caches, then syncs claims and volumes until the signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, this.pvInformer, this.pvcInformer, this.scInformer))) {
      this.claimQueue.shutDown();
      this.volumeQueue.shutDown();
      return;
    }
    this.initializeCaches();
    const resync = this.resyncLoop(signal);
    await Promise.all([
      runWorkers({ name: 'persistentvolume-binder volumes', queue: this.volumeQueue, workers: 1, reconcile: (k) => this.volumeWorker(k), signal, log: this.log }),
      runWorkers({ name: 'persistentvolume-binder claims', queue: this.claimQueue, workers: 1, reconcile: (k) => this.claimWorker(k), signal, log: this.log }),
      resync,
    ]);
  }

  private initializeCaches(): void {
    // Cached objects are shared with the informer: never modified, cloned before every change.
    for (const v of this.pvInformer.lister.list()) storeObjectUpdate(this.volumes, v.metadata.name ?? '', v);
    for (const c of this.pvcInformer.lister.list()) storeObjectUpdate(this.claims, metaNamespaceKey(c), c);
  }

  private async resyncLoop(signal: AbortSignal): Promise<void> {
    const period = this.o.syncPeriodMs ?? DEFAULT_SYNC_PERIOD_MS;
    while (await this.clock.sleep(period, signal)) this.resync();
  }

  /** Queues every claim and volume (upstream's periodic resync). */
  resync(): void {
    for (const c of this.pvcInformer.lister.list()) this.claimQueue.add(metaNamespaceKey(c));
    for (const v of this.pvInformer.lister.list()) this.volumeQueue.add(v.metadata.name ?? '');
  }

  // ------------------------------------------------------------------ workers

  async volumeWorker(name: string): Promise<void> {
    const v = this.pvInformer.lister.get('', name);
    if (v) {
      if (!storeObjectUpdate(this.volumes, name, v)) return;
      await this.syncVolume(v);
      return;
    }
    // Not in the informer: the volume was deleted.
    const cached = this.volumes.get(name);
    if (!cached) return;
    this.volumes.delete(name);
    this.log(`persistentvolume-binder: volume ${name} deleted`);
    const ref = cached.spec?.claimRef;
    // The claim bound to it goes Lost in its next sync.
    if (ref) this.claimQueue.add(claimRefKey(ref));
  }

  async claimWorker(key: string): Promise<void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const c = this.pvcInformer.lister.get(namespace, name);
    if (c) {
      if (!storeObjectUpdate(this.claims, key, c)) return;
      await this.syncClaim(c);
      return;
    }
    const cached = this.claims.get(key);
    if (!cached) return;
    this.claims.delete(key);
    this.log(`persistentvolume-binder: claim ${key} deleted`);
    // The volume it was bound to is released (and reclaimed) in its next sync.
    const volumeName = cached.spec?.volumeName;
    if (volumeName) this.volumeQueue.add(volumeName);
  }

  // ------------------------------------------------------------------ claims

  async syncClaim(claim: PersistentVolumeClaim): Promise<void> {
    if (!hasAnnotation(claim, ANN_BIND_COMPLETED)) await this.syncUnboundClaim(claim);
    else await this.syncBoundClaim(claim);
  }

  private getClass = (name: string): StorageClass | undefined => this.scInformer.lister.get('', name);

  private async syncUnboundClaim(claim: PersistentVolumeClaim): Promise<void> {
    const wanted = claim.spec?.volumeName ?? '';
    if (wanted === '') {
      const delayBinding = isDelayBindingMode(claim, this.getClass);
      const volume = findBestMatchForClaim(claim, this.volumes.values(), delayBinding);
      if (volume) {
        await this.bind(volume, claim);
        return;
      }
      // No volume: assign the default class to a claim without one, then wait, provision or complain.
      if (await this.assignDefaultStorageClass(claim)) return;
      if (delayBinding && !isDelayBindingProvisioning(claim)) {
        // Binding happens when the scheduler places the claim's first pod (not done by kts's scheduler yet).
        this.event(claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
      } else if (claimClass(claim) !== '') {
        await this.provisionClaim(claim);
        return;
      } else {
        this.event(claim, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
      }
      await this.updateClaimStatus(claim, 'Pending', undefined);
      return;
    }
    // The user asked for a specific volume.
    const volume = this.volumes.get(wanted);
    if (!volume) {
      // Retried at the next sync.
      await this.updateClaimStatus(claim, 'Pending', undefined);
      return;
    }
    if (!volume.spec?.claimRef) {
      const why = checkVolumeSatisfyClaim(volume, claim);
      if (why !== undefined) {
        this.event(claim, 'Warning', 'VolumeMismatch', `Cannot bind to requested volume "${volume.metadata.name}": ${why}`);
        await this.updateClaimStatus(claim, 'Pending', undefined);
        return;
      }
      await this.bind(volume, claim);
      return;
    }
    if (isVolumeBoundToClaim(volume, claim)) {
      // Pre-bound both ways: finish the binding (the volume gets the claim's UID).
      await this.bind(volume, claim);
      return;
    }
    // The volume belongs to another claim.
    this.event(claim, 'Warning', 'FailedBinding', `volume "${volume.metadata.name}" already bound to a different claim.`);
    if (!hasAnnotation(claim, ANN_BOUND_BY_CONTROLLER)) {
      await this.updateClaimStatus(claim, 'Pending', undefined);
      return;
    }
    throw new Error(`invalid binding of claim "${claimKey(claim)}" to volume "${wanted}": volume already claimed by "${claimRefKey(volume.spec.claimRef)}"`);
  }

  private async syncBoundClaim(claim: PersistentVolumeClaim): Promise<void> {
    const name = claim.spec?.volumeName ?? '';
    if (name === '') {
      await this.updateClaimStatusWithEvent(claim, 'Lost', undefined, 'Warning', 'ClaimLost', 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!');
      return;
    }
    const volume = this.volumes.get(name);
    if (!volume) {
      await this.updateClaimStatusWithEvent(claim, 'Lost', undefined, 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
      return;
    }
    const ref = volume.spec?.claimRef;
    if (!ref || ref.uid === claim.metadata.uid) {
      // Unbound volume (or a volume update not seen yet): bind again. Bound correctly: bind() is a no-op.
      await this.bind(volume, claim);
      return;
    }
    await this.updateClaimStatusWithEvent(claim, 'Lost', undefined, 'Warning', 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly');
  }

  /** Gives a claim without a class the default StorageClass (retroactive default class assignment). */
  private async assignDefaultStorageClass(claim: PersistentVolumeClaim): Promise<boolean> {
    if (claimHasClass(claim)) return false;
    const sc = defaultClass(this.scInformer.lister.list());
    if (!sc) return false;
    const clone = structuredClone(claim);
    clone.spec = { ...(clone.spec ?? {}), storageClassName: sc.metadata.name ?? '' };
    this.log(`persistentvolume-binder: assigning StorageClass ${sc.metadata.name} to PersistentVolumeClaim ${claimKey(claim)}`);
    const updated = await this.pvcClient.inNamespace(claim.metadata.namespace).update(clone);
    storeObjectUpdate(this.claims, claimKey(updated), updated);
    return true;
  }

  /**
   * A claim of a class with no volume for it. kts has no in-tree volume plugins: "kubernetes.io/…"
   * provisioners (including kubernetes.io/no-provisioner) fail as upstream's do when no plugin matches;
   * any other provisioner is external — the claim is annotated for it and an event says so.
   */
  private async provisionClaim(claim: PersistentVolumeClaim): Promise<void> {
    if (this.o.enableDynamicProvisioning === false) return;
    const name = claimClass(claim);
    const sc = this.getClass(name);
    if (!sc) {
      this.event(claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${name}" not found`);
      return;
    }
    const provisioner = sc.provisioner ?? '';
    if (provisioner.startsWith('kubernetes.io/')) {
      this.event(claim, 'Warning', 'ProvisioningFailed', `no volume plugin matched name: ${provisioner}`);
      return;
    }
    let current = claim;
    const ann = claim.metadata.annotations ?? {};
    if (ann[ANN_BETA_STORAGE_PROVISIONER] !== provisioner || ann[ANN_STORAGE_PROVISIONER] !== provisioner) {
      const clone = structuredClone(claim);
      clone.metadata.annotations = { ...ann, [ANN_BETA_STORAGE_PROVISIONER]: provisioner, [ANN_STORAGE_PROVISIONER]: provisioner };
      try {
        current = await this.pvcClient.inNamespace(claim.metadata.namespace).update(clone);
      } catch (err) {
        this.event(claim, 'Warning', 'ProvisioningFailed', `Error saving claim: ${(err as Error).message}`);
        throw err;
      }
      storeObjectUpdate(this.claims, claimKey(current), current);
    }
    this.event(
      current,
      'Normal',
      'ExternalProvisioning',
      `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
    );
  }

  // ------------------------------------------------------------------ volumes

  async syncVolume(volume: PersistentVolume): Promise<void> {
    const ref = volume.spec?.claimRef;
    if (!ref) {
      await this.updateVolumePhase(volume, 'Available', '');
      return;
    }
    if (!ref.uid) {
      // Pre-bound by the user to a claim that is not bound yet; the claim's sync binds them.
      await this.updateVolumePhase(volume, 'Available', '');
      return;
    }
    const key = claimRefKey(ref);
    let claim = this.claims.get(key);
    if (!claim && volume.status?.phase !== 'Released' && volume.status?.phase !== 'Failed') {
      // Not cached yet (a claim created a moment ago): ask the informer, then the API server, before
      // releasing a volume whose claim may well exist.
      claim = this.pvcInformer.lister.get(ref.namespace ?? '', ref.name ?? '') ?? (await this.getClaim(ref.namespace ?? '', ref.name ?? ''));
    }
    if (claim && claim.metadata.uid !== ref.uid) {
      // Maybe a stale cache: the live claim decides. Another UID: the bound claim was deleted and recreated.
      const live = await this.getClaim(ref.namespace ?? '', ref.name ?? '');
      claim = live && live.metadata.uid === ref.uid ? live : undefined;
    }
    if (!claim) {
      // The claim is gone: release the volume (a Failed one stays Failed) and apply the reclaim policy.
      let v = volume;
      if (v.status?.phase !== 'Released' && v.status?.phase !== 'Failed') {
        this.log(`persistentvolume-binder: volume ${v.metadata.name} is released and reclaim policy ${v.spec?.persistentVolumeReclaimPolicy} will be executed`);
        v = await this.updateVolumePhase(v, 'Released', '');
      }
      await this.reclaimVolume(v);
      return;
    }
    const claimVolume = claim.spec?.volumeName ?? '';
    if (claimVolume === '') {
      if (volumeModeMismatch(claim, volume)) {
        this.event(volume, 'Warning', 'VolumeMismatch', `Cannot bind PersistentVolume to requested PersistentVolumeClaim "${claim.metadata.name}" due to incompatible volumeMode.`);
        this.event(claim, 'Warning', 'VolumeMismatch', `Cannot bind PersistentVolume "${volume.metadata.name}" to requested PersistentVolumeClaim due to incompatible volumeMode.`);
        return;
      }
      // Half-done binding (or a volume the user pointed at the claim): the claim's sync completes it.
      this.claimQueue.add(key);
      return;
    }
    if (claimVolume === volume.metadata.name) {
      await this.updateVolumePhase(volume, 'Bound', '');
      return;
    }
    // The claim is bound to another volume.
    if (hasAnnotation(volume, ANN_DYNAMICALLY_PROVISIONED) && volume.spec?.persistentVolumeReclaimPolicy === 'Delete') {
      let v = volume;
      if (v.status?.phase !== 'Released' && v.status?.phase !== 'Failed') v = await this.updateVolumePhase(v, 'Released', '');
      await this.reclaimVolume(v);
      return;
    }
    // Bound by us: undo it. Pre-bound by the user: keep the reference but drop the UID.
    await this.unbindVolume(volume);
  }

  private async getClaim(namespace: string, name: string): Promise<PersistentVolumeClaim | undefined> {
    try {
      return await this.pvcClient.inNamespace(namespace).get(name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private async reclaimVolume(volume: PersistentVolume): Promise<void> {
    if (volume.metadata.annotations?.[ANN_MIGRATED_TO]) return;
    switch (volume.spec?.persistentVolumeReclaimPolicy) {
      case 'Retain':
        return;
      case 'Recycle':
        await this.recycleVolume(volume);
        return;
      case 'Delete':
        await this.deleteVolume(volume);
        return;
      default:
        await this.updateVolumePhaseWithEvent(volume, 'Failed', 'Warning', 'VolumeUnknownReclaimPolicy', 'Volume has unrecognized PersistentVolumeReclaimPolicy');
    }
  }

  /** Re-reads the volume; undefined when it is gone or no longer needs reclaiming. */
  private async volumeToReclaim(volume: PersistentVolume): Promise<PersistentVolume | undefined> {
    let fresh: PersistentVolume;
    try {
      fresh = await this.pvClient.get(volume.metadata.name ?? '');
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    return this.isVolumeReleased(fresh) ? fresh : undefined;
  }

  /** Bound to a claim that no longer exists or is bound to another volume. */
  private isVolumeReleased(volume: PersistentVolume): boolean {
    const ref = volume.spec?.claimRef;
    if (!ref || !ref.uid) return false;
    const claim = this.claims.get(claimRefKey(ref));
    if (claim && claim.metadata.uid === ref.uid) {
      const name = claim.spec?.volumeName ?? '';
      return name !== '' && name !== volume.metadata.name;
    }
    return true;
  }

  /** kts has no recycler (upstream's runs a scrubber pod for hostPath and NFS volumes). */
  private async recycleVolume(volume: PersistentVolume): Promise<void> {
    const fresh = await this.volumeToReclaim(volume);
    if (!fresh) return;
    await this.updateVolumePhaseWithEvent(fresh, 'Failed', 'Warning', 'VolumeFailedRecycle', 'No recycler plugin found for the volume!');
  }

  private async deleteVolume(volume: PersistentVolume): Promise<void> {
    const fresh = await this.volumeToReclaim(volume);
    if (!fresh || fresh.metadata.deletionTimestamp) return;
    const verdict = this.deleter(fresh);
    if (verdict.kind === 'external') return;
    if (verdict.kind === 'error') {
      this.log(`persistentvolume-binder: deletion of volume ${fresh.metadata.name} failed: ${verdict.message}`);
      await this.updateVolumePhaseWithEvent(fresh, 'Failed', 'Warning', 'VolumeFailedDelete', verdict.message);
      return;
    }
    this.log(`persistentvolume-binder: deleting volume ${fresh.metadata.name}`);
    try {
      await this.pvClient.delete(fresh.metadata.name ?? '', { preconditions: { uid: fresh.metadata.uid ?? '' } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /**
   * Who deletes a released volume with policy Delete. Provisioned volumes (pv.kubernetes.io/provisioned-by):
   * the PV object is deleted here — unless an external provisioner holds its finalizer on it and will
   * delete the volume itself. CSI and migrated volumes: an external deleter. Anything else would need an
   * in-tree volume plugin, and kts has none: the volume is marked Failed, its data left in place.
   */
  private deleter(volume: PersistentVolume): { kind: 'delete' } | { kind: 'external' } | { kind: 'error'; message: string } {
    const name = volume.metadata.name ?? '';
    if (volume.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED]) {
      if ((volume.metadata.finalizers ?? []).includes(EXTERNAL_PROVISIONER_FINALIZER)) return { kind: 'external' };
      return { kind: 'delete' };
    }
    if (hasAnnotation(volume, ANN_MIGRATED_TO) || volume.spec?.csi) return { kind: 'external' };
    const hostPath = volume.spec?.hostPath?.path;
    if (hostPath !== undefined) {
      if (!/\/tmp\/.+/.test(hostPath)) return { kind: 'error', message: `host_path deleter only supports /tmp/.+ but received provided ${hostPath}` };
      return { kind: 'error', message: `deleting hostPath volumes is not supported by kts: remove ${hostPath} on the node and delete PersistentVolume "${name}" manually` };
    }
    return { kind: 'error', message: `error getting deleter volume plugin for volume "${name}": no deletable volume plugin matched` };
  }

  // ------------------------------------------------------------------ binding

  /** Binds both ways, volume first, each write building on the previous one; throws on the first error. */
  private async bind(volume: PersistentVolume, claim: PersistentVolumeClaim): Promise<void> {
    let v = await this.bindVolumeToClaim(volume, claim);
    v = await this.updateVolumePhase(v, 'Bound', '');
    const c = await this.bindClaimToVolume(claim, v);
    await this.updateClaimStatus(c, 'Bound', v);
    this.log(`persistentvolume-binder: volume ${v.metadata.name} bound to claim ${claimKey(c)}`);
  }

  private async bindVolumeToClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): Promise<PersistentVolume> {
    const { volume: clone, dirty } = bindVolumeToClaim(volume, claim);
    if (!dirty) return volume;
    const updated = await this.pvClient.update(clone);
    storeObjectUpdate(this.volumes, updated.metadata.name ?? '', updated);
    return updated;
  }

  private async bindClaimToVolume(claim: PersistentVolumeClaim, volume: PersistentVolume): Promise<PersistentVolumeClaim> {
    const clone = structuredClone(claim);
    clone.spec ??= {};
    const annotations = { ...(clone.metadata.annotations ?? {}) };
    let dirty = false;
    if (clone.spec.volumeName !== volume.metadata.name) {
      clone.spec.volumeName = volume.metadata.name ?? '';
      if (!(ANN_BOUND_BY_CONTROLLER in annotations)) annotations[ANN_BOUND_BY_CONTROLLER] = 'yes';
      dirty = true;
    }
    if (!(ANN_BIND_COMPLETED in annotations)) {
      annotations[ANN_BIND_COMPLETED] = 'yes';
      dirty = true;
    }
    if (!dirty) return claim;
    clone.metadata.annotations = annotations;
    const updated = await this.pvcClient.inNamespace(claim.metadata.namespace).update(clone);
    storeObjectUpdate(this.claims, claimKey(updated), updated);
    return updated;
  }

  /** Rolls a binding back: ours entirely, a user's pre-binding down to the reference without UID. */
  private async unbindVolume(volume: PersistentVolume): Promise<void> {
    const clone = structuredClone(volume);
    clone.spec ??= {};
    if (hasAnnotation(volume, ANN_BOUND_BY_CONTROLLER)) {
      delete clone.spec.claimRef;
      const { [ANN_BOUND_BY_CONTROLLER]: _gone, ...rest } = clone.metadata.annotations ?? {};
      if (Object.keys(rest).length > 0) clone.metadata.annotations = rest;
      else delete clone.metadata.annotations;
    } else if (clone.spec.claimRef) {
      delete clone.spec.claimRef.uid;
    }
    const updated = await this.pvClient.update(clone);
    storeObjectUpdate(this.volumes, updated.metadata.name ?? '', updated);
    await this.updateVolumePhase(updated, 'Available', '');
  }

  // ------------------------------------------------------------------ status writes

  private now(): string {
    return new Date(this.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** Writes the phase (and message) through persistentvolumes/status when it changes. */
  private async updateVolumePhase(volume: PersistentVolume, phase: VolumePhase, message: string): Promise<PersistentVolume> {
    if (volume.status?.phase === phase) return volume;
    const clone = structuredClone(volume);
    const status = { ...(clone.status ?? {}), phase, lastPhaseTransitionTime: this.now() };
    if (message) status.message = message;
    else delete status.message;
    clone.status = status;
    const updated = await this.pvClient.updateStatus(clone);
    storeObjectUpdate(this.volumes, updated.metadata.name ?? '', updated);
    this.log(`persistentvolume-binder: volume ${volume.metadata.name} entered phase ${phase}`);
    return updated;
  }

  private async updateVolumePhaseWithEvent(volume: PersistentVolume, phase: VolumePhase, type: EventType, reason: string, message: string): Promise<PersistentVolume> {
    if (volume.status?.phase === phase) return volume;
    const updated = await this.updateVolumePhase(volume, phase, message);
    this.event(updated, type, reason, message);
    return updated;
  }

  /** Writes the claim's phase, access modes and capacity through persistentvolumeclaims/status when they change. */
  private async updateClaimStatus(claim: PersistentVolumeClaim, phase: ClaimPhase, volume: PersistentVolume | undefined): Promise<PersistentVolumeClaim> {
    const clone = structuredClone(claim);
    const status = { ...(clone.status ?? {}) };
    const old = claim.status ?? {};
    let dirty = false;
    if (old.phase !== phase) {
      status.phase = phase;
      dirty = true;
    }
    if (!volume) {
      for (const f of ['accessModes', 'capacity', 'currentVolumeAttributesClassName'] as const) {
        if (status[f] !== undefined && status[f] !== null) {
          delete status[f];
          dirty = true;
        }
      }
    } else {
      if (!sameJSON(old.accessModes, volume.spec?.accessModes)) {
        if (volume.spec?.accessModes) status.accessModes = [...volume.spec.accessModes];
        else delete status.accessModes;
        dirty = true;
      }
      // Capacity only as the claim becomes Bound: a later difference may be a filesystem resize.
      if (old.phase !== phase) {
        const cap = volume.spec?.capacity?.storage;
        if (cap === undefined) throw new Error(`PersistentVolume "${volume.metadata.name}" is without a storage capacity`);
        if (!sameJSON(old.capacity?.storage, cap)) {
          status.capacity = { ...(volume.spec?.capacity ?? {}) };
          dirty = true;
        }
        if (old.phase === 'Pending' && phase === 'Bound' && !sameJSON(old.currentVolumeAttributesClassName, volume.spec?.volumeAttributesClassName)) {
          if (volume.spec?.volumeAttributesClassName) status.currentVolumeAttributesClassName = volume.spec.volumeAttributesClassName;
          else delete status.currentVolumeAttributesClassName;
          dirty = true;
        }
      }
    }
    if (!dirty) return claim;
    clone.status = status;
    const updated = await this.pvcClient.inNamespace(claim.metadata.namespace).updateStatus(clone);
    storeObjectUpdate(this.claims, claimKey(updated), updated);
    this.log(`persistentvolume-binder: claim ${claimKey(claim)} entered phase ${phase}`);
    return updated;
  }

  private async updateClaimStatusWithEvent(claim: PersistentVolumeClaim, phase: ClaimPhase, volume: PersistentVolume | undefined, type: EventType, reason: string, message: string): Promise<void> {
    if (claim.status?.phase === phase) return;
    const updated = await this.updateClaimStatus(claim, phase, volume);
    this.event(updated, type, reason, message);
  }

  private event(obj: PersistentVolume | PersistentVolumeClaim, type: EventType, reason: string, message: string): void {
    const ref = obj.metadata.namespace ? claimRefFor(obj as PersistentVolumeClaim) : volumeRef(obj as PersistentVolume);
    this.recorder.event(ref, type, reason, message);
  }
}
