// Container resources as Linux cgroup settings (upstream kuberuntime_container_linux.go and
// pkg/kubelet/qos): CPU shares from requests, CFS quota from limits, the memory limit, and the OOM
// score adjustment by QoS class.

import { totalmem } from 'node:os';
import type { KubeObject } from '../../api/types.js';
import type { LinuxContainerResources } from '../cri/types.js';
import { parseQuantity, divideRoundUp } from '../envvars/quantity.js';
import { podSpec, type ContainerSpec } from './types.js';

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const MIN_SHARES = 2;
const MAX_SHARES = 262144;
const QUOTA_PERIOD = 100_000;
const MIN_QUOTA = 1000;
const GUARANTEED_OOM = -997;
const BEST_EFFORT_OOM = 1000;

function milli(q: string | undefined): number | undefined {
  if (q === undefined) return undefined;
  return Number(divideRoundUp(parseQuantity(q), { num: 1n, den: 1000n }));
}

function bytes(q: string | undefined): number | undefined {
  if (q === undefined) return undefined;
  return Number(divideRoundUp(parseQuantity(q), { num: 1n, den: 1n }));
}

/** upstream GetPodQOS: Guaranteed when every container limits cpu and memory with equal requests; BestEffort with none at all. */
export function podQOSClass(pod: KubeObject): QOSClass {
  const spec = podSpec(pod);
  const all = [...(spec.initContainers ?? []), ...spec.containers];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      const rq = req[r];
      const lm = lim[r];
      if ((rq !== undefined && parseQuantity(rq).num !== 0n) || (lm !== undefined && parseQuantity(lm).num !== 0n)) any = true;
      if (lm === undefined) guaranteed = false;
      else if (rq !== undefined && (milli(rq) !== milli(lm))) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function milliCPUToShares(m: number): number {
  if (m === 0) return MIN_SHARES;
  return Math.min(MAX_SHARES, Math.max(MIN_SHARES, Math.floor((m * 1024) / 1000)));
}

export function oomScoreAdj(pod: KubeObject, c: ContainerSpec, memoryCapacity = totalmem()): number {
  const qos = podQOSClass(pod);
  if (qos === 'Guaranteed') return GUARANTEED_OOM;
  if (qos === 'BestEffort') return BEST_EFFORT_OOM;
  const req = bytes(c.resources?.requests?.memory ?? c.resources?.limits?.memory) ?? 0;
  let adj = 1000 - Math.floor((1000 * req) / memoryCapacity);
  if (adj < 1000 + GUARANTEED_OOM) adj = 1000 + GUARANTEED_OOM;
  if (adj === BEST_EFFORT_OOM) adj -= 1;
  return adj;
}

export function linuxResources(pod: KubeObject, c: ContainerSpec, memoryCapacity?: number): LinuxContainerResources {
  const req = c.resources?.requests ?? {};
  const lim = c.resources?.limits ?? {};
  const cpuReq = milli(req.cpu ?? lim.cpu) ?? 0;
  const out: LinuxContainerResources = { cpuShares: milliCPUToShares(cpuReq), oomScoreAdj: oomScoreAdj(pod, c, memoryCapacity) };
  const cpuLim = milli(lim.cpu);
  if (cpuLim !== undefined && cpuLim > 0) {
    out.cpuPeriod = QUOTA_PERIOD;
    out.cpuQuota = Math.max(MIN_QUOTA, Math.floor((cpuLim * QUOTA_PERIOD) / 1000));
  }
  const mem = bytes(lim.memory);
  if (mem !== undefined && mem > 0) out.memoryLimitInBytes = mem;
  return out;
}
