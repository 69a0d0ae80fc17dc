// The "serviceaccount" controller of kube-controller-manager (reads no flags).

import type { ControllerContext, ControllerDescriptor } from '../../machinery/controller/index.js';
import { ServiceAccountsController } from './controller.js';

export { ServiceAccountsController, type ServiceAccountsControllerOptions } from './controller.js';

export const serviceAccountDescriptor: ControllerDescriptor = {
  name: 'serviceaccount',
  async start(ctx: ControllerContext): Promise<void> {
    await new ServiceAccountsController({ client: ctx.client, informers: ctx.informers, clock: ctx.clock, log: ctx.log }).run(ctx.signal);
  },
};

/** The same descriptor under a generic name. */
export const descriptor = serviceAccountDescriptor;
