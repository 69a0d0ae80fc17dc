// The EndpointSlice controller (upstream's pkg/controller/endpointslice): for every Service with a
// selector, EndpointSlices labelled kubernetes.io/service-name=<service> and
// endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io, owned by the Service, that
// list its pods (see reconciler.ts for how endpoints are spread over slices with little churn).

import type { KubeObject } from '../../api/types.js';
import type { Client, ResourceClient } from '../../machinery/client/index.js';
import type { Clock } from '../../machinery/clock/clock.js';
import { runWorkers } from '../../machinery/controller/index.js';
import type { EventRecorder } from '../../machinery/events/index.js';
import { deletionHandlingKey, objectOf, splitMetaNamespaceKey, waitForCacheSync, type DeletedFinalStateUnknown, type Lister, type SharedInformerFactory } from '../../machinery/informers/index.js';
import { selectorFromSet } from '../../machinery/labels/index.js';
import { BucketRateLimiter, ItemExponentialFailureRateLimiter, MaxOfRateLimiter, RateLimitingQueue } from '../../machinery/workqueue/index.js';
import { CONTROLLER_NAME, reconcile } from './reconciler.js';
import { SliceTracker } from './tracker.js';
import {
  ANNOTATION_LAST_CHANGE_TRIGGER_TIME,
  LABEL_MANAGED_BY,
  LABEL_SERVICE_NAME,
  podServiceKeys,
  rfc3339Nano,
  servicesToUpdateOnPodChange,
  TriggerTimeTracker,
  type EndpointSlice,
  type Node,
  type Pod,
  type Service,
} from './util/index.js';

export const MAX_RETRIES = 15;

export interface EndpointSliceControllerOptions {
  client: Client;
  informers: SharedInformerFactory;
  recorder: EventRecorder;
  clock: Clock;
  workers?: number;
  maxEndpointsPerSlice?: number;
  /** Pod changes wait this long before the service syncs (--endpointslice-updates-batch-period). */
  batchPeriodMs?: number;
  log?: (m: string) => void;
}

function isNamespaceTerminating(err: unknown): boolean {
  const st = (err as { status?: { details?: { causes?: Array<{ reason?: string }> }; message?: string } }).status;
  return !!st?.details?.causes?.some((c) => c.reason === 'NamespaceTerminating') || /because it is being terminated/.test(st?.message ?? '');
}

function sliceServiceKey(s: EndpointSlice): string | undefined {
  const svc = s.metadata.labels?.[LABEL_SERVICE_NAME];
  return svc ? `${s.metadata.namespace}/${svc}` : undefined;
}

export class EndpointSliceController {
  readonly queue: RateLimitingQueue<string>;
  private readonly services: Lister<Service>;
  private readonly pods: Lister<Pod>;
  private readonly slices: Lister<EndpointSlice>;
  private readonly nodes: Lister<Node>;
  private readonly api: ResourceClient<EndpointSlice>;
  private readonly tracker = new SliceTracker();
  private readonly triggers = new TriggerTimeTracker();
  private readonly syncs: Array<{ hasSynced(): boolean }>;
  private readonly log: (m: string) => void;

  constructor(private readonly o: EndpointSliceControllerOptions) {
    this.log = o.log ?? (() => {});
    this.queue = new RateLimitingQueue<string>({
      name: 'endpoint_slice',
      clock: o.clock,
      rateLimiter: new MaxOfRateLimiter(new ItemExponentialFailureRateLimiter<string>(1000, 1_000_000), new BucketRateLimiter<string>(10, 100, o.clock)),
    });
    this.api = o.client.resource<EndpointSlice>('endpointslices.discovery.k8s.io');
    const svcInf = o.informers.informerFor<Service>('services');
    const podInf = o.informers.informerFor<Pod>('pods');
    const sliceInf = o.informers.informerFor<EndpointSlice>('endpointslices.discovery.k8s.io');
    const nodeInf = o.informers.informerFor<Node>('nodes');
    this.services = svcInf.lister;
    this.pods = podInf.lister;
    this.slices = sliceInf.lister;
    this.nodes = nodeInf.lister;
    const batch = () => o.batchPeriodMs ?? 0;
    const enqueueSvc = (obj: KubeObject | DeletedFinalStateUnknown) => this.queue.add(deletionHandlingKey(obj));
    this.syncs = [
      svcInf.addEventHandler({ onAdd: enqueueSvc, onUpdate: (_a, b) => enqueueSvc(b), onDelete: enqueueSvc }),
      podInf.addEventHandler({
        onAdd: (p) => this.podServices(p),
        onUpdate: (a, b) => {
          for (const k of servicesToUpdateOnPodChange(this.services, a, b)) this.queue.addAfter(k, batch());
        },
        onDelete: (p) => this.podServices(objectOf(p)),
      }),
      sliceInf.addEventHandler({
        onAdd: (s) => this.sliceChanged(s),
        onUpdate: (a, b) => {
          if (a.metadata.labels?.[LABEL_MANAGED_BY] !== b.metadata.labels?.[LABEL_MANAGED_BY] || sliceServiceKey(a) !== sliceServiceKey(b)) {
            const ka = sliceServiceKey(a);
            const kb = sliceServiceKey(b);
            if (ka) this.queue.add(ka);
            if (kb) this.queue.add(kb);
            return;
          }
          this.sliceChanged(b);
        },
        onDelete: (d) => {
          const s = objectOf(d);
          const key = sliceServiceKey(s);
          if (key && this.managed(s) && this.tracker.handleDeletion(key, s)) this.queue.add(key);
        },
      }),
      nodeInf.addEventHandler({}),
    ];
  }

  private managed(s: EndpointSlice): boolean {
    return s.metadata.labels?.[LABEL_MANAGED_BY] === CONTROLLER_NAME;
  }

  private sliceChanged(s: EndpointSlice): void {
    const key = sliceServiceKey(s);
    if (key && this.managed(s) && this.tracker.shouldSync(key, s)) this.queue.add(key);
  }

  private podServices(pod: Pod): void {
    for (const k of podServiceKeys(this.services, pod)) this.queue.addAfter(k, this.o.batchPeriodMs ?? 0);
  }

  async run(signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, ...this.syncs))) return;
    await runWorkers({ name: 'endpoint_slice', queue: this.queue, workers: this.o.workers ?? 5, reconcile: (k) => this.sync(k), signal, log: this.log, maxRetries: MAX_RETRIES });
  }

  async sync(key: string): Promise<void> {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const svc = this.services.get(namespace, name);
    if (!svc) {
      // The slices go with their owner (garbage collector).
      this.triggers.deleteService(namespace, name);
      this.tracker.deleteService(key);
      return;
    }
    if (svc.spec?.type === 'ExternalName') return;
    const selector = svc.spec?.selector;
    if (!selector) return;
    const pods = this.pods.list(namespace, selectorFromSet(selector));
    const existing = this.slices.list(namespace, { [LABEL_SERVICE_NAME]: name, [LABEL_MANAGED_BY]: CONTROLLER_NAME }).filter((s) => !s.metadata.deletionTimestamp);
    if (this.tracker.stale(key, existing)) throw new Error('EndpointSlice informer cache is out of date');
    const triggerTime = this.triggers.compute(svc, pods);
    const plan = reconcile({
      service: svc,
      pods,
      existing,
      nodeOf: (n) => (n ? this.nodes.get('', n) : undefined),
      maxEndpointsPerSlice: this.o.maxEndpointsPerSlice ?? 100,
    });
    try {
      await this.apply(key, svc, plan, triggerTime);
      if (plan.missingNodes.length)
        throw new Error(`skipping Pods for Service ${namespace}/${name}: Node not found (${plan.missingNodes.join(', ')})`);
    } catch (err) {
      this.o.recorder.eventf({ ...svc, apiVersion: 'v1', kind: 'Service' }, 'Warning', 'FailedToUpdateEndpointSlices', 'Error updating Endpoint Slices for Service %s/%s: %v', namespace, name, (err as Error).message);
      throw err;
    }
  }

  private async apply(key: string, svc: Service, plan: ReturnType<typeof reconcile>, triggerTime: number): Promise<void> {
    const { namespace, name } = { namespace: svc.metadata.namespace!, name: svc.metadata.name! };
    const api = this.api.inNamespace(namespace);
    const annotate = (s: EndpointSlice) => {
      const a = { ...(s.metadata.annotations ?? {}) };
      if (triggerTime) a[ANNOTATION_LAST_CHANGE_TRIGGER_TIME] = rfc3339Nano(triggerTime);
      else delete a[ANNOTATION_LAST_CHANGE_TRIGGER_TIME];
      s.metadata.annotations = a;
      if (!Object.keys(a).length) delete s.metadata.annotations;
    };
    // No new slices for a service being deleted (the garbage collector is removing them).
    if (!svc.metadata.deletionTimestamp) {
      for (const s of plan.create) {
        annotate(s);
        try {
          this.tracker.update(key, await api.create(s));
        } catch (err) {
          if (isNamespaceTerminating(err)) return;
          throw new Error(`failed to create EndpointSlice for Service ${namespace}/${name}: ${(err as Error).message}`);
        }
      }
    }
    for (const s of plan.update) {
      annotate(s);
      try {
        this.tracker.update(key, await api.update(s));
      } catch (err) {
        throw new Error(`failed to update ${s.metadata.name} EndpointSlice for Service ${namespace}/${name}: ${(err as Error).message}`);
      }
    }
    for (const s of plan.delete) {
      try {
        await api.delete(s.metadata.name!);
        this.tracker.expectDeletion(key, s);
      } catch (err) {
        if ((err as { code?: number }).code === 404) continue;
        throw new Error(`failed to delete ${s.metadata.name} EndpointSlice for Service ${namespace}/${name}: ${(err as Error).message}`);
      }
    }
  }
}
