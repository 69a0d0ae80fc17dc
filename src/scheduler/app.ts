// kube-scheduler as a component: informers for pods and nodes feed the Scheduler; bindings go through
// pods/binding, status through pods/status, events through the recorder; leader election on the
// kube-system/kube-scheduler Lease so that of several schedulers only one binds.

import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../api/types.js';
import type { Client } from '../machinery/client/index.js';
import { isNotFound } from '../machinery/client/index.js';
import { EventRecorder } from '../machinery/events/index.js';
import { objectOf, SharedInformerFactory, type SharedIndexInformer } from '../machinery/informers/index.js';
import { runLeaderElection } from '../machinery/leaderelection/index.js';
import type { Labels } from '../machinery/labels/index.js';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../machinery/volume/index.js';
import type { VolumeBinder, VolumeLister } from './framework/interface.js';
import { type StorageResource, storageEvent } from './plugins/volumebinding/events.js';
import { Scheduler, type EventSource } from './scheduler.js';

export interface RunSchedulerOptions {
  client: Client;
  signal: AbortSignal;
  log?: (m: string) => void;
  leaderElection?: { enabled: boolean; identity?: string; leaseDurationMs?: number; renewDeadlineMs?: number; retryPeriodMs?: number };
  /** The scheduler's name for events' source (default-scheduler). */
  schedulerName?: string;
}

function sourceOf<T>(inf: SharedIndexInformer<KubeObject>): EventSource<T> {
  return {
    addEventHandler(h) {
      const reg = inf.addEventHandler({
        onAdd: (o) => h.onAdd(o as unknown as T),
        onUpdate: (a, b) => h.onUpdate(a as unknown as T, b as unknown as T),
        onDelete: (o) => h.onDelete(objectOf(o) as unknown as T),
      });
      return () => reg.remove();
    },
  };
}

type Informer = SharedIndexInformer<KubeObject>;

/** VolumeBinding's view of claims, volumes and classes (and pods, to stop waiting for a deleted pod's volumes). */
function volumeListerOf(pvcs: Informer, pvs: Informer, classes: Informer, pods: Informer): VolumeLister {
  return {
    claim: (ns, name) => pvcs.lister.get(ns, name) as PersistentVolumeClaim | undefined,
    volume: (name) => pvs.lister.get('', name) as PersistentVolume | undefined,
    volumes: () => pvs.lister.list() as PersistentVolume[],
    storageClass: (name) => classes.lister.get('', name) as StorageClass | undefined,
    podExists: (ns, name) => pods.lister.get(ns, name) !== undefined,
  };
}

/** VolumeBinding's PreBind writes: PUTs with the informer's resourceVersion (a concurrent change → Conflict). */
function volumeBinderOf(client: Client): VolumeBinder {
  const pvApi = client.resource<PersistentVolume>({ group: '', version: 'v1', plural: 'persistentvolumes' });
  const pvcApi = client.resource<PersistentVolumeClaim>({ group: '', version: 'v1', plural: 'persistentvolumeclaims' });
  return {
    updateVolume: (v, signal) => pvApi.update(v, signal ? { signal } : {}),
    updateClaim: (c, signal) => pvcApi.inNamespace(c.metadata.namespace).update(c, signal ? { signal } : {}),
  };
}

/** Adds and updates of storage objects may make pods VolumeBinding rejected schedulable (upstream's eventhandlers). */
function requeueOnChange(scheduler: Scheduler, inf: Informer, resource: StorageResource): void {
  inf.addEventHandler({
    onAdd: (obj) => scheduler.queue.moveAllToActiveOrBackoffQueue(storageEvent(resource, 'Add'), undefined, obj),
    onUpdate: (oldObj, newObj) => {
      if (oldObj.metadata.resourceVersion === newObj.metadata.resourceVersion) return;
      scheduler.queue.moveAllToActiveOrBackoffQueue(storageEvent(resource, 'Update'), oldObj, newObj);
    },
  });
}

async function runOnce(o: RunSchedulerOptions, signal: AbortSignal): Promise<void> {
  const log = o.log ?? (() => {});
  const client = o.client;
  const informers = new SharedInformerFactory(client, { log });
  const podInformers = new SharedInformerFactory(client, { log, fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' });
  const pods = podInformers.informerFor({ group: '', version: 'v1', plural: 'pods' });
  const nodes = informers.informerFor({ group: '', version: 'v1', plural: 'nodes' });
  const pdbs = informers.informerFor({ group: 'policy', version: 'v1', plural: 'poddisruptionbudgets' });
  const namespaces = informers.informerFor({ group: '', version: 'v1', plural: 'namespaces' });
  const pvcs = informers.informerFor({ group: '', version: 'v1', plural: 'persistentvolumeclaims' });
  const pvs = informers.informerFor({ group: '', version: 'v1', plural: 'persistentvolumes' });
  const storageClasses = informers.informerFor({ group: 'storage.k8s.io', version: 'v1', plural: 'storageclasses' });
  const recorder = new EventRecorder(client, { component: o.schedulerName ?? 'default-scheduler', log });
  const podsApi = (ns: string) => client.resource<KubeObject>({ group: '', version: 'v1', plural: 'pods' }, ns);
  const scheduler = new Scheduler({
    binder: {
      async bind(pod, nodeName, sig) {
        const p = pod as unknown as KubeObject;
        const ns = p.metadata.namespace!;
        await podsApi(ns).createSubresource(p.metadata.name!, 'binding', {
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { name: p.metadata.name, namespace: ns, uid: p.metadata.uid },
          target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
        });
        void sig;
      },
    },
    recorder: { event: (pod, type, reason, message) => recorder.event(pod as unknown as KubeObject, type, reason, message) },
    statusUpdater: {
      async updatePodStatus(pod, patch) {
        const p = pod as unknown as KubeObject;
        const status: Record<string, unknown> = {};
        if (patch.condition) status.conditions = [patch.condition];
        if (patch.nominatedNodeName !== undefined) status.nominatedNodeName = patch.nominatedNodeName === '' ? null : patch.nominatedNodeName;
        try {
          await podsApi(p.metadata.namespace!).patch(p.metadata.name!, { status }, { type: 'strategic', subresource: 'status' });
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      },
    },
    podDeleter: {
      async deletePod(pod, { condition }) {
        const p = pod as unknown as KubeObject;
        const api = podsApi(p.metadata.namespace!);
        try {
          await api.patch(p.metadata.name!, { status: { conditions: [condition] } }, { type: 'strategic', subresource: 'status' });
          await api.delete(p.metadata.name!);
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      },
    },
    pdbLister: { list: () => pdbs.lister.list() as never },
    namespaceLister: {
      labels: (ns: string) => (namespaces.lister.get('', ns)?.metadata.labels ?? {}) as Labels,
      list: () => namespaces.lister.list().map((n) => [n.metadata.name!, (n.metadata.labels ?? {}) as Labels] as [string, Labels]),
    },
    volumeLister: volumeListerOf(pvcs, pvs, storageClasses, pods),
    volumeBinder: volumeBinderOf(client),
    podSource: sourceOf(pods),
    nodeSource: sourceOf(nodes),
  });
  requeueOnChange(scheduler, pvcs, 'PersistentVolumeClaim');
  requeueOnChange(scheduler, pvs, 'PersistentVolume');
  requeueOnChange(scheduler, storageClasses, 'StorageClass');
  informers.start(signal);
  podInformers.start(signal);
  if (!(await informers.waitForCacheSync(signal)) || !(await podInformers.waitForCacheSync(signal))) return;
  log('scheduler: caches synced, scheduling');
  // A line a minute while there is work: how far scheduling got and what waits (upstream exposes the
  // same as the scheduler_pending_pods and schedule_attempts_total metrics).
  let lastCycle = scheduler.queue.schedulingCycle();
  const progress = setInterval(() => {
    const cycle = scheduler.queue.schedulingCycle();
    const q = scheduler.queue.sizes();
    if (cycle === lastCycle && q.active + q.backoff + q.unschedulable + q.inFlight === 0) return;
    log(`scheduler: ${cycle - lastCycle} scheduling attempts in the last minute; pending: ${q.active} active, ${q.backoff} backing off, ${q.unschedulable} unschedulable, ${q.inFlight} in flight`);
    lastCycle = cycle;
  }, 60_000);
  progress.unref();
  try {
    await scheduler.run(signal);
  } finally {
    clearInterval(progress);
  }
  await informers.shutdown();
  await podInformers.shutdown();
  await recorder.shutdown();
}

/** Runs the scheduler until the signal aborts (only while leading, with leader election). */
export async function runScheduler(o: RunSchedulerOptions): Promise<void> {
  const le = o.leaderElection;
  if (!le?.enabled) return runOnce(o, o.signal);
  await runLeaderElection({
    client: o.client,
    namespace: 'kube-system',
    name: 'kube-scheduler',
    identity: le.identity ?? `${hostname()}_${randomUUID()}`,
    leaseDurationMs: le.leaseDurationMs ?? 15_000,
    renewDeadlineMs: le.renewDeadlineMs ?? 10_000,
    retryPeriodMs: le.retryPeriodMs ?? 2_000,
    releaseOnCancel: true,
    signal: o.signal,
    onStartedLeading: (signal) => runOnce(o, signal),
    onNewLeader: (id) => o.log?.(`scheduler: the leader is ${id}`),
  });
}
