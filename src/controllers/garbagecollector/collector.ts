// The garbage collector (upstream's pkg/controller/garbagecollector): deletes objects whose owners
// are all gone, and carries out foreground and orphan deletion of owners.
//
//  - Background: once an owner is gone, each dependent is checked: every owner reference is looked
//    up live (by name, compared by uid); a dependent with no owner left is deleted (honouring its
//    own orphan/foreground finalizer); dangling references of a dependent that still has an owner
//    are removed.
//  - Foreground: an owner with deletionTimestamp and the "foregroundDeletion" finalizer has its
//    dependents deleted; when none that blocks (blockOwnerDeletion) is left, the finalizer goes and
//    with it the owner.
//  - Orphan: an owner with the "orphan" finalizer has its reference removed from every dependent,
//    then the finalizer.
// References the collector cannot check — a kind it does not know, an owner in another namespace, a
// namespaced owner of a cluster-scoped object — never cause a deletion: they are logged and left.

import { setMaxListeners } from 'node:events';
import type { KubeObject, OwnerReference } from '../../api/types.js';
import { isConflict, isNotFound, type Client } from '../../machinery/client/index.js';
import type { Clock } from '../../machinery/clock/clock.js';
import { runWorkers } from '../../machinery/controller/index.js';
import type { EventRecorder } from '../../machinery/events/index.js';
import { dropManagedFields, objectOf, SharedInformerFactory, type HandlerRegistration } from '../../machinery/informers/index.js';
import { RateLimitingQueue } from '../../machinery/workqueue/index.js';
import { absentKey, FOREGROUND, GraphBuilder, ORPHAN } from './builder.js';
import { GraphNode, identityString, LRUSet, type Identity } from './graph.js';
import { monitoredResources, resolveKind, type MonitoredResource } from './resources.js';

export interface GarbageCollectorOptions {
  client: Client;
  clock: Clock;
  recorder: EventRecorder;
  /** Workers per queue (--concurrent-gc-syncs, default 20). */
  workers?: number;
  /** The resources to watch (default: every listable, watchable, deletable resource but events). */
  resources?: MonitoredResource[];
  log?: (m: string) => void;
}

/** Keeps only what the graph needs: identity, owners, finalizers, deletion state. */
export function metadataOnly(obj: KubeObject): KubeObject {
  const m = dropManagedFields(obj).metadata;
  const meta: KubeObject['metadata'] = { name: m.name!, uid: m.uid!, resourceVersion: m.resourceVersion! };
  if (m.namespace) meta.namespace = m.namespace;
  if (m.ownerReferences?.length) meta.ownerReferences = m.ownerReferences;
  if (m.finalizers?.length) meta.finalizers = m.finalizers;
  if (m.deletionTimestamp) meta.deletionTimestamp = m.deletionTimestamp;
  return { ...(obj.apiVersion ? { apiVersion: obj.apiVersion } : {}), ...(obj.kind ? { kind: obj.kind } : {}), metadata: meta };
}

class UnknownKindError extends Error {}

type Classified = { solid: OwnerReference[]; dangling: OwnerReference[]; waiting: OwnerReference[]; unverifiable: OwnerReference[] };

export class GarbageCollector {
  readonly graph = new Map<string, GraphNode>();
  readonly attemptToDelete: RateLimitingQueue<string>;
  readonly attemptToOrphan: RateLimitingQueue<string>;
  readonly informers: SharedInformerFactory;
  private readonly absent = new LRUSet(500);
  private readonly builder: GraphBuilder;
  private readonly regs: HandlerRegistration[] = [];
  private readonly reported = new Set<string>();
  private readonly log: (m: string) => void;

  constructor(private readonly o: GarbageCollectorOptions) {
    this.log = (m) => o.log?.(`garbage-collector: ${m}`);
    this.attemptToDelete = new RateLimitingQueue<string>({ name: 'garbage_collector_attempt_to_delete', clock: o.clock });
    this.attemptToOrphan = new RateLimitingQueue<string>({ name: 'garbage_collector_attempt_to_orphan', clock: o.clock });
    this.builder = new GraphBuilder({
      graph: this.graph,
      attemptToDelete: (uid) => this.attemptToDelete.add(uid),
      attemptToOrphan: (uid) => this.attemptToOrphan.add(uid),
      absent: this.absent,
      reportInvalidNamespace: (n, ownerUID) => this.reportInvalidNamespace(n, ownerUID),
      ...(o.log ? { log: o.log } : {}),
    });
    // Its own informers, caching metadata only (upstream uses metadata informers).
    this.informers = new SharedInformerFactory(o.client, { clock: o.clock, transform: metadataOnly, ...(o.log ? { log: o.log } : {}) });
    for (const res of o.resources ?? monitoredResources()) {
      const kind = { apiVersion: res.apiVersion, kind: res.kind };
      const inf = this.informers.informerFor(res.gvr);
      this.regs.push(
        inf.addEventHandler({
          onAdd: (obj) => this.builder.observe(obj, undefined, kind),
          onUpdate: (old, obj) => this.builder.observe(obj, old, kind),
          onDelete: (d) => this.builder.observeDelete(objectOf(d), kind),
        }),
      );
    }
  }

  /** True once every monitored resource has been listed into the graph. */
  isSynced(): boolean {
    return this.regs.every((r) => r.hasSynced());
  }

  async run(parent: AbortSignal): Promise<void> {
    // One signal for the many monitors and workers (each listens to it).
    const ac = new AbortController();
    setMaxListeners(0, ac.signal);
    const stop = () => ac.abort();
    if (parent.aborted) stop();
    else parent.addEventListener('abort', stop, { once: true });
    const signal = ac.signal;
    this.informers.start(signal);
    try {
      while (!this.isSynced()) {
        if (!(await this.o.clock.sleep(50, signal))) return;
      }
      this.log(`all resource monitors have synced (${this.graph.size} objects); proceeding to collect garbage`);
      const workers = this.o.workers ?? 20;
      await Promise.all([
        runWorkers({ name: 'garbage-collector-delete', queue: this.attemptToDelete, workers, reconcile: (uid) => this.processAttemptToDelete(uid), signal, log: this.log }),
        runWorkers({ name: 'garbage-collector-orphan', queue: this.attemptToOrphan, workers, reconcile: (uid) => this.processAttemptToOrphan(uid), signal, log: this.log }),
      ]);
    } finally {
      ac.abort();
      parent.removeEventListener('abort', stop);
      await this.informers.shutdown();
    }
  }

  // ---------------------------------------------------------------- API access

  private apiFor(id: { apiVersion: string; kind: string }, namespace: string) {
    const r = resolveKind(id.apiVersion, id.kind);
    if (!r) throw new UnknownKindError(`unable to get REST mapping for ${id.apiVersion}/${id.kind}`);
    return { api: this.o.client.resource(r.gvr, r.namespaced ? namespace : undefined), namespaced: r.namespaced };
  }

  private async getObject(id: Identity): Promise<KubeObject> {
    return this.apiFor(id, id.namespace).api.get(id.name);
  }

  private async deleteObject(id: Identity, policy: 'Background' | 'Foreground' | 'Orphan'): Promise<void> {
    this.log(`deleting ${identityString(id)} with propagation policy ${policy}`);
    try {
      await this.apiFor(id, id.namespace).api.delete(id.name, { propagationPolicy: policy, preconditions: { uid: id.uid } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** Rewrites an object's metadata from its live state (merge patch guarded by resourceVersion), retrying conflicts. */
  private async patchMetadata(id: Identity, edit: (cur: KubeObject) => Record<string, unknown> | undefined): Promise<void> {
    const { api } = this.apiFor(id, id.namespace);
    for (let attempt = 0; ; attempt++) {
      let cur: KubeObject;
      try {
        cur = await api.get(id.name);
      } catch (err) {
        if (isNotFound(err)) return;
        throw err;
      }
      if (cur.metadata.uid !== id.uid) return;
      const meta = edit(cur);
      if (!meta) return;
      try {
        await api.patch(id.name, { metadata: { ...meta, uid: id.uid, resourceVersion: cur.metadata.resourceVersion } }, { type: 'merge' });
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        if (!isConflict(err) || attempt >= 4) throw err;
      }
    }
  }

  private removeFinalizer(id: Identity, finalizer: string): Promise<void> {
    return this.patchMetadata(id, (cur) => {
      const fins = cur.metadata.finalizers ?? [];
      if (!fins.includes(finalizer)) return undefined;
      const rest = fins.filter((f) => f !== finalizer);
      return { finalizers: rest.length ? rest : null };
    });
  }

  private removeOwnerReferences(id: Identity, uids: Set<string>): Promise<void> {
    return this.patchMetadata(id, (cur) => {
      const refs = cur.metadata.ownerReferences ?? [];
      const rest = refs.filter((r) => !uids.has(r.uid));
      if (rest.length === refs.length) return undefined;
      return { ownerReferences: rest.length ? rest : null };
    });
  }

  private unblockOwnerReferences(id: Identity): Promise<void> {
    return this.patchMetadata(id, (cur) => {
      const refs = cur.metadata.ownerReferences ?? [];
      if (!refs.some((r) => r.blockOwnerDeletion === true)) return undefined;
      return { ownerReferences: refs.map((r) => (r.blockOwnerDeletion === true ? { ...r, blockOwnerDeletion: false } : r)) };
    });
  }

  private reportInvalidNamespace(n: GraphNode, ownerUID: string): void {
    const ref = n.owners.find((r) => r.uid === ownerUID);
    if (!ref) return;
    const key = `${n.identity.uid}/${ownerUID}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const invalid: Identity = { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid, namespace: n.identity.namespace };
    this.o.recorder.eventf(
      { apiVersion: n.identity.apiVersion, kind: n.identity.kind, namespace: n.identity.namespace, name: n.identity.name, uid: n.identity.uid },
      'Warning',
      'OwnerRefInvalidNamespace',
      'ownerRef %s does not exist in namespace %q',
      identityString(invalid),
      n.identity.namespace,
    );
  }

  // ---------------------------------------------------------------- attemptToDelete

  async processAttemptToDelete(uid: string): Promise<void> {
    const n = this.graph.get(uid);
    if (!n) return;
    if (n.virtual && !n.observed && n.dependents.size === 0) {
      // Nobody refers to this owner any more.
      this.graph.delete(uid);
      return;
    }
    try {
      await this.attemptToDeleteItem(n);
    } catch (err) {
      if (err instanceof UnknownKindError) {
        // A kind nobody serves: never resolvable, nothing to retry.
        this.log(`${identityString(n.identity)}: ${err.message}; leaving it alone`);
        if (n.virtual && !n.observed) for (const d of n.dependents) this.attemptToDelete.add(d.identity.uid);
        return;
      }
      throw err;
    }
    // A virtual node that exists but was not observed yet: look again later.
    if (n.virtual && !n.observed && this.graph.get(uid) === n) throw new Error(`${identityString(n.identity)} has not been observed via an informer yet`);
  }

  private async attemptToDeleteItem(n: GraphNode): Promise<void> {
    if (n.beingDeleted && !n.deletingDependents) return;
    if (n.virtual && !n.observed && !resolveKind(n.identity.apiVersion, n.identity.kind)) throw new UnknownKindError(`unable to get REST mapping for ${n.identity.apiVersion}/${n.identity.kind}`);
    let latest: KubeObject;
    try {
      latest = await this.getObject(n.identity);
    } catch (err) {
      if (isNotFound(err)) {
        this.builder.virtualDelete(n.identity);
        return;
      }
      throw err;
    }
    if (latest.metadata.uid !== n.identity.uid) {
      this.builder.virtualDelete(n.identity);
      return;
    }
    if (n.deletingDependents) return this.processDeletingDependents(n);
    const refs = latest.metadata.ownerReferences ?? [];
    if (!refs.length) return;
    const c = await this.classify(n, refs);
    if (c === 'leave') return;
    if (c.solid.length || c.unverifiable.length) {
      if (!c.dangling.length && !c.waiting.length) return;
      if (!c.solid.length) return; // only unverifiable owners left: keep the references as they are
      // Still owned: drop the references to owners that are gone or waiting (else they would wait forever).
      this.log(`removing dangling and waiting references from ${identityString(n.identity)}`);
      await this.removeOwnerReferences(n.identity, new Set([...c.dangling, ...c.waiting].map((r) => r.uid)));
      return;
    }
    if (c.waiting.length && n.dependents.size) {
      // An owner waits for this object, which has dependents of its own: delete it in the foreground
      // too (unblocking its references first if a dependent is itself waiting, to avoid a cycle).
      if ([...n.dependents].some((d) => d.deletingDependents)) await this.unblockOwnerReferences(n.identity);
      await this.deleteObject(n.identity, 'Foreground');
      return;
    }
    const policy = latest.metadata.finalizers?.includes(ORPHAN) ? 'Orphan' : latest.metadata.finalizers?.includes(FOREGROUND) ? 'Foreground' : 'Background';
    await this.deleteObject(n.identity, policy);
  }

  /** Sorts an object's owner references: there, gone, waiting for dependents, or not checkable. */
  private async classify(n: GraphNode, refs: OwnerReference[]): Promise<Classified | 'leave'> {
    const out: Classified = { solid: [], dangling: [], waiting: [], unverifiable: [] };
    for (const ref of refs) {
      if (this.absent.has(absentKey(ref, '')) || this.absent.has(absentKey(ref, n.identity.namespace))) {
        out.dangling.push(ref);
        continue;
      }
      const kind = resolveKind(ref.apiVersion, ref.kind);
      if (!kind) {
        this.log(`${identityString(n.identity)} has an owner of an unknown kind ${ref.apiVersion}/${ref.kind}; leaving it alone`);
        out.unverifiable.push(ref);
        continue;
      }
      if (kind.namespaced && !n.identity.namespace) {
        this.log(`${identityString(n.identity)} is cluster-scoped but refers to a namespaced owner ${ref.kind} ${ref.name}; leaving it alone`);
        return 'leave';
      }
      const ns = kind.namespaced ? n.identity.namespace : '';
      let owner: KubeObject | undefined;
      try {
        owner = await this.o.client.resource(kind.gvr, ns || undefined).get(ref.name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      if (!owner || owner.metadata.uid !== ref.uid) {
        // Is it an owner that lives in another namespace? Then the reference is invalid, not dangling.
        const known = this.graph.get(ref.uid);
        if (known?.observed && kind.namespaced && known.identity.namespace !== n.identity.namespace) {
          this.log(`${identityString(n.identity)} refers to an owner in namespace ${known.identity.namespace}; leaving it alone`);
          this.reportInvalidNamespace(n, ref.uid);
          out.unverifiable.push(ref);
          continue;
        }
        this.absent.add(absentKey(ref, ns));
        out.dangling.push(ref);
        continue;
      }
      if (owner.metadata.deletionTimestamp && owner.metadata.finalizers?.includes(FOREGROUND)) out.waiting.push(ref);
      else out.solid.push(ref);
    }
    return out;
  }

  private async processDeletingDependents(n: GraphNode): Promise<void> {
    const blocking = n.blockingDependents();
    if (!blocking.length) {
      this.log(`removing the ${FOREGROUND} finalizer from ${identityString(n.identity)}`);
      await this.removeFinalizer(n.identity, FOREGROUND);
      return;
    }
    for (const d of blocking) if (!d.deletingDependents) this.attemptToDelete.add(d.identity.uid);
  }

  // ---------------------------------------------------------------- attemptToOrphan

  async processAttemptToOrphan(uid: string): Promise<void> {
    const owner = this.graph.get(uid);
    if (!owner) return;
    const failures: string[] = [];
    await Promise.all(
      [...owner.dependents].map(async (d) => {
        try {
          await this.removeOwnerReferences(d.identity, new Set([uid]));
        } catch (err) {
          failures.push(`orphaning ${identityString(d.identity)} failed, ${(err as Error).message}`);
        }
      }),
    );
    if (failures.length) throw new Error(`orphanDependents for ${identityString(owner.identity)} failed with ${failures.join('; ')}`);
    await this.removeFinalizer(owner.identity, ORPHAN);
  }
}
