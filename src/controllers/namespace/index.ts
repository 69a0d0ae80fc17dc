// The "namespace" controller of kube-controller-manager.
//
// Flags (ctx.options, upstream names): --concurrent-namespace-syncs (default 10),
// --namespace-sync-period (default 5m0s).

import type { ControllerContext, ControllerDescriptor } from '../../machinery/controller/index.js';
import { parseDurationMs } from '../../machinery/protobuf/gotime.js';
import { NamespaceController } from './controller.js';

export { NamespaceController, DELETION_GRACE_PERIOD_MS, type NamespaceControllerOptions } from './controller.js';
export { NamespacedResourcesDeleter, ResourcesRemainingError, namespacedDeletableResources, FINALIZER, type Namespace, type DeletableResource } from './deleter.js';
export { ConditionUpdater, CONDITION_TYPES, type NamespaceCondition } from './conditions.js';

export const namespaceDescriptor: ControllerDescriptor = {
  name: 'namespace',
  async start(ctx: ControllerContext): Promise<void> {
    const c = new NamespaceController({
      client: ctx.client,
      informers: ctx.informers,
      clock: ctx.clock,
      workers: Number(ctx.options['concurrent-namespace-syncs'] ?? 10),
      resyncPeriodMs: parseDurationMs(ctx.options['namespace-sync-period'] ?? '5m'),
      log: ctx.log,
    });
    await c.run(ctx.signal);
  },
};

/** The same descriptor under a generic name. */
export const descriptor = namespaceDescriptor;
