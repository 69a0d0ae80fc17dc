// Schema source → OpenAPI definitions, in the two flavours kube-apiserver serves: v2 (swagger 2.0,
// "#/definitions/…", $ref with sibling keywords, no defaults) and v3 ("#/components/schemas/…", a $ref
// with siblings wrapped in allOf, zero-value defaults). Upstream 1.32 publishes no enums, so none here.

import { isPrimitive, openapiName, schema, type FieldDef, type TypeDef, type TypeExpr } from '../../api/schema/index.js';
import { IMPLIED_DEFAULTS } from './defaults.js';
import { EXTRA_TYPES, fixedDefinition, META, PRIMITIVE_DEFINITION, UNIONS, type Flavor, type JsonSchema } from './extra.js';

const extras = new Map(EXTRA_TYPES.map((t) => [t.id, t]));
const byName = new Map<string, TypeDef>();

function typeByName(name: string): TypeDef | undefined {
  if (byName.size === 0) {
    for (const t of extras.values()) byName.set(openapiName(t.id), t);
    for (const t of schema.all()) byName.set(openapiName(t.id), t);
  }
  return byName.get(name);
}

export function refPrefix(flavor: Flavor): string {
  return flavor === 'v3' ? '#/components/schemas/' : '#/definitions/';
}

export function refTo(name: string, flavor: Flavor): JsonSchema {
  return { $ref: refPrefix(flavor) + name };
}

/** The definition name a type id or primitive refers to, if it is published as a definition. */
function definitionOf(t: string): string | undefined {
  if (isPrimitive(t)) return PRIMITIVE_DEFINITION[t];
  return schema.has(t) || extras.has(t) ? openapiName(t) : undefined;
}

const SCALARS: Record<string, JsonSchema> = {
  string: { type: 'string' },
  int32: { type: 'integer', format: 'int32' },
  int64: { type: 'integer', format: 'int64' },
  double: { type: 'number', format: 'double' },
  boolean: { type: 'boolean' },
  bytes: { type: 'string', format: 'byte' },
  Duration: { type: 'string' },
};

/** The zero value v3 gives elements of lists and maps (upstream's default for non-pointer element types). */
function elementDefault(t: TypeExpr): unknown {
  if (typeof t !== 'string') return undefined;
  switch (t) {
    case 'string':
      return '';
    case 'int32':
    case 'int64':
    case 'double':
      return 0;
    case 'boolean':
      return false;
    default:
      return isPrimitive(t) ? undefined : {};
  }
}

/** The bare schema of a type expression (no description or extensions). */
export function typeSchema(t: TypeExpr, flavor: Flavor): JsonSchema {
  if (typeof t === 'object') {
    const elem = 'array' in t ? t.array : t.map;
    let inner = typeSchema(elem, flavor);
    const def = flavor === 'v3' ? elementDefault(elem) : undefined;
    if (def !== undefined) inner = withSiblings(inner, { default: def }, flavor);
    return 'array' in t ? { type: 'array', items: inner } : { type: 'object', additionalProperties: inner };
  }
  const scalar = SCALARS[t];
  if (scalar) return { ...scalar };
  const name = definitionOf(t);
  if (!name) throw new Error(`openapi: no definition for type ${t}`);
  return refTo(name, flavor);
}

/** Adds keywords next to a schema; in v3 a $ref gets them through allOf, as kube-openapi does. */
function withSiblings(base: JsonSchema, extra: JsonSchema, flavor: Flavor): JsonSchema {
  if (Object.keys(extra).length === 0) return base;
  if (flavor === 'v3' && typeof base.$ref === 'string') return { allOf: [base], ...extra };
  return { ...base, ...extra };
}

function propertySchema(fd: FieldDef, flavor: Flavor, implied: unknown): JsonSchema {
  const extra: JsonSchema = {};
  if (fd.description) extra.description = fd.description;
  const dflt = fd.default ?? implied;
  if (flavor === 'v3' && dflt !== undefined) extra.default = dflt;
  if (fd.listType) extra['x-kubernetes-list-type'] = fd.listType;
  if (fd.listMapKeys?.length) extra['x-kubernetes-list-map-keys'] = [...fd.listMapKeys];
  if (fd.mapType) extra['x-kubernetes-map-type'] = fd.mapType;
  if (fd.patchStrategy) extra['x-kubernetes-patch-strategy'] = fd.patchStrategy;
  if (fd.patchMergeKey) extra['x-kubernetes-patch-merge-key'] = fd.patchMergeKey;
  const base = typeSchema(fd.type, flavor);
  if (fd.format && typeof base.$ref !== 'string') base.format = fd.format;
  return withSiblings(base, extra, flavor);
}

/** The definition of an object type. */
export function objectDefinition(def: TypeDef, flavor: Flavor): JsonSchema {
  const properties: JsonSchema = {};
  const required: string[] = [];
  const implied = IMPLIED_DEFAULTS[def.id] ?? {};
  for (const [name, fd] of Object.entries(def.fields)) {
    properties[name] = propertySchema(fd, flavor, implied[name]);
    if (fd.required) required.push(name);
  }
  const out: JsonSchema = { type: 'object' };
  if (def.description) out.description = def.description;
  if (Object.keys(properties).length) out.properties = properties;
  if (required.length) out.required = required;
  if (def.gvk?.length) out['x-kubernetes-group-version-kind'] = def.gvk.map((g) => ({ group: g.group, kind: g.kind, version: g.version }));
  if (def.structType === 'atomic') out['x-kubernetes-map-type'] = 'atomic';
  if (UNIONS[def.id]) out['x-kubernetes-unions'] = UNIONS[def.id];
  return out;
}

/** A definition by name (object types from the schema, or the fixed ones). */
export function definition(name: string, flavor: Flavor): JsonSchema {
  const fixed = fixedDefinition(name, flavor);
  if (fixed) return fixed;
  const t = typeByName(name);
  if (!t) throw new Error(`openapi: unknown definition ${name}`);
  return objectDefinition(t, flavor);
}

/** Every definition name reachable through $refs from the given schemas. */
export function closure(roots: Iterable<string>, flavor: Flavor): Map<string, JsonSchema> {
  const out = new Map<string, JsonSchema>();
  const prefix = refPrefix(flavor);
  const queue = [...roots];
  while (queue.length) {
    const name = queue.pop()!;
    if (out.has(name)) continue;
    const d = definition(name, flavor);
    out.set(name, d);
    for (const r of refsIn(d, prefix)) if (!out.has(r)) queue.push(r);
  }
  return out;
}

/** Definition names referenced anywhere inside a JSON value. */
export function refsIn(v: unknown, prefix: string): string[] {
  const found: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x !== null && typeof x === 'object') {
      for (const [k, y] of Object.entries(x)) {
        if (k === '$ref' && typeof y === 'string' && y.startsWith(prefix)) found.push(y.slice(prefix.length));
        else walk(y);
      }
    }
  };
  walk(v);
  return found;
}

/** Definition name of meta/v1 types used by operations. */
export const metaName = (kind: string): string => `${META}.${kind}`;
