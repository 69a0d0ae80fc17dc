// What the fake API does for each verb: the generic store's semantics (upstream's registry/generic)
// without validation or admission — names and generateName, uid, resourceVersion preconditions,
// generation, status kept apart from spec, finalizers and deletionTimestamp, paging, subresources
// (status, scale, pods/binding).

import { randomUUID } from 'node:crypto';
import type { ResourceDef } from '../../../api/resources.js';
import type { KubeList, KubeObject } from '../../../api/types.js';
import { statusErrors, StatusError, successStatus } from '../../errors/status.js';
import { applyFakePatch, decodePatchBody, patchTypeOf } from './patch.js';
import { findDef, type FakeAction } from './route.js';
import { predicateFor } from './select.js';
import { objectKey, type ObjectTracker } from './tracker.js';

export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface HandlerEnv {
  tracker: ObjectTracker;
  now(): number;
}

export function grOf(a: { group: string; resource: string }): string {
  return `${a.group}/${a.resource}`;
}

function gr(a: FakeAction) {
  return { group: a.group, resource: a.resource };
}

function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

function randomSuffix(): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += NAME_CHARS[Math.floor(Math.random() * NAME_CHARS.length)];
  return s;
}

function hasStatus(def: ResourceDef | undefined): boolean {
  return !!def?.subresources?.some((s) => s.name === 'status');
}

function kindFor(a: FakeAction, body?: KubeObject): string {
  return findDef(a.group, a.resource)?.kind ?? body?.kind ?? '';
}

function apiVersion(a: FakeAction): string {
  return a.group ? `${a.group}/${a.version}` : a.version;
}

function asObject(a: FakeAction): KubeObject {
  const b = a.body as KubeObject | undefined;
  if (typeof b !== 'object' || b === null || Array.isArray(b)) throw statusErrors.badRequest('the request body is not an object');
  b.metadata ??= {};
  return b;
}

function dry(a: FakeAction): boolean {
  return a.query.getAll('dryRun').includes('All');
}

function spec(o: KubeObject): string {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o;
  return JSON.stringify(rest);
}

function stripVolatile(o: KubeObject): string {
  return JSON.stringify({ ...o, metadata: { ...o.metadata, resourceVersion: undefined, managedFields: undefined } });
}

export function handleCreate(env: HandlerEnv, a: FakeAction): FakeReply {
  const def = findDef(a.group, a.resource);
  const obj = asObject(a);
  const namespaced = def ? def.namespaced : !!a.namespace;
  if (namespaced) {
    if (!a.namespace) throw statusErrors.notFoundPath();
    if (obj.metadata.namespace && obj.metadata.namespace !== a.namespace)
      throw statusErrors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    obj.metadata.namespace = a.namespace;
  } else delete obj.metadata.namespace;
  if (!obj.metadata.name) {
    if (!obj.metadata.generateName)
      throw statusErrors.invalid({ group: a.group, kind: kindFor(a, obj) }, '', `${kindFor(a, obj)} "" is invalid: metadata.name: Required value: name or generateName is required`, [
        { reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' },
      ]);
    obj.metadata.name = obj.metadata.generateName + randomSuffix();
  }
  const name = obj.metadata.name;
  if (env.tracker.get(grOf(a), a.namespace, name)) throw statusErrors.alreadyExists(gr(a), name);
  obj.apiVersion = apiVersion(a);
  obj.kind = kindFor(a, obj);
  obj.metadata.uid = randomUUID();
  obj.metadata.creationTimestamp = timestamp(env.now());
  obj.metadata.generation = 1;
  delete obj.metadata.deletionTimestamp;
  delete obj.metadata.resourceVersion;
  if (dry(a)) return { status: 201, body: obj };
  return { status: 201, body: env.tracker.put(grOf(a), obj) };
}

function current(env: HandlerEnv, a: FakeAction): KubeObject {
  const cur = env.tracker.get(grOf(a), a.namespace, a.name);
  if (!cur) throw statusErrors.notFound(gr(a), a.name);
  return cur;
}

/** Stores `next` as the new state of `cur` (update, patch): preconditions, generation, no-op and finalizer rules. */
function commitUpdate(env: HandlerEnv, a: FakeAction, cur: KubeObject, next: KubeObject, subresource: string): FakeReply {
  const def = findDef(a.group, a.resource);
  if (next.metadata?.name && next.metadata.name !== a.name)
    throw statusErrors.badRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${a.name})`);
  const rv = next.metadata?.resourceVersion;
  if (rv && rv !== cur.metadata.resourceVersion) throw statusErrors.modified(gr(a), a.name);
  let out: KubeObject;
  if (subresource === 'status') {
    out = structuredClone(cur);
    if (next.status === undefined) delete out.status;
    else out.status = next.status;
  } else {
    out = { ...next, metadata: { ...next.metadata } };
    if (hasStatus(def)) {
      if (cur.status === undefined) delete out.status;
      else out.status = cur.status;
    }
  }
  out.apiVersion = cur.apiVersion;
  out.kind = cur.kind;
  const m = out.metadata;
  m.name = cur.metadata.name;
  if (cur.metadata.namespace) m.namespace = cur.metadata.namespace;
  else delete m.namespace;
  m.uid = cur.metadata.uid;
  m.creationTimestamp = cur.metadata.creationTimestamp;
  if (cur.metadata.deletionTimestamp) m.deletionTimestamp = cur.metadata.deletionTimestamp;
  else delete m.deletionTimestamp;
  m.generation = (cur.metadata.generation ?? 1) + (subresource === '' && spec(out) !== spec(cur) ? 1 : 0);
  m.resourceVersion = cur.metadata.resourceVersion;
  if (stripVolatile(out) === stripVolatile(cur)) return { status: 200, body: cur };
  if (dry(a)) return { status: 200, body: out };
  if (m.deletionTimestamp && !(m.finalizers?.length)) return { status: 200, body: env.tracker.remove(grOf(a), out) };
  return { status: 200, body: env.tracker.put(grOf(a), out) };
}

export function handleUpdate(env: HandlerEnv, a: FakeAction): FakeReply {
  if (a.subresource === 'scale') return updateScale(env, a, asObject(a));
  if (a.subresource && a.subresource !== 'status') throw statusErrors.notFoundPath();
  const cur = current(env, a);
  return commitUpdate(env, a, cur, asObject(a), a.subresource);
}

export function handlePatch(env: HandlerEnv, a: FakeAction, raw: Buffer): FakeReply {
  const type = patchTypeOf(a.contentType);
  if (!type) throw statusErrors.unsupportedMediaType();
  const patch = decodePatchBody(type, raw);
  const cur = env.tracker.get(grOf(a), a.namespace, a.name);
  if (!cur) {
    if (type !== 'apply' || a.subresource) throw statusErrors.notFound(gr(a), a.name);
    const obj = (typeof patch === 'object' && patch !== null ? patch : {}) as KubeObject;
    return handleCreate(env, { ...a, verb: 'create', body: { ...obj, metadata: { ...obj.metadata, name: a.name } } });
  }
  if (a.subresource === 'scale') {
    const scale = applyFakePatch('merge', toScale(a, cur), patch, undefined);
    return updateScale(env, a, scale);
  }
  if (a.subresource && a.subresource !== 'status') throw statusErrors.notFoundPath();
  const patched = applyFakePatch(type, cur, patch, findDef(a.group, a.resource)?.typeId);
  return commitUpdate(env, a, cur, patched, a.subresource);
}

export function handleGet(env: HandlerEnv, a: FakeAction): FakeReply {
  const cur = current(env, a);
  if (a.subresource === 'scale') return { status: 200, body: toScale(a, cur) };
  if (a.subresource && a.subresource !== 'status') throw statusErrors.notFoundPath();
  return { status: 200, body: cur };
}

interface ContinueToken {
  rv: number;
  start: string;
}

export function handleList(env: HandlerEnv, a: FakeAction): FakeReply {
  const match = predicateFor(a.query.get('labelSelector'), a.query.get('fieldSelector'));
  let items = env.tracker.list(grOf(a), a.namespace).filter(match);
  const meta: Record<string, unknown> = { resourceVersion: String(env.tracker.rv) };
  const cont = a.query.get('continue');
  if (cont) {
    let tok: ContinueToken;
    try {
      tok = JSON.parse(Buffer.from(cont, 'base64url').toString('utf8')) as ContinueToken;
    } catch {
      throw statusErrors.badRequest('continue key is not valid');
    }
    if (tok.rv < env.tracker.floor) throw statusErrors.expired('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
    items = items.filter((o) => objectKey(o) > tok.start);
    meta.resourceVersion = String(tok.rv);
  }
  // As the apiserver's watch cache: resourceVersion=0 serves everything, whatever the limit.
  const limit = a.query.get('resourceVersion') === '0' && !cont ? 0 : Number(a.query.get('limit') ?? 0);
  if (limit > 0 && items.length > limit) {
    const rest = items.length - limit;
    items = items.slice(0, limit);
    const tok: ContinueToken = { rv: Number(meta.resourceVersion), start: objectKey(items[items.length - 1]!) };
    meta.continue = Buffer.from(JSON.stringify(tok)).toString('base64url');
    meta.remainingItemCount = rest;
  }
  const list: KubeList = { apiVersion: apiVersion(a), kind: `${kindFor(a)}List`, metadata: meta, items };
  return { status: 200, body: list };
}

function deleteOptions(a: FakeAction): { uid?: string; resourceVersion?: string } | undefined {
  const b = a.body as { preconditions?: { uid?: string; resourceVersion?: string } } | undefined;
  return b && typeof b === 'object' ? b.preconditions : undefined;
}

function deleteOne(env: HandlerEnv, a: FakeAction, cur: KubeObject): KubeObject {
  const pre = deleteOptions(a);
  if (pre?.uid && pre.uid !== cur.metadata.uid)
    throw statusErrors.conflict(gr(a), a.name || cur.metadata.name || '', `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${cur.metadata.uid}`);
  if (pre?.resourceVersion && pre.resourceVersion !== cur.metadata.resourceVersion)
    throw statusErrors.conflict(gr(a), a.name || cur.metadata.name || '', `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${cur.metadata.resourceVersion}`);
  if (dry(a)) return cur;
  if (cur.metadata.finalizers?.length) {
    if (cur.metadata.deletionTimestamp) return cur;
    const next = structuredClone(cur);
    next.metadata.deletionTimestamp = timestamp(env.now());
    next.metadata.deletionGracePeriodSeconds = 0;
    return env.tracker.put(grOf(a), next);
  }
  return env.tracker.remove(grOf(a), cur);
}

export function handleDelete(env: HandlerEnv, a: FakeAction): FakeReply {
  if (a.subresource) throw statusErrors.notFoundPath();
  return { status: 200, body: deleteOne(env, a, current(env, a)) };
}

export function handleDeleteCollection(env: HandlerEnv, a: FakeAction): FakeReply {
  const match = predicateFor(a.query.get('labelSelector'), a.query.get('fieldSelector'));
  const items = env.tracker.list(grOf(a), a.namespace).filter(match).map((o) => deleteOne(env, a, o));
  return { status: 200, body: { apiVersion: apiVersion(a), kind: `${kindFor(a)}List`, metadata: { resourceVersion: String(env.tracker.rv) }, items } };
}

// ---------------------------------------------------------------- subresources

function selectorString(sel: unknown): string {
  const s = sel as { matchLabels?: Record<string, string> } | Record<string, string> | undefined;
  if (!s) return '';
  const labels = 'matchLabels' in s && typeof s.matchLabels === 'object' ? s.matchLabels : (s as Record<string, string>);
  return Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
}

function toScale(a: FakeAction, o: KubeObject): KubeObject {
  if (!findDef(a.group, a.resource)?.subresources?.some((s) => s.name === 'scale')) throw statusErrors.notFoundPath();
  const sp = (o.spec ?? {}) as { replicas?: number; selector?: unknown };
  const st = (o.status ?? {}) as { replicas?: number };
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name: o.metadata.name!, namespace: o.metadata.namespace!, uid: o.metadata.uid!, resourceVersion: o.metadata.resourceVersion!, creationTimestamp: o.metadata.creationTimestamp ?? null },
    spec: { replicas: sp.replicas ?? 0 },
    status: { replicas: st.replicas ?? 0, selector: selectorString(sp.selector) },
  };
}

function updateScale(env: HandlerEnv, a: FakeAction, scale: KubeObject): FakeReply {
  const cur = current(env, a);
  toScale(a, cur);
  const rv = scale.metadata?.resourceVersion;
  if (rv && rv !== cur.metadata.resourceVersion) throw statusErrors.modified(gr(a), a.name);
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number' || replicas < 0 || !Number.isInteger(replicas))
    throw statusErrors.invalid({ group: 'autoscaling', kind: 'Scale' }, a.name, `Scale.autoscaling "${a.name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, [
      { reason: 'FieldValueInvalid', message: 'must be greater than or equal to 0', field: 'spec.replicas' },
    ]);
  const next = structuredClone(cur);
  next.spec = { ...(next.spec as Record<string, unknown>), replicas };
  delete next.metadata.resourceVersion;
  const r = commitUpdate(env, { ...a, subresource: '' }, cur, next, '');
  return { status: 200, body: toScale(a, r.body as KubeObject) };
}

export function handleCreateSubresource(env: HandlerEnv, a: FakeAction): FakeReply {
  if (a.group === '' && a.resource === 'pods' && a.subresource === 'binding') {
    const b = asObject(a) as KubeObject & { target?: { name?: string } };
    const node = b.target?.name;
    if (!node) throw statusErrors.invalid({ group: '', kind: 'Binding' }, a.name, `Binding "${a.name}" is invalid: target.name: Required value`, [{ reason: 'FieldValueRequired', message: 'Required value', field: 'target.name' }]);
    const pod = current(env, a);
    const specObj = (pod.spec ?? {}) as { nodeName?: string };
    if (specObj.nodeName) throw statusErrors.conflict(gr(a), a.name, `pod ${a.name} is already assigned to node "${specObj.nodeName}"`);
    if (pod.metadata.deletionTimestamp) throw statusErrors.conflict(gr(a), a.name, 'pod is being deleted, cannot be assigned to a host');
    pod.spec = { ...specObj, nodeName: node };
    if (!dry(a)) env.tracker.put(grOf(a), pod);
    const ok = successStatus();
    ok.code = 201;
    return { status: 201, body: ok };
  }
  throw new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
}
