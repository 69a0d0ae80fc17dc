// One registered event handler (client-go's processorListener): notifications are buffered per
// handler and delivered in order on a later microtask, so handlers never run inside the cache update
// and a throwing handler hurts no one else.

import type { KubeObject } from '../../api/types.js';
import type { DeletedFinalStateUnknown } from './keys.js';

export interface EventHandler<T extends KubeObject = KubeObject> {
  /** isInInitialList: the object came with the first list (or was in the cache when the handler was added). */
  onAdd?(obj: T, isInInitialList: boolean): void;
  /** Also called on relists and periodic resyncs, with old === new content when nothing changed. */
  onUpdate?(oldObj: T, newObj: T): void;
  /** A tombstone when the object disappeared while the watch was down. */
  onDelete?(obj: T | DeletedFinalStateUnknown<T>): void;
}

export type Notification<T extends KubeObject> =
  | { kind: 'add'; obj: T; initial: boolean }
  | { kind: 'update'; old: T; obj: T }
  | { kind: 'delete'; obj: T | DeletedFinalStateUnknown<T> }
  | { kind: 'synced' };

export class Listener<T extends KubeObject> {
  private buffer: Notification<T>[] = [];
  private scheduled = false;
  private synced = false;
  removed = false;
  /** When a resync is due (ms since epoch); Infinity: never. */
  nextResyncAt = Infinity;

  constructor(
    private readonly handler: EventHandler<T>,
    readonly resyncPeriodMs: number,
    private readonly log: (m: string) => void,
  ) {}

  hasSynced(): boolean {
    return this.synced;
  }

  add(n: Notification<T>): void {
    if (this.removed) return;
    this.buffer.push(n);
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.drain());
    }
  }

  private drain(): void {
    this.scheduled = false;
    const batch = this.buffer;
    this.buffer = [];
    for (const n of batch) {
      if (this.removed) return;
      try {
        switch (n.kind) {
          case 'add':
            this.handler.onAdd?.(n.obj, n.initial);
            break;
          case 'update':
            this.handler.onUpdate?.(n.old, n.obj);
            break;
          case 'delete':
            this.handler.onDelete?.(n.obj);
            break;
          case 'synced':
            this.synced = true;
            break;
        }
      } catch (err) {
        this.log(`event handler failed: ${(err as Error)?.stack ?? String(err)}`);
      }
    }
  }
}
