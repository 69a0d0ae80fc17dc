// The generic registry store (upstream's genericregistry.Store): create, get, list, watch, update,
// delete and deletecollection of one resource, with Kubernetes' metadata semantics — uid,
// creationTimestamp, resourceVersion, generation, generateName, finalizers, graceful deletion,
// preconditions, dry run — over a Storage and that resource's watch cache.

import { randomUUID } from 'node:crypto';
import type { ResourceDef } from '../../api/resources.js';
import { apiVersionOf, type KubeObject } from '../../api/types.js';
import { statusErrors, StatusError, type GroupResource } from '../../machinery/errors/status.js';
import { isStorageError, StorageError } from '../../machinery/storage/errors.js';
import type { Storage } from '../../machinery/storage/interface.js';
import type { AdmissionAttributes, AdmissionChain } from '../admission/interface.js';
import type { Conversion } from '../conversion/index.js';
import type { Cacher, CachedObject, CacheEvent, CacheWatch } from './cacher.js';
import { deepClone, deepEqual, encodeForStorage, rfc3339, decodeFromStorage } from './codec.js';
import { invalidError } from './invalid.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import type { FieldErr, RequestContext, Strategy } from './strategy.js';

export interface FieldTracker {
  /** Records a non-apply write's managed fields in newObj.metadata.managedFields. */
  update(newObj: KubeObject, oldObj: KubeObject | null, opts: { manager: string; subresource: string; now: Date }): void;
}

export interface StoreOptions {
  /** For resources served in a version other than the stored one. */
  conversion?: Conversion;
  def: ResourceDef;
  strategy: Strategy;
  storage: Storage;
  cacher: Cacher;
  /** Storage prefix: /registry/pods/ */
  prefix: string;
  admission: AdmissionChain;
  fields?: FieldTracker;
}

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  /** The object comes from server-side apply, which has already set its managed fields. */
  applied?: boolean;
}

export interface DeleteOptionsBody {
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  orphanDependents?: boolean;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  dryRun?: string[];
}

export interface DeleteOutcome {
  obj: KubeObject;
  /** True when the object is gone from storage; false when deletion is pending (finalizers, grace period). */
  deleted: boolean;
}

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

/** The largest page a filtered LIST reads from storage at once (upstream etcd3's maxLimit). */
const MAX_PAGE = 10_000;

export function generateName(base: string): string {
  const b = base.length > 58 ? base.slice(0, 58) : base;
  let s = '';
  for (let i = 0; i < 5; i++) s += NAME_CHARS[Math.floor(Math.random() * NAME_CHARS.length)];
  return b + s;
}

export class Store {
  readonly def: ResourceDef;
  readonly gr: GroupResource;
  readonly strategy: Strategy;
  readonly cacher: Cacher;
  private readonly storage: Storage;
  private readonly prefix: string;
  private readonly admission: AdmissionChain;
  private readonly fields: FieldTracker | undefined;
  private readonly conv: Conversion | undefined;

  constructor(o: StoreOptions) {
    this.conv = o.conversion;
    this.def = o.def;
    this.gr = { group: o.def.group, resource: o.def.plural };
    this.strategy = o.strategy;
    this.storage = o.storage;
    this.cacher = o.cacher;
    this.prefix = o.prefix;
    this.admission = o.admission;
    this.fields = o.fields;
  }

  /** Storage form of a served object. */
  private encode(obj: KubeObject): string {
    return encodeForStorage(this.conv ? this.conv.toStorage(obj) : obj);
  }

  /** Served form of a stored object. */
  private out(obj: KubeObject): KubeObject {
    return this.conv ? this.conv.fromStorage(obj) : obj;
  }

  private outCached(c: CachedObject): CachedObject {
    return this.conv ? { key: c.key, obj: this.conv.fromStorage(c.obj), rv: c.rv, namespace: c.namespace } : c;
  }

  key(namespace: string, name: string): string {
    return this.def.namespaced ? `${this.prefix}${namespace}/${name}` : `${this.prefix}${name}`;
  }

  /** Key prefix for a list in a namespace (or everywhere). */
  listPrefix(namespace: string): string {
    return this.def.namespaced && namespace ? `${this.prefix}${namespace}/` : this.prefix;
  }

  private storageErr(err: unknown, name: string): never {
    if (err instanceof StatusError) throw err;
    if (isStorageError(err)) {
      switch (err.code) {
        case 'KeyNotFound':
          throw statusErrors.notFound(this.gr, name);
        case 'KeyExists':
          throw statusErrors.alreadyExists(this.gr, name);
        case 'Conflict':
          throw statusErrors.modified(this.gr, name);
        case 'TooLarge':
          throw statusErrors.tooLarge(`etcdserver: request is too large`);
        case 'TooOld':
          throw statusErrors.expired(`too old resource version: ${err.message.match(/: (\d+)/)?.[1] ?? ''} (${err.revision ?? ''})`);
        case 'Expired':
          throw statusErrors.expired(err.message);
        case 'InvalidContinue':
          throw statusErrors.badRequest(err.message);
        case 'FutureRevision':
          throw statusErrors.timeout(`Too large resource version: ${err.message.match(/revision (\d+)/)?.[1] ?? ''}, current: ${err.revision ?? ''}`, 1);
        case 'Closed':
        case 'Unreachable':
          throw statusErrors.unavailable(`storage unavailable: ${err.message}`);
        default:
          throw statusErrors.internal(err.message);
      }
    }
    throw err;
  }

  // ---------------------------------------------------------------- reads

  /** GET: from the cache when it is fresh enough, else from storage. */
  async get(ctx: RequestContext, name: string, opts: { resourceVersion?: string } = {}): Promise<KubeObject> {
    const key = this.key(ctx.namespace, name);
    const rv = opts.resourceVersion ?? '';
    try {
      if (rv === '0') {
        await this.cacher.ready;
        const c = this.cacher.get(key);
        if (!c) throw statusErrors.notFound(this.gr, name);
        return this.out(c.obj);
      }
      if (rv !== '') {
        const n = parseRv(rv);
        await this.cacher.waitUntilFresh(n);
        const c = this.cacher.get(key);
        if (!c) throw statusErrors.notFound(this.gr, name);
        return this.out(c.obj);
      }
      const kv = await this.storage.get(key);
      if (!kv) throw statusErrors.notFound(this.gr, name);
      return this.out(decodeFromStorage(kv));
    } catch (err) {
      this.storageErr(err, name);
    }
  }

  /** The current object straight from storage (for writes), or null. */
  async current(namespace: string, name: string): Promise<KubeObject | null> {
    try {
      const kv = await this.storage.get(this.key(namespace, name));
      return kv ? this.out(decodeFromStorage(kv)) : null;
    } catch (err) {
      this.storageErr(err, name);
    }
  }

  /**
   * LIST. Without limit: from the watch cache (after making sure it has caught up with storage, for
   * resourceVersion ""). With limit or continue: pages from storage at one snapshot, filtered.
   */
  async list(
    ctx: RequestContext,
    opts: { predicate?: (o: KubeObject) => boolean; limit?: number; continue?: string; resourceVersion?: string; resourceVersionMatch?: string },
  ): Promise<{ items: CachedObject[]; resourceVersion: number; continue?: string; remainingItemCount?: number }> {
    const rv = opts.resourceVersion ?? '';
    const prefix = this.listPrefix(ctx.namespace);
    try {
      if (opts.continue || (opts.limit && opts.limit > 0 && rv !== '0')) return await this.listFromStorage(prefix, opts);
      if (rv === '0') await this.cacher.ready;
      else if (rv === '') {
        // A consistent read: from the cache once it has caught up with storage; if the backend cannot
        // tell the cache promptly (etcd before 3.4.31 answers progress requests late), from storage.
        const cur = await this.storage.currentRevision();
        try {
          await this.cacher.waitUntilFresh(cur, 1_000);
        } catch (err) {
          if (!isStorageError(err, 'FutureRevision')) throw err;
          return await this.listFromStorage(prefix, { ...opts, resourceVersion: String(cur), resourceVersionMatch: 'Exact' });
        }
      }
      else {
        if (opts.resourceVersionMatch === 'Exact') return await this.listFromStorage(prefix, opts);
        await this.cacher.waitUntilFresh(parseRv(rv));
      }
      const pred = opts.predicate;
      if (!this.conv) return { items: this.cacher.list(prefix, pred), resourceVersion: this.cacher.revision };
      const items = this.cacher.list(prefix).map((c) => this.outCached(c)).filter((c) => !pred || pred(c.obj));
      return { items, resourceVersion: this.cacher.revision };
    } catch (err) {
      this.storageErr(err, '');
    }
  }

  private async listFromStorage(
    prefix: string,
    opts: { predicate?: (o: KubeObject) => boolean; limit?: number; continue?: string; resourceVersion?: string; resourceVersionMatch?: string },
  ): Promise<{ items: CachedObject[]; resourceVersion: number; continue?: string; remainingItemCount?: number }> {
    const limit = opts.limit && opts.limit > 0 ? opts.limit : 0;
    const items: CachedObject[] = [];
    const rvStr = opts.resourceVersion ?? '';
    let revision = rvStr !== '' && rvStr !== '0' && opts.resourceVersionMatch === 'Exact' ? parseRv(rvStr) : 0;
    let cont = opts.continue;
    // With a selector a page may keep few items: like upstream's etcd3 store, each further read asks
    // for twice as many, up to 10,000, so that a selective LIST does not crawl through the whole range.
    let pageSize = limit;
    for (;;) {
      const page = await this.storage.list(prefix, {
        ...(limit ? { limit: opts.predicate ? pageSize : limit - items.length } : {}),
        ...(cont ? { continue: cont } : revision ? { revision } : {}),
      });
      pageSize = Math.min(Math.max(pageSize * 2, limit), MAX_PAGE);
      revision = page.revision;
      let lastKey = '';
      for (const kv of page.items) {
        lastKey = kv.key;
        const obj = this.out(decodeFromStorage(kv));
        if (opts.predicate && !opts.predicate(obj)) continue;
        items.push({ key: kv.key, obj, rv: kv.modRevision, namespace: obj.metadata.namespace ?? '' });
        if (limit && items.length === limit) {
          // Continue after this key, unless it was the page's last and nothing remains.
          const more = kv.key !== lastKeyOf(page.items) || !!page.continue;
          if (!more) return { items, resourceVersion: revision };
          const { encodeContinue } = await import('../../machinery/storage/continue.js');
          const out: { items: CachedObject[]; resourceVersion: number; continue?: string; remainingItemCount?: number } = {
            items,
            resourceVersion: revision,
            continue: encodeContinue(prefix, kv.key, revision),
          };
          if (!opts.predicate && page.remainingItemCount !== undefined && kv.key === lastKeyOf(page.items)) out.remainingItemCount = page.remainingItemCount;
          return out;
        }
      }
      void lastKey;
      if (!page.continue) return { items, resourceVersion: revision };
      cont = page.continue;
      // SQLite reads are synchronous: let other requests in between the pages of a long scan.
      await new Promise((r) => setImmediate(r));
    }
  }

  watch(
    ctx: RequestContext,
    opts: { resourceVersion?: string; name?: string; predicate?: (o: KubeObject) => boolean; signal?: AbortSignal; maxBuffered?: number },
  ): CacheWatch | ConvertedWatch {
    const rv = opts.resourceVersion ?? '';
    const initial = rv === '' || rv === '0';
    const conv = this.conv;
    const pred = opts.predicate;
    try {
      const w = this.cacher.watch({
        fromRevision: initial ? this.cacher.revision : parseRv(rv),
        initialEvents: initial,
        ...(this.def.namespaced && ctx.namespace ? { namespace: ctx.namespace } : {}),
        ...(opts.name ? { key: this.key(ctx.namespace, opts.name) } : {}),
        ...(pred ? { predicate: conv ? (o: KubeObject) => pred(conv.fromStorage(o)) : pred } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.maxBuffered ? { maxBuffered: opts.maxBuffered } : {}),
      });
      return conv ? new ConvertedWatch(w, (c) => this.outCached(c)) : w;
    } catch (err) {
      this.storageErr(err, '');
    }
  }

  // ---------------------------------------------------------------- writes

  /**
   * Admission (mutating, then validating) for a CREATE through a subresource whose handler does not
   * store the object it receives (pods/eviction, serviceaccounts/token): ctx.subresource names it.
   */
  async admitSubresourceCreate(ctx: RequestContext, name: string, obj: KubeObject): Promise<void> {
    await this.admission.admit(this.attrs('CREATE', ctx, name, obj));
    await this.admission.validate(this.attrs('CREATE', ctx, name, obj));
  }

  private attrs(op: AdmissionAttributes['operation'], ctx: RequestContext, name: string, obj?: KubeObject, old?: KubeObject): AdmissionAttributes {
    const a: AdmissionAttributes = { operation: op, def: this.def, subresource: ctx.subresource, namespace: ctx.namespace, name, user: ctx.user, dryRun: ctx.dryRun };
    if (obj) a.object = obj;
    if (old) a.oldObject = old;
    return a;
  }

  private invalid(obj: KubeObject, errs: FieldErr[]): never {
    throw invalidError({ group: this.def.group, kind: this.def.kind }, obj.metadata.name ?? obj.metadata.generateName ?? '', errs);
  }

  async create(ctx: RequestContext, input: KubeObject, opts: WriteOptions = {}): Promise<KubeObject> {
    const obj = input;
    obj.apiVersion = apiVersionOf(this.def.group, this.def.version);
    obj.kind = this.def.kind;
    const meta = (obj.metadata ??= {});
    if (this.def.namespaced) {
      if (meta.namespace && meta.namespace !== ctx.namespace)
        throw statusErrors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
      meta.namespace = ctx.namespace;
    } else delete meta.namespace;
    const generated = !meta.name && !!meta.generateName;
    if (generated) meta.name = generateName(meta.generateName!);
    this.strategy.defaults?.(obj);
    // As upstream, managed fields are recorded from the decoded, defaulted object before mutating
    // admission: what admission plugins add (tolerations, priority, service account) is nobody's.
    if (!opts.applied) this.fields?.update(obj, null, { manager: opts.fieldManager ?? 'unknown', subresource: ctx.subresource, now: ctx.now });
    // Server-set metadata.
    meta.uid = randomUUID();
    meta.creationTimestamp = rfc3339(ctx.now);
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.resourceVersion;
    delete meta.selfLink;
    if (this.strategy.generation) meta.generation = 1;
    else delete meta.generation;
    this.strategy.prepareForCreate?.(obj, ctx);
    await this.admission.admit(this.attrs('CREATE', ctx, meta.name ?? '', obj));
    const errs = [...validateObjectMeta(obj, this.def.namespaced, this.strategy.nameValidation ?? 'subdomain'), ...(this.strategy.validate?.(obj, ctx) ?? [])];
    if (errs.length) this.invalid(obj, errs);
    await this.admission.validate(this.attrs('CREATE', ctx, meta.name!, obj));
    if (ctx.dryRun) return obj;
    try {
      const ttl = this.strategy.ttlSeconds;
      let key = this.key(ctx.namespace, meta.name!);
      let rev: number;
      // A generated name that is taken is generated again, up to 8 tries in all (upstream's
      // RetryGenerateName, GA in 1.32): namespaces of 100k pods see such collisions.
      for (let attempt = 1; ; attempt++) {
        try {
          rev = await this.storage.create(key, this.encode(obj), ttl ? { ttlSeconds: ttl } : {});
          break;
        } catch (err) {
          if (!(generated && attempt < 8 && isStorageError(err) && err.code === 'KeyExists')) throw err;
          meta.name = generateName(meta.generateName!);
          key = this.key(ctx.namespace, meta.name);
        }
      }
      meta.resourceVersion = String(rev);
      if (!this.conv) this.cacher.hint(key, rev, obj);
      return obj;
    } catch (err) {
      this.storageErr(err, meta.name!);
    }
  }

  /**
   * Writes `mutate(current)` back with optimistic concurrency, retrying on conflicts when the caller did
   * not pin a resourceVersion. mutate returns the new object (it may modify and return its argument).
   */
  async update(
    ctx: RequestContext,
    name: string,
    mutate: (cur: KubeObject | null) => Promise<KubeObject> | KubeObject,
    opts: WriteOptions & { forceAllowCreate?: boolean } = {},
  ): Promise<{ obj: KubeObject; created: boolean }> {
    for (let attempt = 0; ; attempt++) {
      const cur = await this.current(ctx.namespace, name);
      if (!cur && !(this.strategy.allowCreateOnUpdate || opts.forceAllowCreate)) throw statusErrors.notFound(this.gr, name);
      const next = await mutate(cur ? deepClone(cur) : null);
      if (!cur) {
        next.metadata ??= {};
        if (next.metadata.name && next.metadata.name !== name) throw statusErrors.badRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`);
        next.metadata.name = name;
        return { obj: await this.create(ctx, next, opts), created: true };
      }
      const pinned = next.metadata?.resourceVersion;
      if (pinned === undefined || pinned === '') {
        if (this.strategy.allowUnconditionalUpdate === false)
          throw invalidError({ group: this.def.group, kind: this.def.kind }, name, [
            { type: 'FieldValueRequired', field: 'metadata.resourceVersion', message: 'Invalid value: 0x0: must be specified for an update' },
          ]);
      } else if (pinned !== cur.metadata.resourceVersion) throw statusErrors.modified(this.gr, name);
      try {
        return { obj: await this.write(ctx, name, cur, next, opts), created: false };
      } catch (err) {
        if (isStorageError(err, 'Conflict') && !pinned && attempt < 10) continue;
        this.storageErr(err, name);
      }
    }
  }

  /**
   * Storage-level read-modify-write that skips strategies and admission, for subresources whose REST
   * handler owns the semantics (pods/binding sets spec.nodeName, as upstream's BindingREST does).
   */
  async guaranteedUpdate(ctx: RequestContext, name: string, mutate: (cur: KubeObject) => KubeObject, opts: WriteOptions = {}): Promise<KubeObject> {
    for (let attempt = 0; ; attempt++) {
      const cur = await this.current(ctx.namespace, name);
      if (!cur) throw statusErrors.notFound(this.gr, name);
      const next = mutate(deepClone(cur));
      if (!opts.applied) this.fields?.update(next, cur, { manager: opts.fieldManager ?? 'unknown', subresource: ctx.subresource, now: ctx.now });
      if (ctx.dryRun) return next;
      try {
        const rev = await this.storage.update(this.key(ctx.namespace, name), this.encode(next), parseRv(cur.metadata.resourceVersion!));
        next.metadata.resourceVersion = String(rev);
        return next;
      } catch (err) {
        if (isStorageError(err, 'Conflict') && attempt < 10) continue;
        this.storageErr(err, name);
      }
    }
  }

  /** Validates and stores an update of `cur` to `next`. */
  private async write(ctx: RequestContext, name: string, cur: KubeObject, next: KubeObject, opts: WriteOptions): Promise<KubeObject> {
    next.apiVersion = apiVersionOf(this.def.group, this.def.version);
    next.kind = this.def.kind;
    next.metadata ??= {};
    if (next.metadata.name !== undefined && next.metadata.name !== name)
      throw statusErrors.badRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`);
    if (this.def.namespaced && next.metadata.namespace && next.metadata.namespace !== ctx.namespace)
      throw statusErrors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    const m = next.metadata;
    const om = cur.metadata;
    m.name = name;
    if (this.def.namespaced) m.namespace = ctx.namespace;
    // Fields the server owns.
    m.uid = om.uid!;
    m.creationTimestamp = om.creationTimestamp ?? null;
    if (om.deletionTimestamp) m.deletionTimestamp = om.deletionTimestamp;
    else delete m.deletionTimestamp;
    if (om.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = om.deletionGracePeriodSeconds;
    else delete m.deletionGracePeriodSeconds;
    delete m.selfLink;
    this.strategy.defaults?.(next);
    if (ctx.subresource === 'status') {
      // Only status changes through /status: everything else is carried over from the stored object.
      // Metadata other than labels may change along with the status (upstream's status strategies
      // keep the new object's metadata and reset spec and labels).
      const status = next.status;
      const annotations = next.metadata.annotations;
      const finalizers = next.metadata.finalizers;
      const ownerReferences = next.metadata.ownerReferences;
      for (const k of Object.keys(next)) delete next[k];
      Object.assign(next, deepClone(cur));
      if (status === undefined) delete next.status;
      else next.status = status;
      if (annotations !== undefined) next.metadata.annotations = annotations;
      if (finalizers !== undefined) next.metadata.finalizers = finalizers;
      if (ownerReferences !== undefined) next.metadata.ownerReferences = ownerReferences;
    } else {
      if (this.hasStatus() && ctx.subresource === '') {
        if (cur.status === undefined) delete next.status;
        else next.status = deepClone(cur.status);
      }
      this.strategy.prepareForUpdate?.(next, cur, ctx);
    }
    if (this.strategy.generation) {
      next.metadata.generation = cur.metadata.generation ?? 1;
      if (ctx.subresource === '' && !deepEqual(specOf(next), specOf(cur))) next.metadata.generation = (cur.metadata.generation ?? 0) + 1;
    } else delete next.metadata.generation;
    if (!opts.applied) this.fields?.update(next, cur, { manager: opts.fieldManager ?? 'unknown', subresource: ctx.subresource, now: ctx.now });
    await this.admission.admit(this.attrs('UPDATE', ctx, name, next, cur));
    const errs = [...validateObjectMetaUpdate(next, cur, this.def.namespaced), ...(this.strategy.validateUpdate?.(next, cur, ctx) ?? this.strategy.validate?.(next, ctx) ?? [])];
    if (errs.length) this.invalid(next, errs);
    await this.admission.validate(this.attrs('UPDATE', ctx, name, next, cur));
    // Finalizers all gone on an object being deleted: it goes now.
    const finishing = !!next.metadata.deletionTimestamp && !(next.metadata.finalizers?.length) && !(next.metadata.deletionGracePeriodSeconds ?? 0) && !this.strategy.blocksDeletion?.(next);
    if (finishing && !ctx.dryRun) {
      const r = await this.storage.delete(this.key(ctx.namespace, name), { expectedRevision: parseRv(om.resourceVersion!) });
      next.metadata.resourceVersion = String(r.revision);
      return next;
    }
    // No change: no write (upstream skips the storage update and returns the current object).
    const a = { ...next, metadata: { ...next.metadata, resourceVersion: undefined } };
    const b = { ...cur, metadata: { ...cur.metadata, resourceVersion: undefined } };
    if (deepEqual(a, b)) return cur;
    if (ctx.dryRun) {
      next.metadata.resourceVersion = om.resourceVersion!;
      return next;
    }
    const ttl = this.strategy.ttlSeconds;
    const rev = await this.storage.update(this.key(ctx.namespace, name), this.encode(next), parseRv(om.resourceVersion!), ttl ? { ttlSeconds: ttl } : {});
    next.metadata.resourceVersion = String(rev);
    return next;
  }

  private hasStatus(): boolean {
    return !!this.def.subresources?.some((s) => s.name === 'status');
  }

  async delete(ctx: RequestContext, name: string, options: DeleteOptionsBody = {}): Promise<DeleteOutcome> {
    for (let attempt = 0; ; attempt++) {
      const cur = await this.current(ctx.namespace, name);
      if (!cur) throw statusErrors.notFound(this.gr, name);
      const pre = options.preconditions;
      if (pre?.uid && pre.uid !== cur.metadata.uid)
        throw statusErrors.conflict(this.gr, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${cur.metadata.uid}`);
      if (pre?.resourceVersion && pre.resourceVersion !== cur.metadata.resourceVersion)
        throw statusErrors.conflict(
          this.gr,
          name,
          `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${cur.metadata.resourceVersion}`,
        );
      await this.admission.validate(this.attrs('DELETE', ctx, name, undefined, cur));
      try {
        return await this.deleteOnce(ctx, name, cur, options);
      } catch (err) {
        if (isStorageError(err, 'Conflict') && attempt < 10 && !pre?.resourceVersion) continue;
        this.storageErr(err, name);
      }
    }
  }

  private async deleteOnce(ctx: RequestContext, name: string, cur: KubeObject, options: DeleteOptionsBody): Promise<DeleteOutcome> {
    const key = this.key(ctx.namespace, name);
    const rev = parseRv(cur.metadata.resourceVersion!);
    const next = deepClone(cur);
    const m = next.metadata;
    let finalizers = [...(m.finalizers ?? [])];
    const policy = options.propagationPolicy ?? (options.orphanDependents === true ? 'Orphan' : options.orphanDependents === false ? 'Background' : undefined);
    if (!m.deletionTimestamp || !finalizers.length) {
      if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers = [...finalizers.filter((f) => f !== 'foregroundDeletion'), 'orphan'];
      if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers = [...finalizers.filter((f) => f !== 'orphan'), 'foregroundDeletion'];
      if (policy === 'Background') finalizers = finalizers.filter((f) => f !== 'orphan' && f !== 'foregroundDeletion');
    }
    if (this.strategy.pendingDelete?.(next)) {
      if (!m.deletionTimestamp) m.deletionTimestamp = rfc3339(ctx.now);
      m.deletionGracePeriodSeconds = 0;
      if (finalizers.length) m.finalizers = finalizers;
      if (ctx.dryRun || deepEqual(next, cur)) return { obj: ctx.dryRun ? next : cur, deleted: false };
      const r = await this.storage.update(key, this.encode(next), rev);
      m.resourceVersion = String(r);
      return { obj: next, deleted: false };
    }
    // Graceful deletion (pods): first mark, the node removes it later.
    const grace = this.strategy.gracefulDelete?.(cur, options.gracePeriodSeconds) ?? null;
    if (grace !== null && grace > 0) {
      const deadline = new Date(ctx.now.getTime() + grace * 1000);
      if (!m.deletionTimestamp || (m.deletionGracePeriodSeconds ?? Infinity) > grace) {
        m.deletionTimestamp = rfc3339(deadline);
        m.deletionGracePeriodSeconds = grace;
      }
      if (finalizers.length) m.finalizers = finalizers;
      if (ctx.dryRun) return { obj: next, deleted: false };
      if (deepEqual(next, cur)) return { obj: cur, deleted: false };
      const r = await this.storage.update(key, this.encode(next), rev);
      m.resourceVersion = String(r);
      return { obj: next, deleted: false };
    }
    if (finalizers.length) {
      m.finalizers = finalizers;
      if (!m.deletionTimestamp) m.deletionTimestamp = rfc3339(ctx.now);
      m.deletionGracePeriodSeconds = 0;
      if (ctx.dryRun) return { obj: next, deleted: false };
      if (deepEqual(next, cur)) return { obj: cur, deleted: false };
      const r = await this.storage.update(key, this.encode(next), rev);
      m.resourceVersion = String(r);
      return { obj: next, deleted: false };
    }
    if (ctx.dryRun) return { obj: cur, deleted: true };
    const r = await this.storage.delete(key, { expectedRevision: rev });
    const gone = this.out(decodeFromStorage({ ...r.prev, modRevision: r.revision }));
    return { obj: gone, deleted: true };
  }

  /** Every object the list options select, deleted one by one (upstream's DeleteCollection). */
  async deleteCollection(
    ctx: RequestContext,
    listOpts: { predicate?: (o: KubeObject) => boolean },
    options: DeleteOptionsBody,
  ): Promise<KubeObject[]> {
    const { items } = await this.list(ctx, listOpts);
    const out: KubeObject[] = [];
    for (const c of items) {
      const nsCtx = { ...ctx, namespace: c.namespace };
      try {
        const r = await this.delete(nsCtx, c.obj.metadata.name!, options);
        out.push(r.obj);
      } catch (err) {
        if (err instanceof StatusError && err.reason === 'NotFound') continue;
        throw err;
      }
    }
    return out;
  }
}

export function parseRv(rv: string): number {
  if (!/^\d+$/.test(rv)) throw statusErrors.badRequest(`invalid resource version: ${JSON.stringify(rv)}`);
  return Number(rv);
}

function lastKeyOf(items: Array<{ key: string }>): string | undefined {
  return items[items.length - 1]?.key;
}

/** Everything but metadata and status: what a generation counts. */
function specOf(o: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o;
  return rest;
}

/** A cache watch whose objects are converted to the served version. */
export class ConvertedWatch implements AsyncIterable<CacheEvent> {
  constructor(
    private readonly inner: CacheWatch,
    private readonly conv: (c: CachedObject) => CachedObject,
  ) {}
  close(): void {
    this.inner.close();
  }
  /** Events queued and not yet taken. */
  get pending(): number {
    return this.inner.pending;
  }
  async *[Symbol.asyncIterator](): AsyncIterator<CacheEvent> {
    for await (const ev of this.inner) {
      const out: CacheEvent = { type: ev.type, rv: ev.rv, key: ev.key, cur: this.conv(ev.cur) };
      if (ev.prev) out.prev = this.conv(ev.prev);
      yield out;
    }
  }
}

export { StorageError };
