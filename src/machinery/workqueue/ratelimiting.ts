// The queue controllers use (client-go's RateLimitingInterface): addRateLimited(item) re-adds after
// the limiter's delay; forget(item) after a success resets the item's backoff.

import { realClock } from '../clock/clock.js';
import { DelayingQueue, type DelayingQueueOptions } from './delaying.js';
import { defaultControllerRateLimiter, type RateLimiter } from './ratelimiter.js';

export interface RateLimitingQueueOptions<T> extends DelayingQueueOptions {
  /** Default: defaultControllerRateLimiter. */
  rateLimiter?: RateLimiter<T>;
}

export class RateLimitingQueue<T = string> extends DelayingQueue<T> {
  private readonly limiter: RateLimiter<T>;

  constructor(o: RateLimitingQueueOptions<T> = {}) {
    super(o);
    this.limiter = o.rateLimiter ?? defaultControllerRateLimiter<T>(o.clock ?? realClock);
  }

  addRateLimited(item: T): void {
    this.addAfter(item, this.limiter.when(item));
  }

  forget(item: T): void {
    this.limiter.forget(item);
  }

  numRequeues(item: T): number {
    return this.limiter.numRequeues(item);
  }
}
