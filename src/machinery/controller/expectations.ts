// Controller expectations (upstream's ControllerExpectations): after a controller creates or deletes
// N pods, it waits until its informer has observed them before it trusts the cache again, so a slow
// cache never makes it create twice. Expectations expire after 5 minutes as a safety net.

import { realClock, type Clock } from '../clock/clock.js';

const TTL_MS = 5 * 60_000;

interface Expectation {
  add: number;
  del: number;
  at: number;
}

export class Expectations {
  private m = new Map<string, Expectation>();
  constructor(private readonly clock: Clock = realClock) {}

  /** True when the controller may sync `key` from its cache. */
  satisfied(key: string): boolean {
    const e = this.m.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return this.clock.now() - e.at > TTL_MS;
  }

  expectCreations(key: string, n: number): void {
    this.m.set(key, { add: n, del: 0, at: this.clock.now() });
  }

  expectDeletions(key: string, n: number): void {
    this.m.set(key, { add: 0, del: n, at: this.clock.now() });
  }

  creationObserved(key: string): void {
    const e = this.m.get(key);
    if (e) e.add--;
  }

  deletionObserved(key: string): void {
    const e = this.m.get(key);
    if (e) e.del--;
  }

  /** Lowers expectations for creations/deletions that failed and will never be observed. */
  lower(key: string, adds: number, dels: number): void {
    const e = this.m.get(key);
    if (!e) return;
    e.add -= adds;
    e.del -= dels;
  }

  delete(key: string): void {
    this.m.delete(key);
  }
}
