// The StatefulSet controller's descriptor for kube-controller-manager (--controllers name
// "statefulset"). Flags: --concurrent-statefulset-syncs (default 5).

import type { ControllerContext, ControllerDescriptor } from '../../machinery/controller/index.js';
import { StatefulSetController } from './controller.js';

export { StatefulSetController, type StatefulSetControllerOptions } from './controller.js';

export const statefulSetDescriptor: ControllerDescriptor = {
  name: 'statefulset',
  async start(ctx: ControllerContext): Promise<void> {
    const n = Number(ctx.options['concurrent-statefulset-syncs']);
    const c = new StatefulSetController({ client: ctx.client, informers: ctx.informers, recorder: ctx.recorder('statefulset-controller'), clock: ctx.clock, log: ctx.log });
    await c.run(ctx.signal, Number.isInteger(n) && n > 0 ? n : 5);
  },
};
