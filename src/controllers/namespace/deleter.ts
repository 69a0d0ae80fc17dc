// Emptying a namespace that is being deleted (upstream's namespacedResourcesDeleter): mark it
// Terminating, delete everything in it of every namespaced resource that can be deleted (by
// collection where the resource allows it, else one by one; pods get their graceful termination),
// check what is left, report it in the namespace's conditions, and once nothing is left remove the
// "kubernetes" finalizer through namespaces/<name>/finalize — after which the API server deletes
// the namespace.

import { RESOURCES, isVirtual } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { isConflict, isNotFound, type Client, type GroupVersionResource } from '../../machinery/client/index.js';
import type { Clock } from '../../machinery/clock/clock.js';
import { ConditionUpdater, type NamespaceCondition } from './conditions.js';

export const FINALIZER = 'kubernetes';
/** How long to wait for content held by finalizers (upstream's finalizerEstimateSeconds). */
export const FINALIZER_ESTIMATE_SECONDS = 15;

export interface Namespace extends KubeObject {
  spec?: { finalizers?: string[] };
  status?: { phase?: string; conditions?: NamespaceCondition[] };
}

/** Content remains that should go by itself within about `estimate` seconds. */
export class ResourcesRemainingError extends Error {
  constructor(readonly estimate: number) {
    super(`some content remains in the namespace, estimate ${estimate} seconds before it is removed`);
  }
}

/** A namespaced resource the deleter empties. */
export interface DeletableResource extends GroupVersionResource {
  deleteCollection: boolean;
}

/** Every namespaced resource of the catalogue that can be listed and deleted (one version per resource). */
export function namespacedDeletableResources(): DeletableResource[] {
  const seen = new Set<string>();
  const out: DeletableResource[] = [];
  for (const d of RESOURCES) {
    if (!d.namespaced || isVirtual(d) || !d.verbs.includes('delete') || !d.verbs.includes('list')) continue;
    const key = `${d.group}/${d.plural}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ group: d.group, version: d.version, resource: d.plural, namespaced: true, deleteCollection: d.verbs.includes('deletecollection') });
  }
  return out;
}

export interface DeleterOptions {
  client: Client;
  clock: Clock;
  /** The resources to empty (default: namespacedDeletableResources()). */
  resources?: () => DeletableResource[];
  log?: (m: string) => void;
}

interface GVRResult {
  estimate: number;
  remaining: number;
  finalizers: Map<string, number>;
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function grName(g: GroupVersionResource): string {
  return `${g.resource}.${g.group}`;
}

export class NamespacedResourcesDeleter {
  private readonly namespaces;
  private readonly unsupported = new Set<string>();

  constructor(private readonly o: DeleterOptions) {
    this.namespaces = o.client.resource<Namespace>('namespaces');
  }

  /** Empties and finalizes the namespace; throws ResourcesRemainingError while content is going. */
  async delete(name: string): Promise<void> {
    let ns: Namespace;
    try {
      ns = await this.namespaces.get(name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (!ns.metadata.deletionTimestamp) return;
    try {
      ns = await this.retryOnConflict(ns, (cur) => this.markTerminating(cur));
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (!ns.metadata.deletionTimestamp) return;
    if (!(ns.spec?.finalizers?.length)) {
      await this.deleteIfFinished(ns);
      return;
    }
    const estimate = await this.deleteAllContent(ns);
    if (estimate > 0) throw new ResourcesRemainingError(estimate);
    let done: Namespace;
    try {
      done = await this.retryOnConflict(ns, (cur) => this.finalize(cur));
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    await this.deleteIfFinished(done);
  }

  private async retryOnConflict(ns: Namespace, fn: (cur: Namespace) => Promise<Namespace>): Promise<Namespace> {
    let cur = ns;
    for (;;) {
      try {
        return await fn(cur);
      } catch (err) {
        if (!isConflict(err)) throw err;
        const latest = await this.namespaces.get(cur.metadata.name!);
        if (latest.metadata.uid !== cur.metadata.uid) throw new Error('namespace uid has changed across retries');
        cur = latest;
      }
    }
  }

  private async markTerminating(ns: Namespace): Promise<Namespace> {
    if (!ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') return ns;
    return this.namespaces.updateStatus({ ...ns, status: { ...ns.status, phase: 'Terminating' } });
  }

  private async finalize(ns: Namespace): Promise<Namespace> {
    const finalizers = [...new Set((ns.spec?.finalizers ?? []).filter((f) => f !== FINALIZER))].sort();
    const body: Namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: ns.metadata, spec: { ...ns.spec, finalizers } };
    return this.namespaces.updateSubresource<Namespace>(ns.metadata.name!, 'finalize', body);
  }

  /** No finalizers of any kind left, yet the namespace is still there: delete it again. */
  private async deleteIfFinished(ns: Namespace): Promise<void> {
    if (ns.spec?.finalizers?.length || ns.metadata.finalizers?.length) return;
    try {
      const cur = await this.namespaces.get(ns.metadata.name!);
      if (cur.metadata.uid !== ns.metadata.uid || cur.spec?.finalizers?.length || cur.metadata.finalizers?.length) return;
      await this.namespaces.delete(ns.metadata.name!, { preconditions: { uid: ns.metadata.uid! } });
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }

  /** Deletes everything in the namespace; returns how many seconds to wait for what remains. */
  async deleteAllContent(ns: Namespace): Promise<number> {
    const name = ns.metadata.name!;
    const deletedAt = Date.parse(ns.metadata.deletionTimestamp!);
    const cond = new ConditionUpdater(() => rfc3339(this.o.clock.now()));
    const errors: string[] = [];
    const remaining = new Map<string, number>();
    const finalizers = new Map<string, number>();
    let estimate = 0;
    for (const gvr of (this.o.resources ?? namespacedDeletableResources)()) {
      let r: GVRResult;
      try {
        r = await this.deleteAllOf(gvr, name, deletedAt);
      } catch (err) {
        const e = err as Error & { result?: GVRResult };
        errors.push(e.message);
        cond.deleteContentFailed(e.message);
        if (!e.result) continue;
        r = e.result;
      }
      estimate = Math.max(estimate, r.estimate);
      if (r.remaining > 0) {
        remaining.set(grName(gvr), r.remaining);
        for (const [f, n] of r.finalizers) finalizers.set(f, (finalizers.get(f) ?? 0) + n);
      }
    }
    cond.contentTotals(remaining, finalizers);
    const status = structuredClone(ns.status ?? {});
    if (cond.update(status)) {
      try {
        await this.namespaces.updateStatus({ ...ns, status });
      } catch (err) {
        this.o.log?.(`couldn't update status condition for namespace "${name}": ${(err as Error).message}`);
      }
    }
    if (errors.length) throw new Error(errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`);
    return estimate;
  }

  private async deleteAllOf(gvr: DeletableResource, namespace: string, deletedAt: number): Promise<GVRResult> {
    const api = this.o.client.resource(gvr, namespace);
    let estimate = gvr.group === '' && gvr.resource === 'pods' ? await this.estimatePods(namespace) : 0;
    if (estimate && this.o.clock.now() - deletedAt >= estimate * 1000) estimate = 0;
    const key = `${gvr.group}/${gvr.resource}`;
    let done = false;
    if (gvr.deleteCollection && !this.unsupported.has(key)) {
      try {
        await api.deleteCollection({ propagationPolicy: 'Background' });
        done = true;
      } catch (err) {
        const code = (err as { code?: number }).code;
        if (code !== 404 && code !== 405) throw Object.assign(err as Error, { result: { estimate, remaining: 0, finalizers: new Map() } });
        this.unsupported.add(key);
      }
    }
    if (!done) {
      const list = await this.listOrNone(api);
      for (const item of list) {
        try {
          await api.delete(item.metadata.name!, { propagationPolicy: 'Background' });
        } catch (err) {
          const code = (err as { code?: number }).code;
          if (code !== 404 && code !== 405) throw Object.assign(err as Error, { result: { estimate, remaining: 0, finalizers: new Map() } });
        }
      }
    }
    const left = await this.listOrNone(api);
    if (!left.length) return { estimate: 0, remaining: 0, finalizers: new Map() };
    const finalizers = new Map<string, number>();
    for (const item of left) for (const f of item.metadata.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
    if (estimate) return { estimate, remaining: left.length, finalizers };
    if (finalizers.size) return { estimate: FINALIZER_ESTIMATE_SECONDS, remaining: left.length, finalizers };
    const result = { estimate, remaining: left.length, finalizers };
    throw Object.assign(new Error(`unexpected items still remain in namespace: ${namespace} for gvr: ${gvr.group}/${gvr.version}, Resource=${gvr.resource}`), { result });
  }

  /** The items of a collection; none when the server does not list this resource (404/405). */
  private async listOrNone(api: ReturnType<Client['resource']>): Promise<KubeObject[]> {
    try {
      return (await api.list()).items;
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (code === 404 || code === 405) return [];
      throw err;
    }
  }

  /** The longest termination grace period of the namespace's pods that still run. */
  private async estimatePods(namespace: string): Promise<number> {
    const pods = await this.o.client.resource<KubeObject & { spec?: { terminationGracePeriodSeconds?: number }; status?: { phase?: string } }>('pods', namespace).list();
    let estimate = 0;
    for (const p of pods.items) {
      const phase = p.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') continue;
      const g = p.spec?.terminationGracePeriodSeconds;
      if (typeof g === 'number' && g > estimate) estimate = g;
    }
    return estimate;
  }
}
