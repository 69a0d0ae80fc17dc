// The "persistentvolume-binder" controller of kube-controller-manager (static binding of claims to
// volumes, and the volume lifecycle; see controller.ts).
//
// Flags (ctx.options, upstream names): --pvclaimbinder-sync-period (default 15s),
// --enable-dynamic-provisioning (default true: claims of a class are handed to its external provisioner).

import type { ControllerContext, ControllerDescriptor } from '../../machinery/controller/index.js';
import { parseDurationMs } from '../../machinery/protobuf/index.js';
import { EVENT_COMPONENT, PersistentVolumeController } from './controller.js';

export { PersistentVolumeController, DEFAULT_SYNC_PERIOD_MS, EVENT_COMPONENT, type PersistentVolumeControllerOptions } from './controller.js';
export * from './match.js';
export * from './types.js';

export const persistentVolumeBinderDescriptor: ControllerDescriptor = {
  name: 'persistentvolume-binder',
  async start(ctx: ControllerContext): Promise<void> {
    const syncPeriodMs = parseDurationMs(ctx.options['pvclaimbinder-sync-period'] ?? '15s');
    const enableDynamicProvisioning = (ctx.options['enable-dynamic-provisioning'] ?? 'true') !== 'false';
    await new PersistentVolumeController({
      client: ctx.client,
      informers: ctx.informers,
      recorder: ctx.recorder(EVENT_COMPONENT),
      clock: ctx.clock,
      log: ctx.log,
      syncPeriodMs,
      enableDynamicProvisioning,
    }).run(ctx.signal);
  },
};

/** The same descriptor under a generic name. */
export const descriptor = persistentVolumeBinderDescriptor;
