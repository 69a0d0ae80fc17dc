// A pod's effective requests and limits (upstream's resourcehelper.PodRequests / PodLimits): the sum
// over app containers and restartable (sidecar) init containers, at least the largest init container
// step, plus spec.overhead.

import { add as addQ, cmp } from '../../../../registry/strategies/quantity.js';
import { add, parseList, type ResourceList } from './resources.js';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function objs(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObj) : [];
}

export function containerList(c: Obj, key: 'requests' | 'limits'): ResourceList {
  const res = isObj(c.resources) ? c.resources : {};
  return parseList(res[key]);
}

function maxInto(into: ResourceList, other: ResourceList): void {
  for (const [k, v] of other) {
    const cur = into.get(k);
    if (!cur || cmp(v, cur) > 0) into.set(k, v);
  }
}

function effective(spec: Obj, key: 'requests' | 'limits'): ResourceList {
  let sum: ResourceList = new Map();
  for (const c of objs(spec.containers)) sum = add(sum, containerList(c, key));
  let sidecars: ResourceList = new Map();
  const initMax: ResourceList = new Map();
  for (const c of objs(spec.initContainers)) {
    const own = containerList(c, key);
    let step: ResourceList;
    if (c.restartPolicy === 'Always') {
      sum = add(sum, own);
      sidecars = add(sidecars, own);
      step = sidecars;
    } else step = add(own, sidecars);
    maxInto(initMax, step);
  }
  maxInto(sum, initMax);
  return sum;
}

export function podRequests(spec: Obj): ResourceList {
  const reqs = effective(spec, 'requests');
  return add(reqs, parseList(spec.overhead));
}

export function podLimits(spec: Obj): ResourceList {
  const limits = effective(spec, 'limits');
  // Overhead counts only towards resources that have limits.
  for (const [k, v] of parseList(spec.overhead)) if (limits.has(k)) limits.set(k, addQ(limits.get(k)!, v));
  return limits;
}
