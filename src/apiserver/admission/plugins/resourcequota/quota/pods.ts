// The pod evaluator (upstream's pkg/quota/v1/evaluator/core/pods.go): what a pod is charged (count,
// compute requests and limits while it is not terminal), which quota scopes it matches, and the
// backward-compatible rule that a quota on cpu/memory requires every container to state them.

import type { KubeObject } from '../../../../../api/types.js';
import { computeQOS } from '../../../../registry/strategies/qos.js';
import { containerList, podRequests, podLimits } from './podresources.js';
import { add, quantity, type ResourceList } from './resources.js';
import type { Evaluator, ScopeSelector } from './types.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const objs = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

export const POD_RESOURCES = [
  'count/pods',
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
];

const PREFIXES = ['hugepages-', 'requests.hugepages-'];
/** A quota on any of these requires each container to state it (a historical mistake upstream keeps). */
const VALIDATION_SET = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);

function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return true;
}

/** The compute usage a set of requests and limits amounts to, by quota name. */
function computeUsage(requests: ResourceList, limits: ResourceList): ResourceList {
  const out: ResourceList = new Map([['pods', quantity(1)]]);
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    const req = requests.get(r);
    if (req) {
      out.set(r, req);
      out.set(`requests.${r}`, req);
    }
    const lim = limits.get(r);
    if (lim) out.set(`limits.${r}`, lim);
  }
  for (const [name, q] of requests) {
    if (name.startsWith('hugepages-')) {
      out.set(name, q);
      out.set(`requests.${name}`, q);
    }
    if (isExtendedResourceName(name)) out.set(`requests.${name}`, q);
  }
  return out;
}

function spec(o: KubeObject): Obj {
  return isObj(o.spec) ? o.spec : {};
}

/** Is the pod still charged for compute (not terminal, not stuck past its grace period)? */
export function quotaV1Pod(pod: KubeObject, nowMs: number): boolean {
  const phase = isObj(pod.status) ? pod.status.phase : undefined;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  const m = pod.metadata;
  if (m.deletionTimestamp && m.deletionGracePeriodSeconds !== undefined) {
    const end = Date.parse(m.deletionTimestamp) + m.deletionGracePeriodSeconds * 1000;
    if (nowMs > end) return false;
  }
  return true;
}

export function podUsage(pod: KubeObject, nowMs: number): ResourceList {
  const out: ResourceList = new Map([['count/pods', quantity(1)]]);
  if (!quotaV1Pod(pod, nowMs)) return out;
  const s = spec(pod);
  return add(out, computeUsage(podRequests(s), podLimits(s)));
}

function isTerminating(pod: KubeObject): boolean {
  const ads = spec(pod).activeDeadlineSeconds;
  return typeof ads === 'number' && ads >= 0;
}

function crossNamespaceAffinity(pod: KubeObject): boolean {
  const aff = isObj(spec(pod).affinity) ? (spec(pod).affinity as Obj) : {};
  const terms = (x: unknown): Obj[] => {
    const a = isObj(x) ? x : {};
    return [...objs(a.requiredDuringSchedulingIgnoredDuringExecution), ...objs(a.preferredDuringSchedulingIgnoredDuringExecution).map((w) => (isObj(w.podAffinityTerm) ? w.podAffinityTerm : {}))];
  };
  return [...terms(aff.podAffinity), ...terms(aff.podAntiAffinity)].some((t) => (Array.isArray(t.namespaces) && t.namespaces.length > 0) || t.namespaceSelector !== undefined && t.namespaceSelector !== null);
}

function matchesPriorityClass(pod: KubeObject, sel: ScopeSelector): boolean {
  const pc = typeof spec(pod).priorityClassName === 'string' ? (spec(pod).priorityClassName as string) : '';
  const values = sel.values ?? [];
  switch (sel.operator) {
    case 'Exists':
      return pc !== '';
    case 'DoesNotExist':
      return pc === '';
    case 'In':
      return pc !== '' && values.includes(pc);
    case 'NotIn':
      return pc === '' || !values.includes(pc);
    default:
      return false;
  }
}

export function podMatchesScope(sel: ScopeSelector, pod: KubeObject): boolean {
  switch (sel.scopeName) {
    case 'Terminating':
      return isTerminating(pod);
    case 'NotTerminating':
      return !isTerminating(pod);
    case 'BestEffort':
      return computeQOS(spec(pod)) === 'BestEffort';
    case 'NotBestEffort':
      return computeQOS(spec(pod)) !== 'BestEffort';
    case 'PriorityClass':
      return matchesPriorityClass(pod, sel);
    case 'CrossNamespacePodAffinity':
      return crossNamespaceAffinity(pod);
    default:
      return false;
  }
}

/** "must specify limits.cpu for: a,b; requests.cpu for: a", or undefined when nothing is missing. */
export function podConstraints(required: string[], pod: KubeObject): string | undefined {
  const req = new Set(required.filter((r) => VALIDATION_SET.has(r)));
  const missing = new Map<string, Set<string>>();
  const s = spec(pod);
  for (const c of [...objs(s.containers), ...objs(s.initContainers)]) {
    const have = computeUsage(containerList(c, 'requests'), containerList(c, 'limits'));
    for (const r of req) {
      if (have.has(r)) continue;
      const set = missing.get(r) ?? new Set<string>();
      set.add(String(c.name ?? ''));
      missing.set(r, set);
    }
  }
  if (missing.size === 0) return undefined;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}

export const podEvaluator: Evaluator = {
  group: '',
  resource: 'pods',
  matchingResources(input) {
    return input.filter((r) => POD_RESOURCES.includes(r) || PREFIXES.some((p) => r.startsWith(p)) || (r.startsWith('requests.') && isExtendedResourceName(r.slice('requests.'.length))));
  },
  matchesScope: podMatchesScope,
  usage: podUsage,
  handles: (op, sub) => op === 'CREATE' && sub === '',
  constraints: podConstraints,
};
