// Periodic compaction, as kube-apiserver does it: every interval, compact to the revision seen one
// interval ago, so a history window of about one interval is kept for watchers and paged lists.

import type { Storage } from './interface.js';

export class Compactor {
  private timer: NodeJS.Timeout;
  private last = 0;

  constructor(
    private readonly storage: Storage,
    opts: { intervalMs: number; log?: (m: string) => void },
  ) {
    this.timer = setInterval(() => {
      void this.tick().catch((err: Error) => opts.log?.(`compaction failed: ${err.message}`));
    }, opts.intervalMs);
    this.timer.unref();
  }

  /** One step: compacts to the revision remembered by the previous step, then remembers the current one. */
  async tick(): Promise<void> {
    const target = this.last;
    this.last = await this.storage.currentRevision();
    if (target > 0 && target > (await this.storage.compactedRevision())) await this.storage.compact(target);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
