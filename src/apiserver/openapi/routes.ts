// The REST operations of each served group/version, from the resource catalogue, in a form both OpenAPI
// flavours are written from: paths, operation ids and descriptions in kube-apiserver's patterns,
// x-kubernetes-action, the kind each operation concerns, parameters, bodies and responses.

import { RESOURCES, isVirtual, type ResourceDef, type SubresourceDef } from '../../api/resources.js';
import { openapiName, schema, type GVK } from '../../api/schema/index.js';
import {
  CONNECT_PARAMS, DELETE_PARAMS, DELETECOLLECTION_PARAMS, LIST_PARAMS, LOG_PARAMS, PATCH_PARAMS, pathParam, QUERY, WRITE_PARAMS, type Param,
} from './params.js';
import { metaName } from './schemas.js';

export type Method = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options';
/** What a response carries: an object, a list or watch stream, raw connect bytes, or a log. */
export type Produces = 'object' | 'stream' | 'connect' | 'log';

export interface Response {
  code: string;
  description: string;
  /** Definition name of the body; absent for plain string bodies (connect, log). */
  ref?: string;
}

export interface Operation {
  method: Method;
  operationId: string;
  description: string;
  action?: string;
  gvk?: GVK;
  /** All parameters, path ones included; writers hoist those every operation of a path shares. */
  params: Param[];
  body?: { kind: 'object' | 'patch' | 'delete'; ref: string; required: boolean };
  produces: Produces;
  responses: Response[];
}

export interface Route {
  path: string;
  ops: Operation[];
}

export interface GroupVersion {
  group: string;
  version: string;
}

/** 'apps/v1' → 'apis/apps/v1'; core → 'api/v1' (the keys of /openapi/v3). */
export function gvKey(gv: GroupVersion): string {
  return gv.group ? `apis/${gv.group}/${gv.version}` : `api/${gv.version}`;
}

/** Served group/versions, in discovery order of the catalogue. */
export function servedGroupVersions(): GroupVersion[] {
  const seen = new Map<string, GroupVersion>();
  for (const r of RESOURCES) seen.set(gvKey(r), { group: r.group, version: r.version });
  return [...seen.values()];
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** "a Pod", "an Ingress", and no article for plural-looking kinds ("Endpoints"), as upstream words it. */
function withArticle(kind: string): string {
  if (kind.endsWith('s') && !kind.endsWith('ss')) return kind;
  return `${/^[aeiou]/i.test(kind) ? 'an' : 'a'} ${kind}`;
}

function groupPart(group: string): string {
  if (!group) return 'core';
  const parts = group.replace(/\.k8s\.io$/, '').split('.');
  return parts[0] + parts.slice(1).map(cap).join('');
}

/** 'rbac.authorization.k8s.io', 'v1' → 'RbacAuthorizationV1' (operation ids). */
export function gvName(gv: GroupVersion): string {
  return cap(groupPart(gv.group)) + cap(gv.version);
}

/** 'rbacAuthorization_v1' (operation tags). */
export function gvTag(gv: GroupVersion): string {
  return `${groupPart(gv.group)}_${gv.version}`;
}

const NAMESPACE = pathParam('namespace', 'Object name and auth scope, such as for teams and projects.');
const query = (names: string[]): Param[] => names.map((n) => QUERY[n]!);

const OBJECT_RESPONSES = (ref: string, codes: string[]): Response[] =>
  codes.map((code) => ({ code, description: code === '200' ? 'OK' : code === '201' ? 'Created' : 'Accepted', ref }));

/** Resources whose DELETE returns the object rather than a Status (upstream's storage does so). */
const DELETE_RETURNS_OBJECT = new Set([
  '/pods', '/persistentvolumeclaims', '/persistentvolumes', '/podtemplates', '/resourcequotas', '/serviceaccounts', '/services',
  'storage.k8s.io/storageclasses', 'storage.k8s.io/csidrivers', 'storage.k8s.io/csinodes', 'storage.k8s.io/volumeattachments',
]);

function kindRef(gvk: GVK): string {
  const t = schema.kind(gvk);
  if (!t) throw new Error(`openapi: no schema type for ${gvk.group}/${gvk.version} ${gvk.kind}`);
  return openapiName(t.id);
}

/** The routes of one group/version. */
export function routesFor(gv: GroupVersion): Route[] {
  const base = gv.group ? `/apis/${gv.group}/${gv.version}` : `/api/${gv.version}`;
  const routes: Route[] = [
    {
      path: `${base}/`,
      ops: [
        { method: 'get', operationId: `get${gvName(gv)}APIResources`, description: 'get available resources', params: [], produces: 'object', responses: OBJECT_RESPONSES(metaName('APIResourceList'), ['200']) },
      ],
    },
  ];
  const add = (path: string, op: Operation): void => {
    let r = routes.find((x) => x.path === path);
    if (!r) routes.push((r = { path, ops: [] }));
    r.ops.push(op);
  };
  for (const def of RESOURCES) if (def.group === gv.group && def.version === gv.version) resourceRoutes(def, base, gv, add);
  return routes;
}

type Add = (path: string, op: Operation) => void;

function resourceRoutes(def: ResourceDef, base: string, gv: GroupVersion, add: Add): void {
  const G = gvName(gv);
  const K = def.kind;
  const NS = def.namespaced ? 'Namespaced' : '';
  const gvk: GVK = { group: def.group, version: def.version, kind: K };
  const obj = openapiName(def.typeId);
  const coll = def.namespaced ? `${base}/namespaces/{namespace}/${def.plural}` : `${base}/${def.plural}`;
  const item = `${coll}/{name}`;
  const scope = def.namespaced ? [NAMESPACE] : [];
  const named = [pathParam('name', `Name of the ${K}.`), ...scope];
  const pretty = QUERY.pretty!;
  const has = (v: string) => def.verbs.includes(v as never);
  const listRef = isVirtual(def) ? undefined : kindRef({ ...gvk, kind: `${K}List` });

  const listDoc = `list ${has('watch') ? 'or watch ' : ''}objects of kind ${K}`;
  if (has('list')) {
    add(coll, { method: 'get', operationId: `list${G}${NS}${K}`, description: listDoc, action: 'list', gvk, params: [...scope, pretty, ...query(LIST_PARAMS)], produces: 'stream', responses: OBJECT_RESPONSES(listRef!, ['200']) });
  }
  if (has('create')) {
    add(coll, { method: 'post', operationId: `create${G}${NS}${K}`, description: `create ${withArticle(K)}`, action: 'post', gvk, params: [...scope, pretty, ...query(WRITE_PARAMS)], body: { kind: 'object', ref: obj, required: true }, produces: 'object', responses: OBJECT_RESPONSES(obj, ['200', '201', '202']) });
  }
  if (has('deletecollection')) {
    add(coll, { method: 'delete', operationId: `delete${G}Collection${NS}${K}`, description: `delete collection of ${K}`, action: 'deletecollection', gvk, params: [...scope, pretty, ...query(DELETECOLLECTION_PARAMS)], body: { kind: 'delete', ref: metaName('DeleteOptions'), required: false }, produces: 'object', responses: OBJECT_RESPONSES(metaName('Status'), ['200']) });
  }
  if (has('get')) {
    add(item, { method: 'get', operationId: `read${G}${NS}${K}`, description: `read the specified ${K}`, action: 'get', gvk, params: [...named, pretty], produces: 'object', responses: OBJECT_RESPONSES(obj, ['200']) });
  }
  if (has('update')) {
    add(item, { method: 'put', operationId: `replace${G}${NS}${K}`, description: `replace the specified ${K}`, action: 'put', gvk, params: [...named, pretty, ...query(WRITE_PARAMS)], body: { kind: 'object', ref: obj, required: true }, produces: 'object', responses: OBJECT_RESPONSES(obj, ['200', '201']) });
  }
  if (has('patch')) {
    add(item, { method: 'patch', operationId: `patch${G}${NS}${K}`, description: `partially update the specified ${K}`, action: 'patch', gvk, params: [...named, pretty, ...query(PATCH_PARAMS)], body: { kind: 'patch', ref: metaName('Patch'), required: true }, produces: 'object', responses: OBJECT_RESPONSES(obj, ['200', '201']) });
  }
  if (has('delete')) {
    const ret = DELETE_RETURNS_OBJECT.has(`${def.group}/${def.plural}`) ? obj : metaName('Status');
    add(item, { method: 'delete', operationId: `delete${G}${NS}${K}`, description: `delete ${withArticle(K)}`, action: 'delete', gvk, params: [...named, pretty, ...query(DELETE_PARAMS)], body: { kind: 'delete', ref: metaName('DeleteOptions'), required: false }, produces: 'object', responses: OBJECT_RESPONSES(ret, ['200', '202']) });
  }
  if (has('watch')) {
    const watchBase = `${base}/watch`;
    const wcoll = def.namespaced ? `${watchBase}/namespaces/{namespace}/${def.plural}` : `${watchBase}/${def.plural}`;
    const watchParams = [pretty, ...query(LIST_PARAMS)];
    const event = OBJECT_RESPONSES(metaName('WatchEvent'), ['200']);
    const watchListDoc = `watch individual changes to a list of ${K}. deprecated: use the 'watch' parameter with a list operation instead.`;
    add(wcoll, { method: 'get', operationId: `watch${G}${NS}${K}List`, description: watchListDoc, action: 'watchlist', gvk, params: [...scope, ...watchParams], produces: 'stream', responses: event });
    add(`${wcoll}/{name}`, {
      method: 'get', operationId: `watch${G}${NS}${K}`, action: 'watch', gvk, params: [...named, ...watchParams], produces: 'stream', responses: event,
      description: `watch changes to an object of kind ${K}. deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.`,
    });
    if (def.namespaced) add(`${watchBase}/${def.plural}`, { method: 'get', operationId: `watch${G}${K}ListForAllNamespaces`, description: watchListDoc, action: 'watchlist', gvk, params: watchParams, produces: 'stream', responses: event });
  }
  if (def.namespaced && has('list')) {
    add(`${base}/${def.plural}`, { method: 'get', operationId: `list${G}${K}ForAllNamespaces`, description: listDoc, action: 'list', gvk, params: [pretty, ...query(LIST_PARAMS)], produces: 'stream', responses: OBJECT_RESPONSES(listRef!, ['200']) });
  }
  for (const sub of def.subresources ?? []) subresourceRoutes(sub, { G, K, NS, item, named, add });
}

interface SubCtx {
  G: string;
  K: string;
  NS: string;
  item: string;
  named: Param[];
  add: Add;
}

const CONNECT_METHODS: Record<string, Method[]> = {
  create: ['post'],
  get: ['get'],
  delete: ['delete'],
  patch: ['patch'],
  update: ['put'],
};

function subresourceRoutes(sub: SubresourceDef, c: SubCtx): void {
  const { G, K, NS, item, named, add } = c;
  const S = cap(sub.name);
  const path = `${item}/${sub.name}`;
  const pretty = QUERY.pretty!;
  if (sub.name === 'log') {
    add(path, { method: 'get', operationId: `read${G}${NS}${K}Log`, description: `read log of the specified ${K}`, action: 'get', gvk: sub.kind, params: [...named, ...query(LOG_PARAMS)], produces: 'log', responses: [{ code: '200', description: 'OK' }] });
    return;
  }
  if (sub.connect) {
    const methods = sub.verbs.flatMap((v) => CONNECT_METHODS[v] ?? []);
    if (sub.name === 'proxy') methods.push('head', 'options');
    const variants: Array<[string, string, Param[]]> = [[path, '', []]];
    if (sub.name === 'proxy') variants.push([`${path}/{path}`, 'WithPath', [pathParam('path', 'Path to the resource.')]]);
    for (const [p, suffix, extra] of variants) {
      for (const m of sortMethods(methods)) {
        add(p, {
          method: m, operationId: `connect${G}${cap(m)}${NS}${K}${S}${suffix}`, description: `connect ${m.toUpperCase()} requests to ${sub.name} of ${K}`, action: 'connect', gvk: sub.kind,
          params: [...named, ...extra, ...query(CONNECT_PARAMS[sub.name] ?? [])], produces: 'connect', responses: [{ code: '200', description: 'OK' }],
        });
      }
    }
    return;
  }
  const ref = kindRef(sub.kind);
  for (const v of sub.verbs) {
    if (v === 'get') add(path, { method: 'get', operationId: `read${G}${NS}${K}${S}`, description: `read ${sub.name} of the specified ${K}`, action: 'get', gvk: sub.kind, params: [...named, pretty], produces: 'object', responses: OBJECT_RESPONSES(ref, ['200']) });
    else if (v === 'update') add(path, { method: 'put', operationId: `replace${G}${NS}${K}${S}`, description: `replace ${sub.name} of the specified ${K}`, action: 'put', gvk: sub.kind, params: [...named, pretty, ...query(WRITE_PARAMS)], body: { kind: 'object', ref, required: true }, produces: 'object', responses: OBJECT_RESPONSES(ref, ['200', '201']) });
    else if (v === 'patch') add(path, { method: 'patch', operationId: `patch${G}${NS}${K}${S}`, description: `partially update ${sub.name} of the specified ${K}`, action: 'patch', gvk: sub.kind, params: [...named, pretty, ...query(PATCH_PARAMS)], body: { kind: 'patch', ref: metaName('Patch'), required: true }, produces: 'object', responses: OBJECT_RESPONSES(ref, ['200', '201']) });
    else if (v === 'create') add(path, { method: 'post', operationId: `create${G}${NS}${K}${S}`, description: `create ${sub.name} of ${withArticle(K)}`, action: 'post', gvk: sub.kind, params: [...named, pretty, ...query(WRITE_PARAMS)], body: { kind: 'object', ref, required: true }, produces: 'object', responses: OBJECT_RESPONSES(ref, ['200', '201', '202']) });
  }
}

const METHOD_ORDER: Method[] = ['delete', 'get', 'head', 'options', 'patch', 'post', 'put'];
function sortMethods(ms: Method[]): Method[] {
  return [...new Set(ms)].sort((a, b) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b));
}

/** Splits parameters into those every operation of a route shares (path level) and each operation's own. */
export function hoist(route: Route): { common: Param[]; own: Map<Operation, Param[]> } {
  const key = (p: Param) => `${p.in}:${p.name}`;
  const byName = (a: Param, b: Param) => (a.name === b.name ? (a.in === 'path' ? -1 : 1) : a.name < b.name ? -1 : 1);
  const shared = route.ops.map((o) => new Set(o.params.map(key)));
  const common = route.ops[0]!.params.filter((p) => shared.every((s) => s.has(key(p)))).sort(byName);
  const commonKeys = new Set(common.map(key));
  const own = new Map(route.ops.map((o) => [o, o.params.filter((p) => !commonKeys.has(key(p))).sort(byName)]));
  return { common, own };
}
