// The endpoints controller (upstream's pkg/controller/endpoint): for every Service with a selector,
// an Endpoints object of the same name listing the selected pods' addresses — ready ones under
// addresses, the others under notReadyAddresses (all of them ready when the service publishes
// not-ready addresses) — per port the service port resolves to on each pod. The Endpoints goes when
// the Service goes; services without a selector (default/kubernetes among them) are left alone.

import { isIPv6 } from 'node:net';
import type { KubeObject } from '../../api/types.js';
import type { Client, ResourceClient } from '../../machinery/client/index.js';
import { isForbidden, isNotFound } from '../../machinery/client/index.js';
import type { Clock } from '../../machinery/clock/clock.js';
import { runWorkers } from '../../machinery/controller/index.js';
import type { EventRecorder } from '../../machinery/events/index.js';
import { deletionHandlingKey, objectOf, splitMetaNamespaceKey, waitForCacheSync, type DeletedFinalStateUnknown, type Lister, type SharedInformerFactory } from '../../machinery/informers/index.js';
import { selectorFromSet } from '../../machinery/labels/index.js';
import { RateLimitingQueue } from '../../machinery/workqueue/index.js';
import {
  ANNOTATION_LAST_CHANGE_TRIGGER_TIME,
  ANNOTATION_OVER_CAPACITY,
  findPort,
  isPodReady,
  isServiceIPSet,
  LABEL_HEADLESS,
  podIPs,
  podServiceKeys,
  rfc3339Nano,
  serviceIPv6,
  servicesToUpdateOnPodChange,
  shouldPodBeInEndpoints,
  shouldSetHostname,
  TriggerTimeTracker,
  type Pod,
  type Service,
} from '../endpointslice/util/index.js';
import { canonical, repackSubsets, truncateSubsets, type AddressPort, type EndpointAddress, type EndpointSubset } from './subsets.js';

/** Addresses an Endpoints object holds at most. */
export const MAX_CAPACITY = 1000;
/** Retries per service before it is dropped (until its next change). */
export const MAX_RETRIES = 15;
const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

export interface Endpoints extends KubeObject {
  subsets?: EndpointSubset[];
}

export interface EndpointsControllerOptions {
  client: Client;
  informers: SharedInformerFactory;
  recorder: EventRecorder;
  clock: Clock;
  workers?: number;
  /** Pod changes wait this long before the service syncs, to batch them (--endpoint-updates-batch-period). */
  batchPeriodMs?: number;
  log?: (m: string) => void;
}

function isNamespaceTerminating(err: unknown): boolean {
  const st = (err as { status?: { details?: { causes?: Array<{ reason?: string }> }; message?: string } }).status;
  return !!st?.details?.causes?.some((c) => c.reason === 'NamespaceTerminating') || /because it is being terminated/.test(st?.message ?? '');
}

export class EndpointsController {
  readonly queue: RateLimitingQueue<string>;
  private readonly services: Lister<Service>;
  private readonly pods: Lister<Pod>;
  private readonly endpoints: Lister<Endpoints>;
  private readonly api: ResourceClient<Endpoints>;
  private readonly triggers = new TriggerTimeTracker();
  private readonly syncs: Array<{ hasSynced(): boolean }>;
  private readonly log: (m: string) => void;

  constructor(private readonly o: EndpointsControllerOptions) {
    this.log = o.log ?? (() => {});
    this.queue = new RateLimitingQueue<string>({ name: 'endpoint', clock: o.clock });
    this.api = o.client.resource<Endpoints>('endpoints');
    const svcInf = o.informers.informerFor<Service>('services');
    const podInf = o.informers.informerFor<Pod>('pods');
    const epInf = o.informers.informerFor<Endpoints>('endpoints');
    this.services = svcInf.lister;
    this.pods = podInf.lister;
    this.endpoints = epInf.lister;
    const enqueue = (obj: KubeObject | DeletedFinalStateUnknown) => this.queue.add(deletionHandlingKey(obj));
    this.syncs = [
      svcInf.addEventHandler({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n), onDelete: enqueue }),
      podInf.addEventHandler({
        onAdd: (p) => this.addPod(p),
        onUpdate: (a, b) => {
          for (const k of servicesToUpdateOnPodChange(this.services, a, b)) this.queue.addAfter(k, o.batchPeriodMs ?? 0);
        },
        onDelete: (p) => this.addPod(objectOf(p)),
      }),
      epInf.addEventHandler({ onDelete: enqueue }),
    ];
  }

  private addPod(pod: Pod): void {
    for (const k of podServiceKeys(this.services, pod)) this.queue.addAfter(k, this.o.batchPeriodMs ?? 0);
  }

  async run(signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, ...this.syncs))) return;
    this.checkLeftoverEndpoints();
    await runWorkers({ name: 'endpoint', queue: this.queue, workers: this.o.workers ?? 5, reconcile: (k) => this.sync(k), signal, log: this.log, maxRetries: MAX_RETRIES });
  }

  /** Endpoints whose service is gone (deleted while we were down) are queued to be removed. */
  checkLeftoverEndpoints(): void {
    for (const ep of this.endpoints.list()) {
      if (ep.metadata.annotations?.[LEADER_ANNOTATION] !== undefined) continue;
      this.queue.add(`${ep.metadata.namespace}/${ep.metadata.name}`);
    }
  }

  async sync(key: string): Promise<void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const svc = this.services.get(namespace, name);
    if (!svc) {
      try {
        await this.api.inNamespace(namespace).delete(name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      this.triggers.deleteService(namespace, name);
      return;
    }
    if (svc.spec?.type === 'ExternalName') return;
    const selector = svc.spec?.selector;
    if (!selector) return;
    const pods = this.pods.list(namespace, selectorFromSet(selector));
    const triggerTime = this.triggers.compute(svc, pods);
    const subsets = repackSubsets(this.addressPorts(svc, pods));

    const current = this.endpoints.get(namespace, name);
    const labels = { ...(svc.metadata.labels ?? {}) };
    if (current) {
      const curLabels = { ...(current.metadata.labels ?? {}) };
      delete curLabels[LABEL_HEADLESS];
      const count = (current.subsets ?? []).reduce((n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
      const capacityOK = count <= MAX_CAPACITY && current.metadata.annotations?.[ANNOTATION_OVER_CAPACITY] === undefined;
      if (canonical(stripRV(current.subsets)) === canonical(subsets) && canonical(curLabels) === canonical(labels) && capacityOK) return;
    }
    const annotations = { ...(current?.metadata.annotations ?? {}) };
    if (triggerTime) annotations[ANNOTATION_LAST_CHANGE_TRIGGER_TIME] = rfc3339Nano(triggerTime);
    else delete annotations[ANNOTATION_LAST_CHANGE_TRIGGER_TIME];
    if (truncateSubsets(subsets, MAX_CAPACITY)) annotations[ANNOTATION_OVER_CAPACITY] = 'truncated';
    else delete annotations[ANNOTATION_OVER_CAPACITY];
    if (!isServiceIPSet(svc)) labels[LABEL_HEADLESS] = '';
    const next: Endpoints = {
      ...(current ?? {}),
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { ...(current?.metadata ?? { name, namespace }), labels, annotations },
      subsets,
    };
    if (!Object.keys(annotations).length) delete next.metadata.annotations;
    try {
      if (current) await this.api.inNamespace(namespace).update(next);
      else await this.api.inNamespace(namespace).create(next);
    } catch (err) {
      if (!current && isForbidden(err) && isNamespaceTerminating(err)) return;
      const msg = (err as Error).message;
      if (!current) this.o.recorder.eventf(next, 'Warning', 'FailedToCreateEndpoint', 'Failed to create endpoint for service %v/%v: %v', namespace, name, msg);
      else this.o.recorder.eventf(next, 'Warning', 'FailedToUpdateEndpoint', 'Failed to update endpoint %v/%v: %v', namespace, name, msg);
      throw err;
    }
  }

  private addressPorts(svc: Service, pods: Pod[]): AddressPort[] {
    const publish = svc.spec?.publishNotReadyAddresses === true;
    const ports = svc.spec?.ports ?? [];
    const out: AddressPort[] = [];
    for (const pod of pods) {
      if (!shouldPodBeInEndpoints(pod, publish)) continue;
      const address = addressFor(svc, pod);
      if (!address) continue;
      const ready = publish || isPodReady(pod);
      if (ports.length === 0) {
        if (svc.spec?.clusterIP === 'None') out.push({ address, port: null, ready });
        continue;
      }
      for (const sp of ports) {
        const num = findPort(pod, sp);
        if (num === undefined) continue;
        const port = { ...(sp.name ? { name: sp.name } : {}), port: num, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) };
        out.push({ address, port, ready });
      }
    }
    return out;
  }
}

/** The pod's address of the service's IP family (none when the pod has no such IP). */
function addressFor(svc: Service, pod: Pod): EndpointAddress | undefined {
  const v6 = serviceIPv6(svc, pod);
  const ip = podIPs(pod).find((x) => isIPv6(x) === v6);
  if (!ip) return undefined;
  const a: EndpointAddress = { ip };
  if (shouldSetHostname(pod, svc)) a.hostname = pod.spec!.hostname!;
  if (pod.spec?.nodeName) a.nodeName = pod.spec.nodeName;
  a.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace!, name: pod.metadata.name!, uid: pod.metadata.uid! };
  return a;
}

/** Subsets without targetRef resource versions (which do not matter for equality). */
function stripRV(subsets: EndpointSubset[] | undefined): EndpointSubset[] {
  const strip = (as: EndpointAddress[] | undefined) => as?.map((a) => (a.targetRef?.resourceVersion ? { ...a, targetRef: { ...a.targetRef, resourceVersion: undefined } } : a));
  return (subsets ?? []).map((s) => ({ ...s, addresses: strip(s.addresses), notReadyAddresses: strip(s.notReadyAddresses) }));
}
