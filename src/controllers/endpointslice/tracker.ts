// Which slice writes this controller is still waiting to see in its cache (upstream's
// EndpointSliceTracker): the generation of every slice it created or updated, and the slices it
// deleted. A service whose cached slices lag behind is not synced (the cache would mislead it), and
// the controller's own writes do not queue the service again.

import type { EndpointSlice } from './util/index.js';

const DELETED = -1;

export class SliceTracker {
  /** service key → slice uid → generation (DELETED: a deletion is expected). */
  private readonly bySvc = new Map<string, Map<string, number>>();

  private gens(svcKey: string): Map<string, number> {
    let m = this.bySvc.get(svcKey);
    if (!m) this.bySvc.set(svcKey, (m = new Map()));
    return m;
  }

  /** Records a slice this controller wrote. */
  update(svcKey: string, slice: EndpointSlice): void {
    this.gens(svcKey).set(slice.metadata.uid!, slice.metadata.generation ?? 0);
  }

  expectDeletion(svcKey: string, slice: EndpointSlice): void {
    this.gens(svcKey).set(slice.metadata.uid!, DELETED);
  }

  /** True when a slice change is not (only) our own write: the service needs a sync. */
  shouldSync(svcKey: string, slice: EndpointSlice): boolean {
    const g = this.bySvc.get(svcKey)?.get(slice.metadata.uid!);
    if (g === undefined) return true;
    if (g === DELETED) return true;
    return (slice.metadata.generation ?? 0) > g;
  }

  /** A slice was deleted: true when we did not expect it (the service needs a sync). */
  handleDeletion(svcKey: string, slice: EndpointSlice): boolean {
    const m = this.bySvc.get(svcKey);
    const g = m?.get(slice.metadata.uid!);
    m?.delete(slice.metadata.uid!);
    return g !== DELETED;
  }

  /** Does the cache lag behind our writes for this service? */
  stale(svcKey: string, cached: EndpointSlice[]): boolean {
    const m = this.bySvc.get(svcKey);
    if (!m) return false;
    const seen = new Map(cached.map((s) => [s.metadata.uid!, s]));
    for (const [uid, g] of m) {
      const s = seen.get(uid);
      if (g === DELETED) {
        if (s && !s.metadata.deletionTimestamp) return true;
      } else if (!s || (s.metadata.generation ?? 0) < g) return true;
    }
    return false;
  }

  deleteService(svcKey: string): void {
    this.bySvc.delete(svcKey);
  }
}
