// The "garbage-collector" controller of kube-controller-manager.
//
// Flags (ctx.options, upstream names): --enable-garbage-collector (default true),
// --concurrent-gc-syncs (default 20).

import type { ControllerContext, ControllerDescriptor } from '../../machinery/controller/index.js';
import { GarbageCollector } from './collector.js';

export { GarbageCollector, metadataOnly, type GarbageCollectorOptions } from './collector.js';
export { monitoredResources, resolveKind, IGNORED_RESOURCES, type MonitoredResource } from './resources.js';

export const garbageCollectorDescriptor: ControllerDescriptor = {
  name: 'garbage-collector',
  async start(ctx: ControllerContext): Promise<void> {
    if ((ctx.options['enable-garbage-collector'] ?? 'true') === 'false') {
      ctx.log('garbage-collector: disabled by --enable-garbage-collector=false');
      return;
    }
    const gc = new GarbageCollector({
      client: ctx.client,
      clock: ctx.clock,
      recorder: ctx.recorder('garbage-collector-controller'),
      workers: Number(ctx.options['concurrent-gc-syncs'] ?? 20),
      log: ctx.log,
    });
    await gc.run(ctx.signal);
  },
};

/** The same descriptor under a generic name. */
export const descriptor = garbageCollectorDescriptor;
