// The root CA certificate publisher (upstream's pkg/controller/certificates/rootcacertpublisher):
// every namespace has a ConfigMap "kube-root-ca.crt" whose "ca.crt" is the cluster's CA bundle, so
// pods can verify the API server; it is put back when deleted or changed.

import type { KubeObject } from '../../api/types.js';
import { isNotFound, type Client } from '../../machinery/client/index.js';
import type { Clock } from '../../machinery/clock/clock.js';
import { runWorkers } from '../../machinery/controller/index.js';
import { objectOf, waitForCacheSync, type HandlerRegistration, type Lister, type SharedInformerFactory } from '../../machinery/informers/index.js';
import { RateLimitingQueue } from '../../machinery/workqueue/index.js';

export const CONFIGMAP_NAME = 'kube-root-ca.crt';
export const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
export const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.';

export interface PublisherOptions {
  client: Client;
  informers: SharedInformerFactory;
  clock: Clock;
  /** The PEM bundle to publish. */
  rootCA: string;
  workers?: number;
  log?: (m: string) => void;
}

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

interface Namespace extends KubeObject {
  status?: { phase?: string };
}

function isNamespaceTerminating(err: unknown): boolean {
  const st = (err as { status?: { details?: { causes?: Array<{ reason?: string }> }; message?: string } }).status;
  return !!st?.details?.causes?.some((c) => c.reason === 'NamespaceTerminating') || /because it is being terminated/.test(st?.message ?? '');
}

export class RootCACertPublisher {
  readonly queue: RateLimitingQueue<string>;
  private readonly configMaps: Lister<ConfigMap>;
  private readonly regs: HandlerRegistration[];
  private readonly log: (m: string) => void;

  constructor(private readonly o: PublisherOptions) {
    this.log = o.log ?? (() => {});
    this.queue = new RateLimitingQueue<string>({ name: 'root_ca_cert_publisher', clock: o.clock });
    const cmInf = o.informers.informerFor<ConfigMap>('configmaps');
    const nsInf = o.informers.informerFor<Namespace>('namespaces');
    this.configMaps = cmInf.lister;
    const onConfigMap = (cm: ConfigMap) => {
      if (cm.metadata.name === CONFIGMAP_NAME && cm.metadata.namespace) this.queue.add(cm.metadata.namespace);
    };
    this.regs = [
      cmInf.addEventHandler({ onUpdate: (_a, b) => onConfigMap(b), onDelete: (d) => onConfigMap(objectOf(d)) }),
      nsInf.addEventHandler({
        onAdd: (ns) => this.queue.add(ns.metadata.name!),
        onUpdate: (_a, ns) => {
          if ((ns.status?.phase ?? 'Active') === 'Active') this.queue.add(ns.metadata.name!);
        },
      }),
    ];
  }

  async run(signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, ...this.regs))) return;
    await runWorkers({ name: 'root_ca_cert_publisher', queue: this.queue, workers: this.o.workers ?? 1, reconcile: (k) => this.sync(k), signal, log: this.log });
  }

  async sync(namespace: string): Promise<void> {
    const api = this.o.client.resource<ConfigMap>('configmaps', namespace);
    const data = { 'ca.crt': this.o.rootCA };
    const cm = this.configMaps.get(namespace, CONFIGMAP_NAME);
    if (!cm) {
      try {
        await api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: CONFIGMAP_NAME, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } }, data });
      } catch (err) {
        // Not retried: the namespace is gone or going.
        if (isNotFound(err) || isNamespaceTerminating(err)) return;
        throw err;
      }
      return;
    }
    const same = Object.keys(cm.data ?? {}).length === 1 && cm.data?.['ca.crt'] === this.o.rootCA;
    if (same && cm.metadata.annotations?.[DESCRIPTION_ANNOTATION]) return;
    await api.update({ ...cm, apiVersion: 'v1', kind: 'ConfigMap', metadata: { ...cm.metadata, annotations: { ...cm.metadata.annotations, [DESCRIPTION_ANNOTATION]: DESCRIPTION } }, data });
  }
}
