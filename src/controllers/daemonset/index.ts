// The DaemonSet controller's descriptor for kube-controller-manager (--controllers name "daemonset").
// Flags: --concurrent-daemonset-syncs (default 2).

import type { ControllerContext, ControllerDescriptor } from '../../machinery/controller/index.js';
import { DaemonSetController } from './controller.js';

export { DaemonSetController, type DaemonSetControllerOptions } from './controller.js';

export const daemonSetDescriptor: ControllerDescriptor = {
  name: 'daemonset',
  async start(ctx: ControllerContext): Promise<void> {
    const n = Number(ctx.options['concurrent-daemonset-syncs']);
    const c = new DaemonSetController({ client: ctx.client, informers: ctx.informers, recorder: ctx.recorder('daemonset-controller'), clock: ctx.clock, log: ctx.log });
    await c.run(ctx.signal, Number.isInteger(n) && n > 0 ? n : 2);
  },
};
