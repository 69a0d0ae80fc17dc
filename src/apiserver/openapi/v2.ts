// The OpenAPI v2 (swagger 2.0) document of everything kts serves, as kube-apiserver publishes it at
// /openapi/v2: every group/version's operations in one document, and every definition they reach.

import { KUBE_VERSION } from '../version.js';
import type { JsonSchema } from './extra.js';
import type { Param } from './params.js';
import { gvTag, hoist, routesFor, servedGroupVersions, type GroupVersion, type Operation } from './routes.js';
import { closure, refsIn, refTo } from './schemas.js';
import { contentTypes, PATCH_TYPES } from './v3.js';

function param(p: Param): JsonSchema {
  const out: JsonSchema = { name: p.name, in: p.in, description: p.description, type: p.type, uniqueItems: true };
  if (p.required) out.required = true;
  return out;
}

function operation(op: Operation, own: Param[], gv: GroupVersion): JsonSchema {
  const parameters: JsonSchema[] = [];
  if (op.body) parameters.push({ name: 'body', in: 'body', schema: refTo(op.body.ref, 'v2'), ...(op.body.required ? { required: true } : {}) });
  parameters.push(...own.map(param));
  const discovery = !op.action;
  const out: JsonSchema = {
    tags: [gvTag(gv)],
    description: op.description,
    operationId: op.operationId,
    consumes: op.body?.kind === 'patch' ? PATCH_TYPES : discovery ? contentTypes('object') : ['*/*'],
    produces: contentTypes(op.produces),
    schemes: ['https'],
  };
  if (parameters.length) out.parameters = parameters;
  const responses: JsonSchema = {};
  for (const r of op.responses) responses[r.code] = { description: r.description, schema: r.ref ? refTo(r.ref, 'v2') : { type: 'string' } };
  responses['401'] = { description: 'Unauthorized' };
  out.responses = responses;
  if (op.action) out['x-kubernetes-action'] = op.action;
  if (op.gvk) out['x-kubernetes-group-version-kind'] = { group: op.gvk.group, kind: op.gvk.kind, version: op.gvk.version };
  return out;
}

/** The swagger 2.0 document of all served group/versions. */
export function buildV2Document(): JsonSchema {
  const paths: JsonSchema = {};
  for (const gv of servedGroupVersions()) {
    for (const route of routesFor(gv)) {
      const { common, own } = hoist(route);
      const item: JsonSchema = {};
      for (const op of route.ops) item[op.method] = operation(op, own.get(op) ?? [], gv);
      if (common.length) item.parameters = common.map(param);
      paths[route.path] = item;
    }
  }
  const definitions = Object.fromEntries([...closure(refsIn(paths, '#/definitions/'), 'v2').entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: KUBE_VERSION.gitVersion.split('-')[0] },
    paths,
    definitions,
    securityDefinitions: { BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' } },
    security: [{ BearerToken: [] }],
  };
}
