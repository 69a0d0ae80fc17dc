// node-lifecycle and taint-eviction: node health (Unknown conditions, NoExecute and NoSchedule taints,
// pods marked not Ready) and the eviction of pods from NoExecute-tainted nodes.
//
// Flags (kube-controller-manager names and defaults): --node-monitor-period 5s,
// --node-monitor-grace-period 50s, --node-startup-grace-period 1m, --node-eviction-rate 0.1,
// --secondary-node-eviction-rate 0.01, --large-cluster-size-threshold 50, --unhealthy-zone-threshold 0.55.

import type { ControllerContext, ControllerDescriptor } from '../../machinery/controller/index.js';
import { parseDurationMs } from '../../machinery/protobuf/index.js';
import { NodeLifecycleController } from './controller.js';
import { TaintEvictionController } from './tainteviction.js';

export { NodeLifecycleController, type NodeLifecycleOptions } from './controller.js';
export { TaintEvictionController, minTolerationTimeMs, type TaintEvictionOptions } from './tainteviction.js';

function durationMs(options: Record<string, string>, flag: string, def: string): number {
  return parseDurationMs(options[flag] ?? def);
}

function num(options: Record<string, string>, flag: string, def: number): number {
  const v = options[flag];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`invalid value ${JSON.stringify(v)} for --${flag}`);
  return n;
}

export const nodeLifecycleController: ControllerDescriptor = {
  name: 'node-lifecycle',
  async start(ctx: ControllerContext) {
    const o = ctx.options;
    const c = new NodeLifecycleController({
      client: ctx.client,
      informers: ctx.informers,
      recorder: ctx.recorder('node-controller'),
      clock: ctx.clock,
      log: ctx.log,
      monitorPeriodMs: durationMs(o, 'node-monitor-period', '5s'),
      monitorGraceMs: durationMs(o, 'node-monitor-grace-period', '50s'),
      startupGraceMs: durationMs(o, 'node-startup-grace-period', '1m0s'),
      evictionQPS: num(o, 'node-eviction-rate', 0.1),
      secondaryEvictionQPS: num(o, 'secondary-node-eviction-rate', 0.01),
      largeClusterThreshold: num(o, 'large-cluster-size-threshold', 50),
      unhealthyZoneThreshold: num(o, 'unhealthy-zone-threshold', 0.55),
    });
    await c.run(ctx.signal);
  },
};

export const taintEvictionController: ControllerDescriptor = {
  name: 'taint-eviction',
  async start(ctx: ControllerContext) {
    const c = new TaintEvictionController({ client: ctx.client, informers: ctx.informers, recorder: ctx.recorder('taint-eviction-controller'), clock: ctx.clock, log: ctx.log });
    await c.run(ctx.signal);
  },
};
