// The "pod-garbage-collector" controller of kube-controller-manager.
//
// Flags (ctx.options, upstream names): --terminated-pod-gc-threshold (default 12500; 0 or less
// turns the terminated-pod limit off).

import type { ControllerContext, ControllerDescriptor } from '../../machinery/controller/index.js';
import { PodGCController } from './controller.js';

export { PodGCController, GC_CHECK_PERIOD_MS, QUARANTINE_MS, type PodGCOptions } from './controller.js';

export const podGCDescriptor: ControllerDescriptor = {
  name: 'pod-garbage-collector',
  async start(ctx: ControllerContext): Promise<void> {
    const threshold = Number(ctx.options['terminated-pod-gc-threshold'] ?? 12500);
    await new PodGCController({ client: ctx.client, informers: ctx.informers, clock: ctx.clock, terminatedPodThreshold: threshold, log: ctx.log }).run(ctx.signal);
  },
};

/** The same descriptor under a generic name. */
export const descriptor = podGCDescriptor;
