// The run loop every controller shares: event handlers enqueue keys; workers take a key, reconcile
// it, and either forget it, requeue it after a delay, or retry it with rate-limited backoff.

import { RateLimitingQueue, SHUTDOWN } from '../workqueue/index.js';

export interface ReconcileResult {
  /** Reconcile again after this many milliseconds. */
  requeueAfterMs?: number;
}

export interface RunWorkersOptions {
  name: string;
  queue: RateLimitingQueue<string>;
  workers: number;
  reconcile(key: string): Promise<ReconcileResult | void>;
  signal: AbortSignal;
  log?: (m: string) => void;
  /** Give up on a key after this many failures (default: never, like most upstream controllers). */
  maxRetries?: number;
}

export async function runWorkers(o: RunWorkersOptions): Promise<void> {
  const stop = () => o.queue.shutDown();
  if (o.signal.aborted) stop();
  else o.signal.addEventListener('abort', stop, { once: true });
  const worker = async () => {
    for (;;) {
      const key = await o.queue.get();
      if (key === SHUTDOWN) return;
      try {
        const r = await o.reconcile(key);
        o.queue.forget(key);
        if (r && r.requeueAfterMs !== undefined) o.queue.addAfter(key, r.requeueAfterMs);
      } catch (err) {
        const n = o.queue.numRequeues(key);
        if (o.maxRetries !== undefined && n >= o.maxRetries) {
          o.log?.(`${o.name}: dropping ${key} after ${n} retries: ${(err as Error).message}`);
          o.queue.forget(key);
        } else {
          if (!o.signal.aborted) o.log?.(`${o.name}: error syncing ${key}: ${(err as Error).message}`);
          o.queue.addRateLimited(key);
        }
      } finally {
        o.queue.done(key);
      }
    }
  };
  await Promise.all(Array.from({ length: o.workers }, worker));
}
