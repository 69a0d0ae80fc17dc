// One informer per resource per process (client-go's SharedInformerFactory): every controller that
// asks for pods shares the same cache and the same watch.

import type { KubeObject } from '../../api/types.js';
import type { Client, Selector } from '../client/client.js';
import { gvrString, toGVR, type ResourceRef } from '../client/gvr.js';
import type { Clock } from '../clock/clock.js';
import { SharedIndexInformer, type SharedIndexInformerOptions } from './informer.js';
import type { Lister } from './lister.js';

export interface SharedInformerFactoryOptions {
  /** Default resync period of handlers (0: none). */
  resyncPeriodMs?: number;
  /** Only this namespace (default: all). */
  namespace?: string;
  labelSelector?: Selector;
  fieldSelector?: Selector;
  clock?: Clock;
  /** Applied to every cached object (default: drops metadata.managedFields, as kube components do). */
  transform?: (obj: KubeObject) => KubeObject;
  log?: (msg: string) => void;
}

export interface InformerOptions {
  resyncPeriodMs?: number;
  /** Overrides the factory's namespace for this informer. */
  namespace?: string;
}

export function dropManagedFields<T extends KubeObject>(obj: T): T {
  if (!obj.metadata?.managedFields) return obj;
  const { managedFields: _m, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

export class SharedInformerFactory {
  private readonly informers = new Map<string, SharedIndexInformer<KubeObject>>();
  private readonly started = new Map<string, Promise<void>>();
  private signal: AbortSignal | null = null;

  constructor(
    private readonly client: Client,
    private readonly o: SharedInformerFactoryOptions = {},
  ) {}

  /** The shared informer of a resource (created on first use; started by start()). */
  informerFor<T extends KubeObject = KubeObject>(ref: ResourceRef, io: InformerOptions = {}): SharedIndexInformer<T> {
    const gvr = toGVR(ref);
    const ns = io.namespace ?? this.o.namespace;
    const key = `${gvrString(gvr)}|${ns ?? ''}`;
    let inf = this.informers.get(key);
    if (!inf) {
      const opts: SharedIndexInformerOptions<KubeObject> = {
        client: this.client.resource(gvr, ns),
        transform: this.o.transform ?? dropManagedFields,
        ...(io.resyncPeriodMs ?? this.o.resyncPeriodMs ? { resyncPeriodMs: io.resyncPeriodMs ?? this.o.resyncPeriodMs } : {}),
        ...(this.o.clock ? { clock: this.o.clock } : {}),
        ...(this.o.labelSelector !== undefined ? { labelSelector: this.o.labelSelector } : {}),
        ...(this.o.fieldSelector !== undefined ? { fieldSelector: this.o.fieldSelector } : {}),
        ...(this.o.log ? { log: this.o.log } : {}),
      };
      inf = new SharedIndexInformer(opts);
      this.informers.set(key, inf);
      if (this.signal && !this.signal.aborted) this.started.set(key, inf.run(this.signal));
    }
    return inf as unknown as SharedIndexInformer<T>;
  }

  lister<T extends KubeObject = KubeObject>(ref: ResourceRef, io: InformerOptions = {}): Lister<T> {
    return this.informerFor<T>(ref, io).lister;
  }

  /** Starts every informer asked for so far — and, from now on, new ones as they are asked for. */
  start(signal: AbortSignal): void {
    this.signal = signal;
    for (const [key, inf] of this.informers) if (!this.started.has(key)) this.started.set(key, inf.run(signal));
  }

  /** Waits until every started informer has synced; false if the signal aborted first. */
  async waitForCacheSync(signal?: AbortSignal): Promise<boolean> {
    const results = await Promise.all([...this.started.keys()].map((k) => this.informers.get(k)!.waitForSync(signal)));
    return results.every(Boolean);
  }

  /** Resolves once every started informer has stopped (abort the start signal first). */
  async shutdown(): Promise<void> {
    await Promise.all(this.started.values());
  }
}

/** Waits for informers (or handler registrations) to sync; false when the signal aborts first. */
export async function waitForCacheSync(signal: AbortSignal | undefined, ...syncs: Array<{ hasSynced(): boolean }>): Promise<boolean> {
  while (!syncs.every((s) => s.hasSynced())) {
    if (signal?.aborted) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}
