// The CronJob controller's descriptor for kube-controller-manager (--controllers name "cronjob").
// Flags: --concurrent-cron-job-syncs (default 5).

import type { ControllerContext, ControllerDescriptor } from '../../machinery/controller/index.js';
import { CronJobController } from './controller.js';

export { CronJobController, type CronJobControllerOptions } from './controller.js';
export { parseStandard, parseDuration, type Schedule } from '../../machinery/cron/index.js';

export const cronJobDescriptor: ControllerDescriptor = {
  name: 'cronjob',
  async start(ctx: ControllerContext): Promise<void> {
    const n = Number(ctx.options['concurrent-cron-job-syncs']);
    const c = new CronJobController({ client: ctx.client, informers: ctx.informers, recorder: ctx.recorder('cronjob-controller'), clock: ctx.clock, log: ctx.log });
    await c.run(ctx.signal, Number.isInteger(n) && n > 0 ? n : 5);
  },
};
