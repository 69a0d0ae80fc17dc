// Expectations that also remember which pods a controller deleted (upstream's
// UIDTrackingControllerExpectations): a graceful delete is seen twice — once when the pod gets its
// deletionTimestamp, once when it is gone — and must count once.

import type { Clock } from '../../machinery/clock/index.js';
import { Expectations } from '../../machinery/controller/index.js';

export class PodExpectations {
  private readonly base: Expectations;
  private readonly deleting = new Map<string, Set<string>>();

  constructor(clock?: Clock) {
    this.base = new Expectations(clock);
  }

  satisfied(key: string): boolean {
    return this.base.satisfied(key);
  }

  expectCreations(key: string, n: number): void {
    this.base.expectCreations(key, n);
  }

  creationObserved(key: string): void {
    this.base.creationObserved(key);
  }

  /** Creations that failed or were never tried: they will never be observed. */
  creationsSkipped(key: string, n: number): void {
    this.base.lower(key, n, 0);
  }

  expectDeletions(key: string, podKeys: string[]): void {
    this.deleting.set(key, new Set(podKeys));
    this.base.expectDeletions(key, podKeys.length);
  }

  /** A pod this controller deleted is going or gone (counted once per pod). */
  deletionObserved(key: string, podKey: string): void {
    const s = this.deleting.get(key);
    if (!s?.delete(podKey)) return;
    this.base.deletionObserved(key);
  }

  delete(key: string): void {
    this.base.delete(key);
    this.deleting.delete(key);
  }
}
