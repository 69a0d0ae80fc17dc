// resourcequota (upstream's resourcequota controller): computes every ResourceQuota's status.hard and
// status.used. Flags: --resource-quota-sync-period (5m0s), --concurrent-resource-quota-syncs (5).

import type { ControllerContext, ControllerDescriptor } from '../../machinery/controller/index.js';
import { parseDurationMs } from '../../machinery/protobuf/index.js';
import { ResourceQuotaController } from './controller.js';

export { ResourceQuotaController, type ResourceQuotaControllerOptions } from './controller.js';

export const resourceQuotaController: ControllerDescriptor = {
  name: 'resourcequota',
  async start(ctx: ControllerContext) {
    const c = new ResourceQuotaController({
      informers: ctx.informers,
      quotas: ctx.client.resource('resourcequotas'),
      clock: ctx.clock,
      resyncPeriodMs: parseDurationMs(ctx.options['resource-quota-sync-period'] ?? '5m0s'),
      workers: Number(ctx.options['concurrent-resource-quota-syncs'] ?? '5'),
      log: ctx.log,
    });
    await c.run(ctx.signal);
  },
};
