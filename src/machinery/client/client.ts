// The REST client every component uses to talk to the API server (client-go's dynamic client with
// typed results): one Client per component (its User-Agent "kts/<component>"), and per resource a
// ResourceClient with get/list/watch/create/update/updateStatus/patch/apply/delete/deleteCollection
// and subresources. Non-2xx answers throw StatusError; 429 and idempotent 5xx are retried.

import type { KubeList, KubeObject } from '../../api/types.js';
import type { Status } from '../errors/status.js';
import { realClock, type Clock } from '../clock/clock.js';
import { retryAfterSeconds, statusErrorFromResponse } from './errors.js';
import { HttpsTransport } from './https.js';
import type { LoadKubeconfigOptions } from './kubeconfig.js';
import { apiVersionOf, kindOf, resourcePath, toGVR, type GroupVersionResource, type ResourceRef } from './gvr.js';
import { DEFAULT_RETRY, retryDelayMs, shouldRetryError, shouldRetryStatus, type RetryPolicy } from './retry.js';
import { linkedController } from './signals.js';
import { abortError, isAbortError, readAll, type Transport, type TransportResponse } from './transport.js';
import { decodeWatchEvents, type Watch, type WatchEvent } from './watch.js';

export interface ClientOptions {
  transport: Transport;
  /** The component name; the User-Agent becomes "kts/<component>". */
  component?: string;
  /** A full User-Agent, overriding component. */
  userAgent?: string;
  /** Retry policy (false: never retry). */
  retry?: Partial<RetryPolicy> | false;
  /** Clock for retry waits. */
  clock?: Clock;
  /** The namespace a kubeconfig context chose ("default" otherwise); informational. */
  namespace?: string;
  /** Gives up on a (non-watch) request after this long, retries included (default: never, as client-go). */
  timeoutMs?: number;
}

export interface RawRequest {
  method: string;
  path: string;
  query?: URLSearchParams;
  /** An object (sent as JSON) or raw bytes. */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export type Selector = string | Record<string, string>;

export interface GetOptions {
  resourceVersion?: string;
  signal?: AbortSignal;
}

export interface ListOptions {
  labelSelector?: Selector;
  fieldSelector?: Selector;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
  signal?: AbortSignal;
}

export interface WatchOptions {
  resourceVersion?: string;
  labelSelector?: Selector;
  fieldSelector?: Selector;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
  sendInitialEvents?: boolean;
  resourceVersionMatch?: 'NotOlderThan';
  /** Aborting ends the watch (iteration simply stops). */
  signal?: AbortSignal;
}

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: 'Ignore' | 'Warn' | 'Strict';
  signal?: AbortSignal;
}

export type PatchType = 'merge' | 'strategic' | 'json' | 'apply';

export const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
};

export interface PatchOptions extends WriteOptions {
  /** Default "merge". */
  type?: PatchType;
  subresource?: string;
  /** Server-side apply: take ownership of conflicting fields. */
  force?: boolean;
}

export interface ApplyOptions extends WriteOptions {
  fieldManager: string;
  force?: boolean;
  subresource?: string;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
  signal?: AbortSignal;
}

function selectorString(s: Selector): string {
  return typeof s === 'string' ? s : Object.entries(s).map(([k, v]) => `${k}=${v}`).join(',');
}

function listQuery(o: ListOptions | WatchOptions, q = new URLSearchParams()): URLSearchParams {
  if (o.labelSelector !== undefined && selectorString(o.labelSelector) !== '') q.set('labelSelector', selectorString(o.labelSelector));
  if (o.fieldSelector !== undefined && selectorString(o.fieldSelector) !== '') q.set('fieldSelector', selectorString(o.fieldSelector));
  if (o.resourceVersion !== undefined) q.set('resourceVersion', o.resourceVersion);
  if (o.resourceVersionMatch !== undefined) q.set('resourceVersionMatch', o.resourceVersionMatch);
  return q;
}

function writeQuery(o: WriteOptions | undefined, q = new URLSearchParams()): URLSearchParams {
  if (o?.dryRun) q.set('dryRun', 'All');
  if (o?.fieldManager) q.set('fieldManager', o.fieldManager);
  if (o?.fieldValidation) q.set('fieldValidation', o.fieldValidation);
  return q;
}

function deleteBody(o: DeleteOptions | undefined): Record<string, unknown> | undefined {
  if (!o) return undefined;
  const b: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
  if (o.gracePeriodSeconds !== undefined) b.gracePeriodSeconds = o.gracePeriodSeconds;
  if (o.propagationPolicy) b.propagationPolicy = o.propagationPolicy;
  if (o.preconditions) b.preconditions = o.preconditions;
  if (o.dryRun) b.dryRun = ['All'];
  return Object.keys(b).length > 2 ? b : undefined;
}

export class Client {
  readonly transport: Transport;
  readonly userAgent: string;
  /** The default namespace (from the kubeconfig context, else "default"). */
  readonly namespace: string;
  private readonly retry: RetryPolicy;
  private readonly clock: Clock;
  private readonly timeoutMs: number;

  constructor(o: ClientOptions) {
    this.transport = o.transport;
    this.userAgent = o.userAgent ?? `kts/${o.component ?? 'client'}`;
    this.retry = o.retry === false ? { ...DEFAULT_RETRY, maxRetries: 0 } : { ...DEFAULT_RETRY, ...o.retry };
    this.clock = o.clock ?? realClock;
    this.namespace = o.namespace ?? 'default';
    this.timeoutMs = o.timeoutMs ?? 0;
  }

  /** A client for the cluster of a kubeconfig (path or text), over HTTPS. */
  static fromKubeconfig(pathOrText: string, o: Omit<ClientOptions, 'transport' | 'namespace'> & LoadKubeconfigOptions = {}): Client {
    const { transport, namespace } = HttpsTransport.fromKubeconfig(pathOrText, { ...(o.context ? { context: o.context } : {}), ...(o.baseDir ? { baseDir: o.baseDir } : {}) });
    return new Client({ ...o, transport, namespace });
  }

  /** Operations on one resource, in one namespace (or across all / cluster-scoped when none is given). */
  resource<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace?: string): ResourceClient<T> {
    return new ResourceClient<T>(this, toGVR(ref), namespace);
  }

  /** A request whose response body is returned as-is once it succeeds (2xx); failures throw StatusError. */
  async send(r: RawRequest): Promise<TransportResponse> {
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': this.userAgent, ...r.headers };
    let body: Buffer | undefined;
    if (r.body !== undefined) {
      body = Buffer.isBuffer(r.body) ? r.body : Buffer.from(typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
      headers['Content-Type'] = r.contentType ?? 'application/json';
    }
    for (let attempt = 0; ; attempt++) {
      let res: TransportResponse;
      try {
        res = await this.transport.request({
          method: r.method,
          path: r.path,
          ...(r.query ? { query: r.query } : {}),
          headers,
          ...(body ? { body } : {}),
          ...(r.signal ? { signal: r.signal } : {}),
        });
      } catch (err) {
        if (isAbortError(err) || r.signal?.aborted || attempt >= this.retry.maxRetries || !shouldRetryError(r.method, err)) throw err;
        await this.wait(retryDelayMs(this.retry, attempt + 1, undefined), r.signal);
        continue;
      }
      if (res.status >= 200 && res.status < 300) return res;
      const text = await readAll(res.body);
      const err = statusErrorFromResponse(res.status, res.headers, text);
      if (attempt < this.retry.maxRetries && shouldRetryStatus(r.method, res.status)) {
        await this.wait(retryDelayMs(this.retry, attempt + 1, retryAfterSeconds(res.headers) ?? err.status.details?.retryAfterSeconds), r.signal);
        continue;
      }
      throw err;
    }
  }

  /** send() and decode the JSON answer. */
  async json<R>(r: RawRequest): Promise<R> {
    if (!this.timeoutMs) return this.decode<R>(r);
    const ac = linkedController(r.signal);
    const timer = this.clock.setTimeout(() => ac.abort(Object.assign(new Error(`request timed out after ${this.timeoutMs} ms: ${r.method} ${r.path}`), { name: 'TimeoutError' })), this.timeoutMs);
    try {
      return await this.decode<R>({ ...r, signal: ac.signal });
    } finally {
      timer.cancel();
      ac.dispose();
    }
  }

  private async decode<R>(r: RawRequest): Promise<R> {
    const res = await this.send(r);
    const buf = await readAll(res.body);
    return (buf.length ? JSON.parse(buf.toString('utf8')) : {}) as R;
  }

  private async wait(ms: number, signal?: AbortSignal): Promise<void> {
    if (!(await this.clock.sleep(ms, signal))) throw abortError(signal);
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}

export class ResourceClient<T extends KubeObject = KubeObject> {
  constructor(
    private readonly client: Client,
    readonly gvr: GroupVersionResource,
    /** undefined: all namespaces (list/watch) or the object's own namespace (writes). */
    readonly namespace?: string,
  ) {}

  /** The same resource in another namespace. */
  inNamespace(namespace: string | undefined): ResourceClient<T> {
    return new ResourceClient<T>(this.client, this.gvr, namespace);
  }

  private ns(obj?: KubeObject): string | undefined {
    if (this.gvr.namespaced === false) return undefined;
    const ns = this.namespace || obj?.metadata?.namespace || undefined;
    return ns;
  }

  private pathFor(o: { obj?: KubeObject; name?: string; subresource?: string; needNamespace: boolean }): string {
    const namespace = this.ns(o.obj);
    if (o.needNamespace && this.gvr.namespaced && !namespace) throw new Error(`a namespace is required for ${this.gvr.resource}${o.name ? ` "${o.name}"` : ''}`);
    return resourcePath(this.gvr, {
      ...(namespace ? { namespace } : {}),
      ...(o.name !== undefined ? { name: o.name } : {}),
      ...(o.subresource ? { subresource: o.subresource } : {}),
    });
  }

  private withTypeMeta(obj: KubeObject): KubeObject {
    if (obj.apiVersion && obj.kind) return obj;
    const kind = obj.kind ?? kindOf(this.gvr);
    return { ...obj, apiVersion: obj.apiVersion ?? apiVersionOf(this.gvr), ...(kind ? { kind } : {}) };
  }

  async get(name: string, o: GetOptions = {}): Promise<T> {
    const q = new URLSearchParams();
    if (o.resourceVersion !== undefined) q.set('resourceVersion', o.resourceVersion);
    return this.client.json<T>({ method: 'GET', path: this.pathFor({ name, needNamespace: true }), query: q, ...(o.signal ? { signal: o.signal } : {}) });
  }

  async list(o: ListOptions = {}): Promise<KubeList<T>> {
    const q = listQuery(o);
    if (o.limit !== undefined) q.set('limit', String(o.limit));
    if (o.continue) q.set('continue', o.continue);
    return this.client.json<KubeList<T>>({ method: 'GET', path: this.pathFor({ needNamespace: false }), query: q, ...(o.signal ? { signal: o.signal } : {}) });
  }

  /** Starts a watch; throws StatusError when the server refuses it. ERROR events (e.g. 410) arrive as events. */
  async watch(o: WatchOptions = {}): Promise<Watch<T>> {
    const q = listQuery(o);
    q.set('watch', 'true');
    if (o.allowWatchBookmarks) q.set('allowWatchBookmarks', 'true');
    if (o.timeoutSeconds !== undefined) q.set('timeoutSeconds', String(o.timeoutSeconds));
    if (o.sendInitialEvents !== undefined) q.set('sendInitialEvents', String(o.sendInitialEvents));
    const ac = linkedController(o.signal);
    const signal = ac.signal;
    let res: TransportResponse;
    try {
      res = await this.client.send({ method: 'GET', path: this.pathFor({ needNamespace: false }), query: q, signal });
    } catch (err) {
      ac.dispose();
      throw err;
    }
    const events = decodeWatchEvents<T>(res.body);
    return {
      close: () => ac.abort(),
      [Symbol.asyncIterator]: () => {
        const it = events[Symbol.asyncIterator]();
        return {
          next: async (): Promise<IteratorResult<WatchEvent<T>>> => {
            try {
              const r = await it.next();
              if (r.done) ac.dispose();
              return r;
            } catch (err) {
              ac.dispose();
              if (signal.aborted) return { done: true, value: undefined };
              throw err;
            }
          },
          return: async (): Promise<IteratorResult<WatchEvent<T>>> => {
            ac.abort();
            try {
              await it.return?.();
            } catch {
              // the stream was torn down; nothing more to read
            }
            return { done: true, value: undefined };
          },
        };
      },
    };
  }

  async create(obj: T, o?: WriteOptions): Promise<T> {
    return this.client.json<T>({ method: 'POST', path: this.pathFor({ obj, needNamespace: true }), query: writeQuery(o), body: this.withTypeMeta(obj), ...(o?.signal ? { signal: o.signal } : {}) });
  }

  async update(obj: T, o?: WriteOptions): Promise<T> {
    return this.updateSubresource<T>(obj.metadata.name ?? '', '', obj, o);
  }

  async updateStatus(obj: T, o?: WriteOptions): Promise<T> {
    return this.updateSubresource<T>(obj.metadata.name ?? '', 'status', obj, o);
  }

  async patch(name: string, patch: unknown, o: PatchOptions = {}): Promise<T> {
    const type = o.type ?? 'merge';
    const q = writeQuery(o);
    if (o.force !== undefined) q.set('force', String(o.force));
    return this.client.json<T>({
      method: 'PATCH',
      path: this.pathFor({ name, ...(o.subresource ? { subresource: o.subresource } : {}), needNamespace: true }),
      query: q,
      body: patch,
      contentType: PATCH_CONTENT_TYPES[type],
      ...(o.signal ? { signal: o.signal } : {}),
    });
  }

  /** Server-side apply of a (partial) object. */
  async apply(obj: T, o: ApplyOptions): Promise<T> {
    const name = obj.metadata.name ?? '';
    const ns = this.ns(obj);
    const client = ns && !this.namespace ? this.inNamespace(ns) : this;
    return client.patch(name, this.withTypeMeta(obj), { ...o, type: 'apply' });
  }

  /** Deletes; resolves to the object (now or being deleted) or a Status, as the server answers. */
  async delete(name: string, o?: DeleteOptions): Promise<T | Status> {
    const q = new URLSearchParams();
    if (o?.dryRun) q.set('dryRun', 'All');
    const body = deleteBody(o);
    return this.client.json<T | Status>({ method: 'DELETE', path: this.pathFor({ name, needNamespace: true }), query: q, ...(body ? { body } : {}), ...(o?.signal ? { signal: o.signal } : {}) });
  }

  async deleteCollection(o: ListOptions & DeleteOptions = {}): Promise<KubeList<T> | Status> {
    const q = listQuery(o);
    if (o.dryRun) q.set('dryRun', 'All');
    const body = deleteBody(o);
    return this.client.json<KubeList<T> | Status>({ method: 'DELETE', path: this.pathFor({ needNamespace: false }), query: q, ...(body ? { body } : {}), ...(o.signal ? { signal: o.signal } : {}) });
  }

  async getSubresource<R = unknown>(name: string, subresource: string, o: GetOptions = {}): Promise<R> {
    return this.client.json<R>({ method: 'GET', path: this.pathFor({ name, subresource, needNamespace: true }), ...(o.signal ? { signal: o.signal } : {}) });
  }

  /** POST to a subresource (pods/binding, pods/eviction …). */
  async createSubresource<R = unknown>(name: string, subresource: string, body: unknown, o?: WriteOptions & { namespace?: string }): Promise<R> {
    const c = o?.namespace ? this.inNamespace(o.namespace) : this;
    return this.client.json<R>({ method: 'POST', path: c.pathFor({ name, subresource, needNamespace: true }), query: writeQuery(o), body, ...(o?.signal ? { signal: o.signal } : {}) });
  }

  /** PUT to the object ('' subresource) or to a subresource (status, scale …). */
  async updateSubresource<R = unknown>(name: string, subresource: string, body: KubeObject, o?: WriteOptions): Promise<R> {
    const obj = subresource === '' || subresource === 'status' ? this.withTypeMeta(body) : body;
    return this.client.json<R>({
      method: 'PUT',
      path: this.pathFor({ obj: body, name, ...(subresource ? { subresource } : {}), needNamespace: true }),
      query: writeQuery(o),
      body: obj,
      ...(o?.signal ? { signal: o.signal } : {}),
    });
  }
}
