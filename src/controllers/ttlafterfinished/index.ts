// The "ttl-after-finished" controller of kube-controller-manager.
//
// Flags (ctx.options, upstream names): --concurrent-ttl-after-finished-syncs (default 5).

import type { ControllerContext, ControllerDescriptor } from '../../machinery/controller/index.js';
import { TTLAfterFinishedController } from './controller.js';

export { TTLAfterFinishedController, needsCleanup, type Job, type TTLAfterFinishedOptions } from './controller.js';

export const ttlAfterFinishedDescriptor: ControllerDescriptor = {
  name: 'ttl-after-finished',
  async start(ctx: ControllerContext): Promise<void> {
    const workers = Number(ctx.options['concurrent-ttl-after-finished-syncs'] ?? 5);
    await new TTLAfterFinishedController({ client: ctx.client, informers: ctx.informers, clock: ctx.clock, workers, log: ctx.log }).run(ctx.signal);
  },
};

/** The same descriptor under a generic name. */
export const descriptor = ttlAfterFinishedDescriptor;
