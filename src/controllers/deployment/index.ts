// The Deployment controller ("deployment"): rolls Deployments out through ReplicaSets.
// Flags: --concurrent-deployment-syncs (default 5).

import type { ControllerDescriptor } from '../../machinery/controller/index.js';
import { DeploymentController } from './controller.js';

export { DeploymentController, type DeploymentControllerOptions } from './controller.js';
export { computeHash } from './hash.js';

function intOption(options: Record<string, string>, name: string, def: number): number {
  const n = Number(options[name] ?? '');
  return options[name]?.trim() && Number.isInteger(n) && n > 0 ? n : def;
}

export const deploymentDescriptor: ControllerDescriptor = {
  name: 'deployment',
  async start(ctx) {
    const c = new DeploymentController({
      client: ctx.client,
      informers: ctx.informers,
      recorder: ctx.recorder('deployment-controller'),
      clock: ctx.clock,
      log: ctx.log,
      workers: intOption(ctx.options, 'concurrent-deployment-syncs', 5),
    });
    await c.run(ctx.signal);
  },
};
