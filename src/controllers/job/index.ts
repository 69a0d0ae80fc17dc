// The Job controller's descriptor for kube-controller-manager (--controllers name "job").
// Flags: --concurrent-job-syncs (default 5).

import type { ControllerContext, ControllerDescriptor } from '../../machinery/controller/index.js';
import { JobController } from './controller.js';

export { JobController, type JobControllerOptions } from './controller.js';

function intOption(ctx: ControllerContext, name: string, def: number): number {
  const v = Number(ctx.options[name]);
  return Number.isInteger(v) && v > 0 ? v : def;
}

export const jobDescriptor: ControllerDescriptor = {
  name: 'job',
  async start(ctx: ControllerContext): Promise<void> {
    const c = new JobController({ client: ctx.client, informers: ctx.informers, recorder: ctx.recorder('job-controller'), clock: ctx.clock, log: ctx.log });
    await c.run(ctx.signal, intOption(ctx, 'concurrent-job-syncs', 5));
  },
};
