// The "disruption" controller of kube-controller-manager: the status of PodDisruptionBudgets, which
// the pods/eviction subresource of the API server consults before it lets a pod go.

import type { ControllerContext, ControllerDescriptor } from '../../machinery/controller/index.js';
import { DisruptionController } from './controller.js';

export { DisruptionController, STALE_POD_DISRUPTION_TIMEOUT_MS, type DisruptionControllerOptions } from './controller.js';
export { DELETION_TIMEOUT_MS, buildDisruptedPodMap, countHealthyPods, expectedPodCount, nextStatus, scaledValue } from './budget.js';

export const disruptionDescriptor: ControllerDescriptor = {
  name: 'disruption',
  async start(ctx: ControllerContext): Promise<void> {
    await new DisruptionController({ client: ctx.client, informers: ctx.informers, recorder: ctx.recorder('controllermanager'), clock: ctx.clock, log: ctx.log }).run(ctx.signal);
  },
};

/** The same descriptor under a generic name. */
export const descriptor = disruptionDescriptor;
