// The work queue controllers pull keys from (client-go's workqueue.Type): an item is queued at most
// once however often it is added ("dirty"), and never handed to two workers at once — added while
// being processed, it is queued again when done(item) is called.

export interface WorkQueueOptions {
  name?: string;
}

/** The result of get() once the queue is shut down and empty. */
export const SHUTDOWN: unique symbol = Symbol('workqueue.shutdown');

export class WorkQueue<T = string> {
  readonly name: string;
  private items: T[] = [];
  private head = 0;
  private readonly dirty = new Set<T>();
  private readonly processing = new Set<T>();
  private waiters: Array<(v: T | typeof SHUTDOWN) => void> = [];
  private drainWaiters: Array<() => void> = [];
  private stopping = false;

  constructor(o: WorkQueueOptions = {}) {
    this.name = o.name ?? '';
  }

  /** Queues an item unless it is already queued; one being processed is queued again after done(). */
  add(item: T): void {
    if (this.stopping) return;
    if (this.dirty.has(item)) return;
    this.dirty.add(item);
    if (this.processing.has(item)) return;
    this.enqueue(item);
  }

  private enqueue(item: T): void {
    const w = this.waiters.shift();
    if (w) {
      this.dirty.delete(item);
      this.processing.add(item);
      w(item);
    } else this.items.push(item);
  }

  /** Items waiting (not counting those being processed). */
  len(): number {
    return this.items.length - this.head;
  }

  /** The next item (now marked processing), or SHUTDOWN once the queue is shut down and empty. */
  get(): Promise<T | typeof SHUTDOWN> {
    if (this.len() > 0) {
      const item = this.items[this.head]!;
      this.items[this.head] = undefined as T;
      this.head++;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      this.dirty.delete(item);
      this.processing.add(item);
      return Promise.resolve(item);
    }
    if (this.stopping) return Promise.resolve(SHUTDOWN);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Marks an item processed; if it was added meanwhile, it is queued again. */
  done(item: T): void {
    this.processing.delete(item);
    if (this.dirty.has(item)) {
      if (this.stopping) this.dirty.delete(item);
      else this.enqueue(item);
    }
    if (this.processing.size === 0) for (const w of this.drainWaiters.splice(0)) w();
  }

  /** Stops accepting items; get() returns what is left, then SHUTDOWN. */
  shutDown(): void {
    this.stopping = true;
    for (const w of this.waiters.splice(0)) w(SHUTDOWN);
    this.onShutDown();
  }

  /** shutDown(), then waits until every item handed out was done(). */
  async shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.processing.size === 0) return;
    await new Promise<void>((r) => this.drainWaiters.push(r));
  }

  shuttingDown(): boolean {
    return this.stopping;
  }

  /** Hook for subclasses (cancel timers). */
  protected onShutDown(): void {}
}
