// The per-zone queue of nodes waiting for a NoExecute taint (upstream's scheduler.RateLimitedTimedQueue):
// a unique FIFO whose Try() processes items while a token bucket (--node-eviction-rate, burst 1) allows;
// a processed item stays "known" (not re-added) until Remove() — when the node is healthy again.

import { TokenBucket, type Clock } from '../../machinery/clock/index.js';

export interface TimedValue {
  value: string;
  uid: string;
  addedAt: number;
  processAt: number;
}

interface Limiter {
  tryAccept(): boolean;
}

const NEVER: Limiter = { tryAccept: () => false };

export class RateLimitedTimedQueue {
  private queue: TimedValue[] = [];
  private readonly known = new Set<string>();
  private limiter: Limiter;
  private qps: number;

  constructor(
    private readonly clock: Clock,
    qps: number,
  ) {
    this.qps = qps;
    this.limiter = qps > 0 ? new TokenBucket(qps, 1, clock) : NEVER;
  }

  /** False when the value is queued or was processed and not removed since. */
  add(value: string, uid: string): boolean {
    if (this.known.has(value)) return false;
    const now = this.clock.now();
    this.known.add(value);
    this.queue.push({ value, uid, addedAt: now, processAt: now });
    this.queue.sort((a, b) => a.processAt - b.processAt);
    return true;
  }

  /** Forgets the value entirely; true when it was known. */
  remove(value: string): boolean {
    const had = this.known.delete(value);
    this.queue = this.queue.filter((v) => v.value !== value);
    return had;
  }

  get length(): number {
    return this.queue.length;
  }

  /** fn returns [done, retryAfterMs]. */
  try(fn: (v: TimedValue) => Promise<[boolean, number]> | [boolean, number]): Promise<void> {
    return this.drain(fn);
  }

  private async drain(fn: (v: TimedValue) => Promise<[boolean, number]> | [boolean, number]): Promise<void> {
    for (;;) {
      const head = this.queue[0];
      if (!head) return;
      if (!this.limiter.tryAccept()) return;
      const now = this.clock.now();
      if (now < head.processAt) return;
      const [done, wait] = await fn(head);
      // The value may have been removed meanwhile.
      if (!this.queue.includes(head)) continue;
      this.queue = this.queue.filter((v) => v !== head);
      if (!done) {
        head.processAt = now + wait + 1;
        this.queue.push(head);
        this.queue.sort((a, b) => a.processAt - b.processAt);
      }
    }
  }

  /** Changes the eviction rate (0: stop), as zone states change. */
  swapLimiter(qps: number): void {
    if (qps === this.qps) return;
    this.qps = qps;
    if (qps <= 0) {
      this.limiter = NEVER;
      return;
    }
    const next = new TokenBucket(qps, 1, this.clock);
    // While waiting on the old limiter, start the new one drained (burst is 1).
    if (!this.limiter.tryAccept()) next.tryAccept();
    this.limiter = next;
  }
}
