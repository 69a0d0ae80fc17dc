// The service account controller (upstream's pkg/controller/serviceaccount ServiceAccountsController):
// every active namespace has the service accounts it should (by default just "default"); one that
// is deleted is created again.

import type { KubeObject } from '../../api/types.js';
import { isAlreadyExists, isNotFound, type Client } from '../../machinery/client/index.js';
import type { Clock } from '../../machinery/clock/clock.js';
import { runWorkers } from '../../machinery/controller/index.js';
import { objectOf, waitForCacheSync, type HandlerRegistration, type Lister, type SharedInformerFactory } from '../../machinery/informers/index.js';
import { RateLimitingQueue } from '../../machinery/workqueue/index.js';

export interface ServiceAccountsControllerOptions {
  client: Client;
  informers: SharedInformerFactory;
  clock: Clock;
  /** The service accounts every namespace gets (default: one named "default"). */
  serviceAccounts?: KubeObject[];
  workers?: number;
  log?: (m: string) => void;
}

interface Namespace extends KubeObject {
  status?: { phase?: string };
}

function isNamespaceTerminating(err: unknown): boolean {
  const st = (err as { status?: { details?: { causes?: Array<{ reason?: string }> }; message?: string } }).status;
  return !!st?.details?.causes?.some((c) => c.reason === 'NamespaceTerminating') || /because it is being terminated/.test(st?.message ?? '');
}

export class ServiceAccountsController {
  readonly queue: RateLimitingQueue<string>;
  private readonly accounts: Lister;
  private readonly namespaces: Lister<Namespace>;
  private readonly regs: HandlerRegistration[];
  private readonly ensure: KubeObject[];
  private readonly log: (m: string) => void;

  constructor(private readonly o: ServiceAccountsControllerOptions) {
    this.log = o.log ?? (() => {});
    this.ensure = o.serviceAccounts ?? [{ metadata: { name: 'default' } }];
    this.queue = new RateLimitingQueue<string>({ name: 'serviceaccount', clock: o.clock });
    const saInf = o.informers.informerFor('serviceaccounts');
    const nsInf = o.informers.informerFor<Namespace>('namespaces');
    this.accounts = saInf.lister;
    this.namespaces = nsInf.lister;
    this.regs = [
      saInf.addEventHandler({ onDelete: (d) => this.queue.add(objectOf(d).metadata.namespace ?? '') }),
      nsInf.addEventHandler({ onAdd: (ns) => this.queue.add(ns.metadata.name!), onUpdate: (_a, b) => this.queue.add(b.metadata.name!) }),
    ];
  }

  async run(signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, ...this.regs))) return;
    await runWorkers({ name: 'serviceaccount', queue: this.queue, workers: this.o.workers ?? 1, reconcile: (k) => this.sync(k), signal, log: this.log });
  }

  async sync(namespace: string): Promise<void> {
    const ns = this.namespaces.get('', namespace);
    if (!ns || (ns.status?.phase ?? 'Active') !== 'Active') return;
    const failures: string[] = [];
    for (const sa of this.ensure) {
      if (this.accounts.get(namespace, sa.metadata.name!)) continue;
      try {
        await this.o.client.resource('serviceaccounts', namespace).create({ ...structuredClone(sa), apiVersion: 'v1', kind: 'ServiceAccount', metadata: { ...structuredClone(sa.metadata), namespace } });
      } catch (err) {
        if (isAlreadyExists(err) || isNamespaceTerminating(err) || isNotFound(err)) continue;
        failures.push((err as Error).message);
      }
    }
    if (failures.length) throw new Error(failures.length === 1 ? failures[0] : `[${failures.join(', ')}]`);
  }
}
