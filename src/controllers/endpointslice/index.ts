// The "endpointslice" controller of kube-controller-manager.
//
// Flags (ctx.options, upstream names): --concurrent-service-endpoint-syncs (default 5),
// --max-endpoints-per-slice (default 100), --endpointslice-updates-batch-period (default 0).

import type { ControllerContext, ControllerDescriptor } from '../../machinery/controller/index.js';
import { parseDurationMs } from '../../machinery/protobuf/gotime.js';
import { EndpointSliceController } from './controller.js';

export { EndpointSliceController, type EndpointSliceControllerOptions } from './controller.js';
export { reconcile, CONTROLLER_NAME, type Plan, type ReconcileInput } from './reconciler.js';

export const endpointSliceDescriptor: ControllerDescriptor = {
  name: 'endpointslice',
  async start(ctx: ControllerContext): Promise<void> {
    const c = new EndpointSliceController({
      client: ctx.client,
      informers: ctx.informers,
      recorder: ctx.recorder('endpoint-slice-controller'),
      clock: ctx.clock,
      workers: Number(ctx.options['concurrent-service-endpoint-syncs'] ?? 5),
      maxEndpointsPerSlice: Number(ctx.options['max-endpoints-per-slice'] ?? 100),
      batchPeriodMs: parseDurationMs(ctx.options['endpointslice-updates-batch-period'] ?? '0'),
      log: ctx.log,
    });
    await c.run(ctx.signal);
  },
};

/** The same descriptor under a generic name. */
export const descriptor = endpointSliceDescriptor;
