// POST, PUT, PATCH, DELETE and DELETE-collection of a resource.

import { apiVersionOf, isObject, parseApiVersion, type KubeObject } from '../../api/types.js';
import { statusErrors, successStatus } from '../../machinery/errors/status.js';
import { decodeObject, readBody } from '../http/body.js';
import { addWarning, writeJson } from '../http/respond.js';
import type { DeleteOptionsBody } from '../registry/store.js';
import { checkAgainstSchema } from '../validation/decode.js';
import { applyPatch, isApplyPatch } from './patch.js';
import { shapeOne } from './read.js';
import { isDryRun, requestContext, type Scope } from './scope.js';
import { buildPredicate } from './selectors.js';

type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

function fieldValidation(q: URLSearchParams): FieldValidation {
  const v = q.get('fieldValidation');
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw statusErrors.badRequest(`fieldValidation parameter unsupported: ${v}, should be one of Ignore, Warn, or Strict`);
}

export function fieldManager(s: Scope, fallback: string): string {
  const m = s.query.get('fieldManager');
  if (m !== null) {
    if (m.length > 128) throw statusErrors.badRequest(`fieldManager: Too long: may not be more than 128 bytes`);
    return m;
  }
  // Upstream derives the default manager from the user agent's program name.
  const ua = String(s.req.headers['user-agent'] ?? '');
  return ua.split('/')[0] || fallback;
}

function checkDryRun(q: URLSearchParams): void {
  for (const v of q.getAll('dryRun')) if (v !== 'All') throw statusErrors.badRequest(`Invalid dryRun value: ${v}`);
}

/** The kind an endpoint takes: the resource's kind, or the subresource's. */
function expectedKind(s: Scope): { group: string; version: string; kind: string } {
  const sub = s.info.subresource ? s.def.subresources?.find((x) => x.name === s.info.subresource) : undefined;
  return sub ? sub.kind : { group: s.def.group, version: s.def.version, kind: s.def.kind };
}

/** Decodes and schema-checks a body: apiVersion/kind must match, unknown fields per fieldValidation. */
export async function decodeBody(s: Scope): Promise<KubeObject> {
  const body = await readBody(s.req);
  const expect = expectedKind(s);
  const obj = decodeObject(body, { contentType: s.req.headers['content-type'], expect, ...(s.env.protobuf ? { protobuf: s.env.protobuf } : {}) });
  return checkDecoded(s, obj, expect);
}

export function checkDecoded(s: Scope, obj: Record<string, unknown>, expect: { group: string; version: string; kind: string }): KubeObject {
  const want = apiVersionOf(expect.group, expect.version);
  if (obj.kind !== undefined && obj.kind !== '' && obj.kind !== expect.kind)
    throw statusErrors.badRequest(`the kind in the data (${String(obj.kind)}) does not match the expected kind (${expect.kind})`);
  if (obj.apiVersion !== undefined && obj.apiVersion !== '' && obj.apiVersion !== want) {
    const got = parseApiVersion(String(obj.apiVersion));
    if (got.group !== expect.group || got.version !== expect.version)
      throw statusErrors.badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${want})`);
  }
  if (obj.metadata !== undefined && !isObject(obj.metadata)) throw statusErrors.badRequest('metadata must be an object');
  const mode = fieldValidation(s.query);
  const typeId = typeIdOf(expect);
  const rep = checkAgainstSchema(obj, typeId);
  if (rep.typeErrors.length)
    throw statusErrors.badRequest(`${expect.kind} in version "${expect.version}" cannot be handled as a ${expect.kind}: ${rep.typeErrors.join('; ')}`);
  if (rep.unknown.length) {
    if (mode === 'Strict') throw statusErrors.badRequest(`strict decoding error: ${rep.unknown.map((p) => `unknown field "${p}"`).join(', ')}`);
    if (mode === 'Warn') for (const p of rep.unknown) addWarning(s.res, `unknown field "${p}"`);
  }
  obj.metadata ??= {};
  return obj as KubeObject;
}

export function typeIdOf(k: { group: string; version: string; kind: string }): string {
  const pkg = k.group === '' ? 'core' : k.group.split('.')[0]!;
  return `${pkg}.${k.version}.${k.kind}`;
}

export async function handleCreate(s: Scope): Promise<void> {
  checkDryRun(s.query);
  fieldValidation(s.query);
  const obj = await decodeBody(s);
  if (s.info.name && obj.metadata.name && obj.metadata.name !== s.info.name)
    throw statusErrors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${s.info.name})`);
  const created = await s.store.create(requestContext(s), obj, { fieldManager: fieldManager(s, 'unknown') });
  writeJson(s.res, 201, shapeOne(s, created));
}

export async function handleUpdate(s: Scope): Promise<void> {
  checkDryRun(s.query);
  const obj = await decodeBody(s);
  const manager = fieldManager(s, 'unknown');
  const r = await s.store.update(
    requestContext(s),
    s.info.name,
    () => {
      if (obj.metadata.name && obj.metadata.name !== s.info.name)
        throw statusErrors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${s.info.name})`);
      return structuredClone(obj);
    },
    { fieldManager: manager },
  );
  writeJson(s.res, r.created ? 201 : 200, shapeOne(s, r.obj));
}

export async function handlePatch(s: Scope): Promise<void> {
  checkDryRun(s.query);
  const mode = fieldValidation(s.query);
  const contentType = String(s.req.headers['content-type'] ?? '');
  const body = await readBody(s.req);
  const apply = isApplyPatch(contentType);
  const force = s.query.get('force');
  if (force !== null && !apply) throw statusErrors.badRequest('force: Forbidden: may not be specified for non-apply patch');
  const manager = s.query.get('fieldManager');
  if (apply && !manager) throw statusErrors.badRequest('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  const expect = expectedKind(s);
  const r = await s.store.update(
    requestContext(s),
    s.info.name,
    (cur) => {
      const out = applyPatch({ contentType, body, current: cur, typeId: typeIdOf(expect), manager: manager ?? fieldManager(s, 'unknown'), force: force === 'true', now: s.now, apiVersion: apiVersionOf(expect.group, expect.version), def: s.def, subresource: s.info.subresource });
      const checked = checkDecoded(s, out as Record<string, unknown>, expect);
      void mode;
      return checked;
    },
    { fieldManager: manager ?? fieldManager(s, 'unknown'), forceAllowCreate: apply, applied: apply },
  );
  writeJson(s.res, r.created ? 201 : 200, shapeOne(s, r.obj));
}

export async function deleteOptions(s: Scope): Promise<DeleteOptionsBody> {
  const body = await readBody(s.req);
  let o: DeleteOptionsBody = {};
  if (body.length) {
    const v = decodeObject(body, {
      contentType: s.req.headers['content-type'],
      expect: { group: s.def.group, version: s.def.version, kind: 'DeleteOptions' },
      ...(s.env.protobuf ? { protobuf: s.env.protobuf } : {}),
    });
    o = v as DeleteOptionsBody;
  }
  const q = s.query;
  const g = q.get('gracePeriodSeconds');
  if (g !== null) {
    if (!/^-?\d+$/.test(g)) throw statusErrors.badRequest(`invalid gracePeriodSeconds ${g}`);
    o.gracePeriodSeconds = Number(g);
  }
  const p = q.get('propagationPolicy');
  if (p !== null) o.propagationPolicy = p as DeleteOptionsBody['propagationPolicy'];
  if (o.propagationPolicy !== undefined && !['Orphan', 'Background', 'Foreground'].includes(o.propagationPolicy))
    throw invalidDeleteOptions(`propagationPolicy: Unsupported value: "${o.propagationPolicy}": supported values: "Foreground", "Background", "Orphan", "nil"`);
  const od = q.get('orphanDependents');
  if (od !== null) o.orphanDependents = od === 'true';
  if (o.orphanDependents !== undefined && o.propagationPolicy !== undefined)
    throw invalidDeleteOptions('propagationPolicy: Invalid value: "' + o.propagationPolicy + '": orphanDependents and deletionPropagation cannot be both set');
  if (o.gracePeriodSeconds !== undefined && o.gracePeriodSeconds < 0) o.gracePeriodSeconds = 1;
  if (isDryRun(q)) o.dryRun = ['All'];
  return o;
}

function invalidDeleteOptions(msg: string) {
  return statusErrors.invalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', `DeleteOptions.meta.k8s.io "" is invalid: ${msg}`, [{ message: msg }]);
}

export async function handleDelete(s: Scope): Promise<void> {
  checkDryRun(s.query);
  const opts = await deleteOptions(s);
  const ctx = requestContext(s, { dryRun: !!opts.dryRun?.includes('All') });
  const r = await s.store.delete(ctx, s.info.name, opts);
  const returnObject = !r.deleted || s.def.plural === 'pods';
  if (returnObject) {
    writeJson(s.res, !r.deleted && opts.orphanDependents === false ? 202 : 200, shapeOne(s, r.obj));
    return;
  }
  const details: Record<string, string> = { name: s.info.name, kind: s.def.plural };
  if (s.def.group) details.group = s.def.group;
  if (r.obj.metadata.uid) details.uid = r.obj.metadata.uid;
  writeJson(s.res, 200, successStatus(details));
}

export async function handleDeleteCollection(s: Scope): Promise<void> {
  checkDryRun(s.query);
  const opts = await deleteOptions(s);
  const predicate = buildPredicate(s.def, s.store.strategy, s.query.get('labelSelector'), s.query.get('fieldSelector'));
  const ctx = requestContext(s, { dryRun: !!opts.dryRun?.includes('All') });
  const gone = await s.store.deleteCollection(ctx, predicate ? { predicate } : {}, opts);
  writeJson(s.res, 200, {
    kind: `${s.def.kind}List`,
    apiVersion: apiVersionOf(s.def.group, s.def.version),
    metadata: { resourceVersion: '' },
    items: gone,
  });
}
