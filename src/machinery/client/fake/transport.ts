// FakeTransport: an in-memory API server behind the Transport interface, for unit tests of
// controllers (client-go's fake clientset with its object tracker and reactors). It speaks the same
// HTTP-level protocol as the real server — paths, verbs, JSON bodies, Status errors, watch streams
// with resourceVersion resume, bookmarks and 410 — so everything above the transport runs unchanged.
// Reactors intercept requests (to inject errors or record calls); actions lists what was asked.

import type { KubeObject } from '../../../api/types.js';
import { StatusError, statusErrors } from '../../errors/status.js';
import { realClock, type Clock } from '../../clock/clock.js';
import { toGVR, type ResourceRef } from '../gvr.js';
import { abortError, bufferBody, type Transport, type TransportRequest, type TransportResponse } from '../transport.js';
import {
  grOf,
  handleCreate,
  handleCreateSubresource,
  handleDelete,
  handleDeleteCollection,
  handleGet,
  handleList,
  handlePatch,
  handleUpdate,
  type FakeReply,
  type HandlerEnv,
} from './handlers.js';
import { findDef, parseRoute, type FakeAction } from './route.js';
import { predicateFor } from './select.js';
import { BodyStream } from './stream.js';
import { deliver, ObjectTracker, sendEvent, type FakeWatcher } from './tracker.js';

export type { FakeAction, FakeVerb } from './route.js';
export type { FakeReply } from './handlers.js';

/** Answers a request instead of the fake (return a reply or throw a StatusError), or passes (undefined). */
export type FakeReactor = (a: FakeAction) => FakeReply | undefined | Promise<FakeReply | undefined>;

export interface FakeTransportOptions {
  /** Timestamps and watch timeouts (default: the real clock). */
  clock?: Clock;
  /** Changes kept for watches to resume from (default 10 000). */
  historySize?: number;
}

export class FakeTransport implements Transport {
  readonly description = 'fake';
  readonly tracker: ObjectTracker;
  /** Every request the fake was asked, in order (reactor-handled ones too). */
  readonly actions: FakeAction[] = [];
  private reactors: FakeReactor[] = [];
  private readonly clock: Clock;
  private readonly env: HandlerEnv;

  constructor(o: FakeTransportOptions = {}) {
    this.clock = o.clock ?? realClock;
    this.tracker = new ObjectTracker(o.historySize);
    this.env = { tracker: this.tracker, now: () => this.clock.now() };
  }

  /** Runs before the fake (and before earlier reactors); returns a remover. */
  prependReactor(r: FakeReactor): () => void {
    this.reactors.unshift(r);
    return () => {
      this.reactors = this.reactors.filter((x) => x !== r);
    };
  }

  /** Actions matching a verb (and resource). */
  actionsFor(verb: FakeAction['verb'], resource?: string): FakeAction[] {
    return this.actions.filter((a) => a.verb === verb && (resource === undefined || a.resource === resource));
  }

  clearActions(): void {
    this.actions.length = 0;
  }

  /** Adds objects directly (as a create would, but not recorded as actions). Returns the stored objects. */
  seed(ref: ResourceRef, ...objs: KubeObject[]): KubeObject[] {
    const g = toGVR(ref);
    return objs.map((o) => {
      const a: FakeAction = {
        verb: 'create', group: g.group, version: g.version, resource: g.resource, subresource: '', namespace: (g.namespaced === false ? '' : o.metadata.namespace) ?? '',
        name: '', query: new URLSearchParams(), headers: {}, body: structuredClone(o), contentType: 'application/json',
      };
      return handleCreate(this.env, a).body as KubeObject;
    });
  }

  /** Forgets the watch history: watches from older resource versions now get 410 Expired. */
  compact(): void {
    this.tracker.compact();
  }

  /** Ends every open watch stream, like a dropped connection. */
  breakWatches(): void {
    for (const w of [...this.tracker.watchers]) w.stream.close();
  }

  /** Sends a BOOKMARK (current resource version) to every watch that allows them. */
  bookmark(): void {
    for (const w of this.tracker.watchers)
      if (w.bookmarks) sendEvent(w, 'BOOKMARK', { kind: w.kind, apiVersion: w.apiVersion, metadata: { resourceVersion: String(this.tracker.rv) } });
  }

  /** Open watches (optionally of one resource). */
  watchCount(resource?: string): number {
    let n = 0;
    for (const w of this.tracker.watchers) if (resource === undefined || w.gr.endsWith(`/${resource}`)) n++;
    return n;
  }

  request(r: TransportRequest): Promise<TransportResponse> {
    const signal = r.signal;
    if (!signal) return this.serve(r);
    if (signal.aborted) return Promise.reject(abortError(signal));
    // A request (a slow reactor, say) ends when its signal aborts.
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(abortError(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      this.serve(r).then(
        (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
  }

  private async serve(r: TransportRequest): Promise<TransportResponse> {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = v;
    const query = r.query ?? new URLSearchParams();
    const route = parseRoute(r.method, r.path, query);
    if (!route) return reply(nonResource(r.method, r.path));
    const contentType = headers['content-type'] ?? '';
    let body: unknown;
    if (r.body?.length && route.verb !== 'patch') {
      try {
        body = JSON.parse(r.body.toString('utf8'));
      } catch (err) {
        return reply(errorReply(statusErrors.badRequest(`error decoding request body: ${(err as Error).message}`)));
      }
    }
    const action: FakeAction = { ...route, headers, contentType, ...(body !== undefined ? { body } : {}) };
    if (route.verb === 'patch' && r.body) action.body = r.body.toString('utf8');
    this.actions.push(action);
    try {
      for (const re of this.reactors) {
        const out = await re(action);
        if (out) return reply(out);
      }
      if (route.verb === 'watch') return this.watch(action, r.signal);
      return reply(this.dispatch(action, r.body ?? Buffer.alloc(0)));
    } catch (err) {
      if (err instanceof StatusError) return reply(errorReply(err));
      throw err;
    }
  }

  private dispatch(a: FakeAction, raw: Buffer): FakeReply {
    switch (a.verb) {
      case 'get':
        return handleGet(this.env, a);
      case 'list':
        return handleList(this.env, a);
      case 'create':
        if (a.subresource) return handleCreateSubresource(this.env, a);
        if (a.name) throw statusErrors.methodNotAllowed();
        return handleCreate(this.env, a);
      case 'update':
        return handleUpdate(this.env, a);
      case 'patch':
        return handlePatch(this.env, a, raw);
      case 'delete':
        return handleDelete(this.env, a);
      case 'deletecollection':
        return handleDeleteCollection(this.env, a);
      default:
        throw statusErrors.methodNotAllowed();
    }
  }

  private watch(a: FakeAction, signal?: AbortSignal): TransportResponse {
    const gr = grOf(a);
    const def = findDef(a.group, a.resource);
    const fieldSel = a.query.get('fieldSelector');
    const nameSel = a.name ? `metadata.name=${a.name}` : null;
    const matches = predicateFor(a.query.get('labelSelector'), [fieldSel, nameSel].filter(Boolean).join(',') || null);
    const stream = new BodyStream(signal);
    const w: FakeWatcher = {
      gr,
      namespace: a.namespace,
      matches,
      stream,
      bookmarks: a.query.get('allowWatchBookmarks') === 'true',
      kind: def?.kind ?? '',
      apiVersion: a.group ? `${a.group}/${a.version}` : a.version,
    };
    const rvParam = a.query.get('resourceVersion');
    if (!rvParam || rvParam === '0') {
      for (const o of this.tracker.list(gr, a.namespace)) if (matches(o)) sendEvent(w, 'ADDED', o);
    } else {
      const rv = Number(rvParam);
      if (!Number.isInteger(rv) || rv < 0) throw statusErrors.badRequest(`invalid resource version: ${rvParam}`);
      const changes = this.tracker.since(gr, rv);
      if (!changes) {
        sendEvent(w, 'ERROR', statusErrors.expired(`too old resource version: ${rv} (${this.tracker.floor})`).status);
        stream.close();
        return { status: 200, headers: { 'content-type': 'application/json' }, body: stream };
      }
      for (const c of changes) deliver(w, c);
    }
    this.tracker.watchers.add(w);
    const timeout = Number(a.query.get('timeoutSeconds') ?? 0);
    const timer = timeout > 0 ? this.clock.setTimeout(() => stream.close(), timeout * 1000) : undefined;
    stream.onClose(() => {
      timer?.cancel();
      this.tracker.watchers.delete(w);
    });
    return { status: 200, headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, body: stream };
  }

  async close(): Promise<void> {
    this.breakWatches();
  }
}

function errorReply(err: StatusError): FakeReply {
  const headers: Record<string, string> = {};
  const ra = err.status.details?.retryAfterSeconds;
  if (ra !== undefined) headers['retry-after'] = String(ra);
  return { status: err.code, body: err.status, headers };
}

function reply(r: FakeReply): TransportResponse {
  const text = r.body === undefined ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
  return { status: r.status, headers: { 'content-type': 'application/json', ...r.headers }, body: bufferBody(Buffer.from(text)) };
}

function nonResource(method: string, path: string): FakeReply {
  if (method !== 'GET') return errorReply(statusErrors.notFoundPath());
  switch (path) {
    case '/version':
      return { status: 200, body: { major: '1', minor: '32', gitVersion: 'v1.32.0-kts-fake', platform: `${process.platform}/${process.arch}` } };
    case '/healthz':
    case '/livez':
    case '/readyz':
      return { status: 200, body: 'ok', headers: { 'content-type': 'text/plain' } };
    default:
      return errorReply(statusErrors.notFoundPath());
  }
}
