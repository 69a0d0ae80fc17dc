// A work queue with addAfter (client-go's DelayingInterface): the item is added once its time comes;
// adding an item that already waits keeps the earlier time.

import { realClock, type Clock, type Timer } from '../clock/clock.js';
import { WorkQueue, type WorkQueueOptions } from './queue.js';

export interface DelayingQueueOptions extends WorkQueueOptions {
  clock?: Clock;
}

export class DelayingQueue<T = string> extends WorkQueue<T> {
  protected readonly clock: Clock;
  private readonly waiting = new Map<T, { at: number; timer: Timer }>();

  constructor(o: DelayingQueueOptions = {}) {
    super(o);
    this.clock = o.clock ?? realClock;
  }

  /** Adds the item after ms milliseconds (at once when ms <= 0). */
  addAfter(item: T, ms: number): void {
    if (this.shuttingDown()) return;
    if (ms <= 0) {
      this.add(item);
      return;
    }
    const at = this.clock.now() + ms;
    const cur = this.waiting.get(item);
    if (cur && cur.at <= at) return;
    cur?.timer.cancel();
    const timer = this.clock.setTimeout(() => {
      this.waiting.delete(item);
      this.add(item);
    }, ms);
    this.waiting.set(item, { at, timer });
  }

  /** Items waiting for their time. */
  waitingCount(): number {
    return this.waiting.size;
  }

  protected override onShutDown(): void {
    for (const w of this.waiting.values()) w.timer.cancel();
    this.waiting.clear();
  }
}
