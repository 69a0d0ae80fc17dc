// GET, LIST and WATCH of a resource.

import { apiVersionOf, type KubeObject } from '../../api/types.js';
import { statusErrors, type Status } from '../../machinery/errors/status.js';
import { isStorageError } from '../../machinery/storage/errors.js';
import type { CacheEvent } from '../registry/cacher.js';
import { metaVersion, parseAcceptShape } from '../http/negotiate.js';
import { writeJson } from '../http/respond.js';
import { startStreamingBody } from '../http/compress.js';
import type { Writable } from 'node:stream';
import type { Scope } from './scope.js';
import { requestContext } from './scope.js';
import { parseBool } from '../request/info.js';
import { buildPredicate } from './selectors.js';
import { partialMetadata, toTable, type IncludeObject } from './table.js';

function includeObject(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject');
  if (v === 'None' || v === 'Object') return v;
  return 'Metadata';
}

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw statusErrors.badRequest(`invalid value for ${name}: ${JSON.stringify(v)}`);
  return Number(v);
}

/** The object as the client asked for it: itself, a one-row Table, or its metadata. */
export function shapeOne(s: Scope, obj: KubeObject): unknown {
  const accept = s.req.headers.accept;
  const shape = parseAcceptShape(accept);
  if (shape === 'table')
    return toTable(s.def, [obj], { resourceVersion: obj.metadata.resourceVersion ?? '', include: includeObject(s.query), version: metaVersion(accept), now: s.now });
  if (shape === 'metadata') return partialMetadata(obj, metaVersion(accept));
  return obj;
}

export async function handleGet(s: Scope): Promise<void> {
  const rv = s.query.get('resourceVersion') ?? undefined;
  const obj = await s.store.get(requestContext(s), s.info.name, rv === undefined ? {} : { resourceVersion: rv });
  writeJson(s.res, 200, shapeOne(s, obj));
}

export async function handleList(s: Scope): Promise<void> {
  const q = s.query;
  const predicate = buildPredicate(s.def, s.store.strategy, q.get('labelSelector'), q.get('fieldSelector'));
  const limit = intParam(q, 'limit');
  const rv = q.get('resourceVersion') ?? undefined;
  const rvm = q.get('resourceVersionMatch') ?? undefined;
  if (rvm && rvm !== 'Exact' && rvm !== 'NotOlderThan')
    throw statusErrors.badRequest(`resourceVersionMatch: Unsupported value: "${rvm}": supported values: "Exact", "NotOlderThan"`);
  if (rvm && !rv) throw statusErrors.badRequest('resourceVersionMatch is forbidden unless resourceVersion is provided');
  const result = await s.store.list(requestContext(s), {
    ...(predicate ? { predicate } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(q.get('continue') ? { continue: q.get('continue')! } : {}),
    ...(rv !== undefined ? { resourceVersion: rv } : {}),
    ...(rvm !== undefined ? { resourceVersionMatch: rvm } : {}),
  });
  const accept = s.req.headers.accept;
  const shape = parseAcceptShape(accept);
  const rvStr = String(result.resourceVersion);
  const objs = () => result.items.map((c) => c.obj);
  if (shape === 'table') {
    const t = toTable(s.def, objs(), {
      resourceVersion: rvStr,
      ...(result.continue ? { continue: result.continue } : {}),
      ...(result.remainingItemCount !== undefined ? { remainingItemCount: result.remainingItemCount } : {}),
      include: includeObject(q),
      version: metaVersion(accept),
      now: s.now,
    });
    writeJson(s.res, 200, t);
    return;
  }
  const meta: Record<string, unknown> = { resourceVersion: rvStr };
  if (result.continue) meta.continue = result.continue;
  if (result.remainingItemCount !== undefined) meta.remainingItemCount = result.remainingItemCount;
  if (shape === 'metadata') {
    const v = metaVersion(accept);
    writeJson(s.res, 200, { kind: 'PartialObjectMetadataList', apiVersion: `meta.k8s.io/${v}`, metadata: meta, items: objs().map((o) => partialMetadata(o, v)) });
    return;
  }
  // Stream the JSON from each object's cached serialization, in chunks: the hot path of big LISTs.
  const head = `{"kind":${JSON.stringify(s.def.kind + 'List')},"apiVersion":${JSON.stringify(apiVersionOf(s.def.group, s.def.version))},"metadata":${JSON.stringify(meta)},"items":[`;
  const items = result.items;
  if (items.length < 256) {
    writeJson(s.res, 200, head + items.map((c) => (c.json ??= JSON.stringify(c.obj))).join(',') + ']}');
    return;
  }
  // Each object's cached JSON is written straight into 1 MiB buffers (no string concatenation).
  const out = startStreamingBody(s.res, 200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  const CHUNK = 1 << 20;
  let buf = Buffer.allocUnsafe(CHUNK);
  let off = buf.write(head);
  for (let i = 0; i < items.length; i++) {
    const c = items[i]!;
    const json = (c.json ??= JSON.stringify(c.obj));
    const need = json.length * 3 + 1; // the most UTF-8 bytes a JS string can take, and the comma
    if (off + need > buf.length) {
      if (!out.write(buf.subarray(0, off))) await waitDrain(out, s.signal);
      if (s.signal.aborted) return;
      buf = Buffer.allocUnsafe(Math.max(CHUNK, need));
      off = 0;
    }
    if (i) buf[off++] = 0x2c;
    off += buf.write(json, off);
  }
  out.end(Buffer.concat([buf.subarray(0, off), Buffer.from(']}')]));
}

/** A watch: a chunked stream of {"type","object"} lines until timeout, client close, or error. */
export async function handleWatch(s: Scope): Promise<void> {
  const q = s.query;
  const predicate = buildPredicate(s.def, s.store.strategy, q.get('labelSelector'), q.get('fieldSelector'));
  const rv = q.get('resourceVersion') ?? undefined;
  const bookmarks = parseBool(q.get('allowWatchBookmarks'));
  const timeoutSecs = intParam(q, 'timeoutSeconds') ?? Math.floor(1800 * (1 + Math.random()));
  const accept = s.req.headers.accept;
  const shape = parseAcceptShape(accept);
  const name = s.info.name || nameFromFieldSelector(q.get('fieldSelector'));
  const ac = new AbortController();
  const onAbort = () => ac.abort();
  s.signal.addEventListener('abort', onAbort, { once: true });
  const res = s.res;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  const send = (type: string, object: unknown): boolean => res.write(`{"type":"${type}","object":${typeof object === 'string' ? object : JSON.stringify(object)}}\n`);
  let w;
  try {
    w = s.store.watch(requestContext(s), {
      ...(rv !== undefined ? { resourceVersion: rv } : {}),
      ...(name && !predicate ? { name } : {}),
      ...(predicate ? { predicate } : {}),
      ...(s.env.watchBufferSize ? { maxBuffered: s.env.watchBufferSize } : {}),
      signal: ac.signal,
    });
  } catch (err) {
    const st = (err as { status?: Status }).status;
    send('ERROR', st ?? statusErrors.internal(String(err)).status);
    res.end();
    s.signal.removeEventListener('abort', onAbort);
    return;
  }
  const timer = setTimeout(() => ac.abort(), timeoutSecs * 1000);
  let tableColumnsSent = false;
  // An event taken from the watch and not yet written out (the client is slow).
  let writing = false;
  const bm = bookmarks
    ? setInterval(() => {
        // A bookmark promises the client every event up to its resourceVersion: only once all the
        // events before it have been written, else a client that resumes from it would miss them.
        if (writing || w.pending > 0) return;
        const b = { kind: s.def.kind, apiVersion: apiVersionOf(s.def.group, s.def.version), metadata: { resourceVersion: String(s.store.cacher.revision) } };
        send('BOOKMARK', b);
      }, s.env.bookmarkIntervalMs)
    : null;
  const render = (ev: CacheEvent): string | unknown => {
    const obj = ev.cur.obj;
    if (shape === 'table') {
      const t = toTable(s.def, [obj], { resourceVersion: String(ev.rv), include: includeObject(q), version: metaVersion(accept), now: new Date(), columns: !tableColumnsSent });
      tableColumnsSent = true;
      return t;
    }
    if (shape === 'metadata') return partialMetadata(obj, metaVersion(accept));
    return (ev.cur.json ??= JSON.stringify(ev.cur.obj));
  };
  try {
    for await (const ev of w) {
      writing = true;
      const ok = send(ev.type, render(ev));
      if (!ok) await waitDrain(res, ac.signal);
      writing = false;
    }
  } catch (err) {
    if (isStorageError(err, 'WatcherTooSlow')) {
      // As upstream's cacher does with a watcher that cannot keep up: the stream just ends. The
      // client resumes from the last resourceVersion it received, which the history still has;
      // a 410 here would make it relist everything.
    } else if (isStorageError(err, 'TooOld')) {
      send('ERROR', statusErrors.expired(`too old resource version: ${rv ?? ''} (${s.store.cacher.oldestRevision})`).status);
    } else if (!ac.signal.aborted) {
      s.env.log(`watch ${s.info.path}: ${(err as Error).message}`);
      send('ERROR', statusErrors.internal((err as Error).message).status);
    }
  } finally {
    clearTimeout(timer);
    if (bm) clearInterval(bm);
    s.signal.removeEventListener('abort', onAbort);
    w.close();
    if (!res.writableEnded) res.end();
  }
}

function waitDrain(res: Writable, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    res.once('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}

function nameFromFieldSelector(fs: string | null): string {
  if (!fs) return '';
  const m = /^metadata\.name==?([^,]+)$/.exec(fs);
  return m ? m[1]! : '';
}
