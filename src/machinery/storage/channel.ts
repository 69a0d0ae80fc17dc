import { errors, StorageError } from './errors.js';
import type { Watch, WatchEvent } from './interface.js';

/** The default number of undelivered events a watcher may fall behind by before it is dropped. */
export const DEFAULT_WATCH_BUFFER = 10_000;

export interface WatchChannelOptions {
  /** Undelivered events allowed before the watcher is dropped with WatcherTooSlow. */
  maxBuffered?: number;
  signal?: AbortSignal;
  onClose?: () => void;
  onRequestProgress?: () => void;
}

/**
 * A bounded, single-consumer queue of watch events that is a Watch. Producers push(); the consumer
 * iterates. A consumer that falls more than maxBuffered events behind is dropped: its iteration ends with
 * WatcherTooSlow, and the buffered events are released, so one slow watcher never stalls the others or
 * grows memory without bound.
 */
export class WatchChannel<E = WatchEvent> implements AsyncIterable<E>, Pick<Watch, 'close' | 'requestProgress'> {
  private queue: E[] = [];
  private head = 0;
  private waiter: (() => void) | null = null;
  private done = false;
  private error: StorageError | null = null;
  private readonly max: number;
  private readonly onClose: (() => void) | undefined;
  private readonly onRequestProgress: (() => void) | undefined;
  private readonly signal: AbortSignal | undefined;
  private readonly abort = () => this.close();

  constructor(opts: WatchChannelOptions = {}) {
    this.max = opts.maxBuffered ?? DEFAULT_WATCH_BUFFER;
    this.onClose = opts.onClose;
    this.onRequestProgress = opts.onRequestProgress;
    this.signal = opts.signal;
    if (this.signal?.aborted) this.done = true;
    else this.signal?.addEventListener('abort', this.abort, { once: true });
  }

  get closed(): boolean {
    return this.done;
  }

  /** Number of events waiting for the consumer. */
  get pending(): number {
    return this.queue.length - this.head;
  }

  push(ev: E): void {
    if (this.done) return;
    if (this.pending >= this.max) {
      this.fail(errors.watcherTooSlow());
      return;
    }
    this.queue.push(ev);
    this.wake();
  }

  /** Ends the stream with an error the consumer will see after the events already queued. */
  fail(err: StorageError): void {
    if (this.done) return;
    this.error = err;
    // A dropped watcher must not hold memory: release what it has not read.
    if (err.code === 'WatcherTooSlow') {
      this.queue = [];
      this.head = 0;
    }
    this.finish();
  }

  close(): void {
    if (this.done) return;
    this.finish();
  }

  requestProgress(): void {
    if (!this.done) this.onRequestProgress?.();
  }

  private finish(): void {
    this.done = true;
    this.signal?.removeEventListener('abort', this.abort);
    this.wake();
    this.onClose?.();
  }

  private wake(): void {
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      w();
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<E> {
    try {
      for (;;) {
        if (this.head < this.queue.length) {
          const ev = this.queue[this.head++]!;
          if (this.head > 1024 && this.head * 2 > this.queue.length) {
            this.queue = this.queue.slice(this.head);
            this.head = 0;
          }
          yield ev;
          continue;
        }
        if (this.error) throw this.error;
        if (this.done) return;
        await new Promise<void>((resolve) => (this.waiter = resolve));
      }
    } finally {
      this.close();
    }
  }
}
