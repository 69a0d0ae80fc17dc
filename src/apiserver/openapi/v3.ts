// OpenAPI v3 documents, one per group/version as kube-apiserver serves them at /openapi/v3/<gv>: the
// operations of that group/version and every schema they reach.

import { KUBE_VERSION } from '../version.js';
import type { JsonSchema } from './extra.js';
import type { Param } from './params.js';
import { gvTag, hoist, routesFor, type GroupVersion, type Operation, type Produces } from './routes.js';
import { closure, refsIn, refTo } from './schemas.js';

const OBJECT_TYPES = ['application/json', 'application/vnd.kubernetes.protobuf', 'application/yaml'];
const STREAM_TYPES = ['application/json', 'application/json;stream=watch', 'application/vnd.kubernetes.protobuf', 'application/vnd.kubernetes.protobuf;stream=watch', 'application/yaml'];
const LOG_TYPES = ['application/json', 'application/vnd.kubernetes.protobuf', 'application/yaml', 'text/plain'];
export const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];

export function contentTypes(p: Produces): string[] {
  switch (p) {
    case 'object':
      return OBJECT_TYPES;
    case 'stream':
      return STREAM_TYPES;
    case 'log':
      return LOG_TYPES;
    case 'connect':
      return ['*/*'];
  }
}

function param(p: Param): JsonSchema {
  const out: JsonSchema = { name: p.name, in: p.in, description: p.description, schema: { type: p.type, uniqueItems: true } };
  if (p.required) out.required = true;
  return out;
}

function content(types: string[], schema: JsonSchema): JsonSchema {
  return Object.fromEntries(types.map((t) => [t, { schema }]));
}

function operation(op: Operation, own: Param[], gv: GroupVersion): JsonSchema {
  const out: JsonSchema = { tags: [gvTag(gv)], description: op.description, operationId: op.operationId };
  if (own.length) out.parameters = own.map(param);
  if (op.body) {
    const types = op.body.kind === 'patch' ? PATCH_TYPES : ['*/*'];
    out.requestBody = { content: content(types, refTo(op.body.ref, 'v3')), ...(op.body.required ? { required: true } : {}) };
  }
  const responses: JsonSchema = {};
  for (const r of op.responses) {
    const schema = r.ref ? refTo(r.ref, 'v3') : { type: 'string' };
    responses[r.code] = { description: r.description, content: content(contentTypes(op.produces), schema) };
  }
  responses['401'] = { description: 'Unauthorized' };
  out.responses = responses;
  if (op.action) out['x-kubernetes-action'] = op.action;
  if (op.gvk) out['x-kubernetes-group-version-kind'] = { group: op.gvk.group, kind: op.gvk.kind, version: op.gvk.version };
  return out;
}

/** The OpenAPI v3 document of one group/version. */
export function buildV3Document(gv: GroupVersion): JsonSchema {
  const paths: JsonSchema = {};
  for (const route of routesFor(gv)) {
    const { common, own } = hoist(route);
    const item: JsonSchema = {};
    for (const op of route.ops) item[op.method] = operation(op, own.get(op) ?? [], gv);
    if (common.length) item.parameters = common.map(param);
    paths[route.path] = item;
  }
  const schemas = Object.fromEntries([...closure(refsIn(paths, '#/components/schemas/'), 'v3').entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: KUBE_VERSION.gitVersion.split('-')[0] },
    paths,
    components: {
      schemas,
      securitySchemes: { BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' } },
    },
  };
}

