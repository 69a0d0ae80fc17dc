// The "endpoint" controller of kube-controller-manager.
//
// Flags (ctx.options, upstream names): --concurrent-endpoint-syncs (default 5),
// --endpoint-updates-batch-period (default 0: no batching).

import type { ControllerContext, ControllerDescriptor } from '../../machinery/controller/index.js';
import { parseDurationMs } from '../../machinery/protobuf/gotime.js';
import { EndpointsController } from './controller.js';

export { EndpointsController, MAX_CAPACITY, type Endpoints, type EndpointsControllerOptions } from './controller.js';
export { repackSubsets, type EndpointSubset, type EndpointAddress, type EndpointPort } from './subsets.js';

export const endpointsDescriptor: ControllerDescriptor = {
  name: 'endpoint',
  async start(ctx: ControllerContext): Promise<void> {
    const c = new EndpointsController({
      client: ctx.client,
      informers: ctx.informers,
      recorder: ctx.recorder('endpoint-controller'),
      clock: ctx.clock,
      workers: Number(ctx.options['concurrent-endpoint-syncs'] ?? 5),
      batchPeriodMs: parseDurationMs(ctx.options['endpoint-updates-batch-period'] ?? '0'),
      log: ctx.log,
    });
    await c.run(ctx.signal);
  },
};

/** The same descriptor under a generic name. */
export const descriptor = endpointsDescriptor;
