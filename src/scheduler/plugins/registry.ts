// The in-tree plugin registry and the default profile (upstream's default plugin set, order and weights).

import type { ProfileConfig, Registry } from '../framework/framework.js';
import type { PluginFactory } from '../framework/interface.js';
import { DefaultBinder } from './defaultbinder/default-binder.js';
import { DefaultPreemption, type DefaultPreemptionArgs } from './defaultpreemption/default-preemption.js';
import { ImageLocality } from './imagelocality/image-locality.js';
import { InterPodAffinity, type InterPodAffinityArgs } from './interpodaffinity/inter-pod-affinity.js';
import { Names } from './names.js';
import { NodeAffinity } from './nodeaffinity/node-affinity.js';
import { NodeName } from './nodename/node-name.js';
import { NodePorts } from './nodeports/node-ports.js';
import { BalancedAllocation, type BalancedAllocationArgs } from './noderesources/balanced-allocation.js';
import { Fit, type FitArgs } from './noderesources/fit.js';
import { NodeUnschedulable } from './nodeunschedulable/node-unschedulable.js';
import { PodTopologySpread, type PodTopologySpreadArgs } from './podtopologyspread/pod-topology-spread.js';
import { PrioritySort } from './queuesort/priority-sort.js';
import { SchedulingGates } from './schedulinggates/scheduling-gates.js';
import { TaintToleration } from './tainttoleration/taint-toleration.js';
import { VolumeBinding, type VolumeBindingArgs } from './volumebinding/volume-binding.js';

function argsOf<T extends object>(a: unknown): T {
  return (typeof a === 'object' && a !== null ? a : {}) as T;
}

export function defaultRegistry(): Record<string, PluginFactory> {
  return {
    [Names.SchedulingGates]: () => new SchedulingGates(),
    [Names.PrioritySort]: () => new PrioritySort(),
    [Names.NodeUnschedulable]: () => new NodeUnschedulable(),
    [Names.NodeName]: () => new NodeName(),
    [Names.TaintToleration]: () => new TaintToleration(),
    [Names.NodeAffinity]: () => new NodeAffinity(),
    [Names.NodePorts]: () => new NodePorts(),
    [Names.NodeResourcesFit]: (a) => new Fit(argsOf<FitArgs>(a)),
    [Names.VolumeBinding]: (a, h) => new VolumeBinding(h, argsOf<VolumeBindingArgs>(a)),
    [Names.PodTopologySpread]: (a, h) => new PodTopologySpread(h, argsOf<PodTopologySpreadArgs>(a)),
    [Names.InterPodAffinity]: (a, h) => new InterPodAffinity(h, argsOf<InterPodAffinityArgs>(a)),
    [Names.DefaultPreemption]: (a, h) => new DefaultPreemption(h, argsOf<DefaultPreemptionArgs>(a)),
    [Names.NodeResourcesBalancedAllocation]: (a) => new BalancedAllocation(argsOf<BalancedAllocationArgs>(a)),
    [Names.ImageLocality]: (_a, h) => new ImageLocality(h),
    [Names.DefaultBinder]: (_a, h) => new DefaultBinder(h),
  };
}

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/** Upstream's default profile: plugins in order, with Score weights. */
export function defaultProfile(schedulerName = DEFAULT_SCHEDULER_NAME): ProfileConfig {
  return {
    schedulerName,
    plugins: [
      { name: Names.SchedulingGates },
      { name: Names.PrioritySort },
      { name: Names.NodeUnschedulable },
      { name: Names.NodeName },
      { name: Names.TaintToleration, weight: 3 },
      { name: Names.NodeAffinity, weight: 2 },
      { name: Names.NodePorts },
      { name: Names.NodeResourcesFit, weight: 1 },
      // Upstream has VolumeRestrictions and NodeVolumeLimits before, VolumeZone after (not implemented).
      { name: Names.VolumeBinding },
      { name: Names.PodTopologySpread, weight: 2 },
      { name: Names.InterPodAffinity, weight: 2 },
      { name: Names.DefaultPreemption },
      { name: Names.NodeResourcesBalancedAllocation, weight: 1 },
      { name: Names.ImageLocality, weight: 1 },
      { name: Names.DefaultBinder },
    ],
  };
}

export type { Registry };
