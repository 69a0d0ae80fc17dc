export { WorkQueue, SHUTDOWN, type WorkQueueOptions } from './queue.js';
export { DelayingQueue, type DelayingQueueOptions } from './delaying.js';
export { RateLimitingQueue, type RateLimitingQueueOptions } from './ratelimiting.js';
export {
  type RateLimiter,
  ItemExponentialFailureRateLimiter,
  ItemFastSlowRateLimiter,
  BucketRateLimiter,
  MaxOfRateLimiter,
  defaultControllerRateLimiter,
} from './ratelimiter.js';
