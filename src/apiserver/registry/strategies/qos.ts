// A pod's QoS class as upstream's qos.ComputePodQOS computes it from cpu and memory requests and
// limits summed over all containers (regular and init).

import { add, cmp, parseQuantity, type Quantity, sign } from './quantity.js';
import { isObj, type Obj, objs } from './util.js';

const COMPUTE = ['cpu', 'memory'];

function positive(v: unknown): Quantity | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  try {
    const q = parseQuantity(v);
    return sign(q) > 0 ? q : undefined;
  } catch {
    return undefined;
  }
}

export function computeQOS(spec: Obj): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  for (const c of [...objs(spec.containers), ...objs(spec.initContainers)]) {
    const res = isObj(c.resources) ? c.resources : {};
    const req = isObj(res.requests) ? res.requests : {};
    const lim = isObj(res.limits) ? res.limits : {};
    for (const name of COMPUTE) {
      const q = positive(req[name]);
      if (q) requests.set(name, requests.has(name) ? add(requests.get(name)!, q) : q);
    }
    const found = new Set<string>();
    for (const name of COMPUTE) {
      const q = positive(lim[name]);
      if (!q) continue;
      found.add(name);
      limits.set(name, limits.has(name) ? add(limits.get(name)!, q) : q);
    }
    if (!COMPUTE.every((n) => found.has(n))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, r] of requests) {
      const l = limits.get(name);
      if (!l || cmp(l, r) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
