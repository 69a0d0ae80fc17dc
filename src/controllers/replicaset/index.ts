// The ReplicaSet controller ("replicaset"): keeps spec.replicas pods for every apps/v1 ReplicaSet.
// Flags: --concurrent-replicaset-syncs (default 5).

import type { ControllerDescriptor } from '../../machinery/controller/index.js';
import { ReplicaManager } from './controller.js';
import { replicaSetKind, type ReplicaKind } from './kind.js';
import { intOption } from './options.js';

export { ReplicaManager, type ReplicaManagerOptions } from './controller.js';
export { replicaSetKind, type ReplicaKind } from './kind.js';
export { BURST_REPLICAS } from './manage.js';
export { intOption } from './options.js';
export type { Pod, ReplicaOwner, ReplicaStatus } from './types.js';

/** A descriptor running the replica controller for a kind (shared with the ReplicationController one). */
export function replicaDescriptor(name: string, kind: ReplicaKind): ControllerDescriptor {
  return {
    name,
    async start(ctx) {
      const c = new ReplicaManager({
        kind,
        client: ctx.client,
        informers: ctx.informers,
        recorder: ctx.recorder(kind.component),
        clock: ctx.clock,
        log: ctx.log,
        workers: intOption(ctx.options, kind.workersFlag, 5),
      });
      await c.run(ctx.signal);
    },
  };
}

export const replicaSetDescriptor: ControllerDescriptor = replicaDescriptor('replicaset', replicaSetKind);
