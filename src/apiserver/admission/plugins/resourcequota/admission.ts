// The ResourceQuota admission plugin (upstream's plugin/pkg/admission/resourcequota): a create (or an
// update that changes usage) in a namespace with quotas is charged against every matching quota's
// status.hard; when any would be exceeded the request is refused with 403, otherwise the new usage is
// written to the quotas' status with optimistic concurrency (retried on conflict) before the object is
// stored. Requests in one namespace are checked one at a time, as upstream's per-namespace worker does.

import type { KubeObject } from '../../../../api/types.js';
import { isStatusError } from '../../../../machinery/errors/status.js';
import { admissionForbidden as forbidden, type AdmissionAttributes, type AdmissionPlugin } from '../../interface.js';
import {
  add,
  equals,
  evaluatorFor,
  hardOf,
  lessThanOrEqual,
  mask,
  matchesScopes,
  prettyPrint,
  prettyPrintNames,
  subtract,
  toJSON,
  usedOf,
  type Evaluator,
  type ResourceList,
} from './quota/index.js';

export interface QuotaAccess {
  /** The ResourceQuotas of a namespace as the apiserver's cache has them (never mutated here). */
  list(namespace: string): Promise<KubeObject[]> | KubeObject[];
  /** The same, read consistently (after a conflict). */
  listLive(namespace: string): Promise<KubeObject[]>;
  /** PUT resourcequotas/<name>/status carrying metadata.resourceVersion; a 409 StatusError on conflict. */
  updateStatus(quota: KubeObject): Promise<KubeObject>;
}

export interface ResourceQuotaOptions {
  quotas: QuotaAccess;
  /** Milliseconds since the epoch (pods past their deletion grace period are not charged). */
  now?: () => number;
  /** Conflict retries (upstream: 3). */
  retries?: number;
}

/** Resources quota never charges (upstream's default ignored resources). */
const IGNORED = new Set(['/events', 'events.k8s.io/events', 'authentication.k8s.io/tokenreviews', 'authorization.k8s.io/subjectaccessreviews', 'authorization.k8s.io/localsubjectaccessreviews', 'authorization.k8s.io/selfsubjectaccessreviews', 'authorization.k8s.io/selfsubjectrulesreviews']);


interface Charge {
  quota: KubeObject;
  hard: ResourceList;
  used: ResourceList;
}

/** The quotas to update with their new usage, or throws the refusal. Pure: reads `quotas` only. */
export function checkRequest(quotas: KubeObject[], a: AdmissionAttributes, ev: Evaluator, nowMs: number): Charge[] {
  const obj = a.object!;
  const pertinent: Array<{ quota: KubeObject; hard: ResourceList; used: ResourceList }> = [];
  for (const q of quotas) {
    const hard = hardOf(q, 'status');
    const restricted = ev.matchingResources([...hard.keys()]);
    if (restricted.length === 0 || !matchesScopes(ev, q, obj)) continue;
    const name = q.metadata.name ?? '';
    const missing = ev.constraints?.(restricted, obj);
    if (missing) throw forbidden(a, `failed quota: ${name}: ${missing}`);
    const used = usedOf(q);
    if (restricted.some((r) => !used.has(r))) throw forbidden(a, `status unknown for quota: ${name}, resources: ${prettyPrintNames(restricted)}`);
    pertinent.push({ quota: q, hard, used });
  }
  if (pertinent.length === 0) return [];
  let delta = ev.usage(obj, nowMs);
  const negative = [...delta].filter(([, v]) => v.unscaled < 0n).map(([k]) => k);
  if (negative.length) throw forbidden(a, `quota usage is negative for resource(s): ${prettyPrintNames(negative)}`);
  if (a.operation === 'UPDATE') {
    if (!a.oldObject) throw forbidden(a, 'unable to get previous usage since prior version of object was not found');
    if (a.oldObject.metadata.resourceVersion) {
      const diff = subtract(delta, ev.usage(a.oldObject, nowMs));
      delta = new Map([...diff].map(([k, v]) => [k, v.unscaled < 0n ? { ...v, unscaled: 0n } : v]));
    }
  }
  delta = new Map([...delta].filter(([, v]) => v.unscaled !== 0n));
  if (delta.size === 0) return [];
  const out: Charge[] = [];
  for (const p of pertinent) {
    const requested = mask(delta, p.hard.keys());
    const newUsed = add(p.used, requested);
    const check = lessThanOrEqual(mask(newUsed, requested.keys()), p.hard);
    if (!check.ok) {
      const ex = check.exceeded;
      throw forbidden(a, `exceeded quota: ${p.quota.metadata.name ?? ''}, requested: ${prettyPrint(mask(requested, ex))}, used: ${prettyPrint(mask(p.used, ex))}, limited: ${prettyPrint(mask(p.hard, ex))}`);
    }
    if (!equals(newUsed, p.used)) out.push({ quota: p.quota, hard: p.hard, used: newUsed });
  }
  return out;
}

function withUsed(q: KubeObject, used: ResourceList): KubeObject {
  const status = typeof q.status === 'object' && q.status !== null ? (q.status as Record<string, unknown>) : {};
  return { ...q, metadata: { ...q.metadata }, status: { ...status, used: toJSON(used) } };
}

function rvNumber(o: KubeObject): number {
  const n = Number(o.metadata.resourceVersion ?? 0);
  return Number.isFinite(n) ? n : 0;
}

export function resourceQuotaAdmission(o: ResourceQuotaOptions): AdmissionPlugin {
  const now = o.now ?? Date.now;
  const retries = o.retries ?? 3;
  const locks = new Map<string, Promise<void>>();
  /** Quotas this plugin wrote last, newer than the cache may be yet (upstream's updatedQuotas LRU). */
  const written = new Map<string, KubeObject>();

  const freshest = (list: KubeObject[]): KubeObject[] =>
    list.map((q) => {
      const key = `${q.metadata.namespace}/${q.metadata.name}`;
      const mine = written.get(key);
      if (!mine) return q;
      if (mine.metadata.uid === q.metadata.uid && rvNumber(mine) > rvNumber(q)) return mine;
      // The cache caught up (or the quota was replaced): forget our copy.
      written.delete(key);
      return q;
    });

  const serialize = async (ns: string, fn: () => Promise<void>): Promise<void> => {
    const prev = locks.get(ns) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    locks.set(ns, tail);
    try {
      await run;
    } finally {
      if (locks.get(ns) === tail) locks.delete(ns);
    }
  };

  const admit = async (a: AdmissionAttributes, ev: Evaluator): Promise<void> => {
    let quotas = freshest(await o.quotas.list(a.namespace));
    if (quotas.length === 0) return;
    for (let attempt = 0; ; attempt++) {
      const charges = checkRequest(quotas, a, ev, now());
      if (charges.length === 0 || a.dryRun) return;
      const failed = new Set<string>();
      let lastErr: unknown;
      for (const c of charges) {
        try {
          const updated = await o.quotas.updateStatus(withUsed(c.quota, c.used));
          written.set(`${updated.metadata.namespace}/${updated.metadata.name}`, updated);
        } catch (err) {
          if (!isStatusError(err, 'Conflict')) throw err;
          failed.add(c.quota.metadata.name ?? '');
          lastErr = err;
        }
      }
      if (failed.size === 0) return;
      if (attempt >= retries) throw lastErr;
      quotas = (await o.quotas.listLive(a.namespace)).filter((q) => failed.has(q.metadata.name ?? ''));
      for (const q of quotas) written.delete(`${q.metadata.namespace}/${q.metadata.name}`);
    }
  };

  return {
    name: 'ResourceQuota',
    async validate(a: AdmissionAttributes) {
      if (!a.def.namespaced || !a.namespace || !a.object) return;
      if (IGNORED.has(`${a.def.group}/${a.def.plural}`)) return;
      const ev = evaluatorFor(a.def.group, a.def.plural);
      if (!ev.handles(a.operation, a.subresource)) return;
      await serialize(a.namespace, () => admit(a, ev));
    },
  };
}
