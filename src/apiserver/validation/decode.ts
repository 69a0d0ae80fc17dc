// Schema-driven checks of a decoded object, as upstream's typed decoding does them: unknown fields
// (dropped; reported for fieldValidation Strict/Warn) and values of the wrong JSON type (400).

import { isPrimitive, schema as defaultSchema, type Schema, type TypeExpr } from '../../api/schema/index.js';
import { isObject } from '../../api/types.js';

export interface DecodeReport {
  unknown: string[];
  typeErrors: string[];
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : typeof v;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/**
 * Walks `value` against `type`, deleting unknown fields in place and collecting their paths and any
 * type mismatches. Types the schema does not know are left alone.
 */
export function checkAgainstSchema(value: unknown, type: TypeExpr, opts: { schema?: Schema; path?: string; report?: DecodeReport } = {}): DecodeReport {
  const sch = opts.schema ?? defaultSchema;
  const report = opts.report ?? { unknown: [], typeErrors: [] };
  walk(value, type, opts.path ?? '', sch, report);
  return report;
}

function walk(v: unknown, t: TypeExpr, path: string, sch: Schema, r: DecodeReport): void {
  if (v === null || v === undefined) return;
  if (typeof t !== 'string') {
    if ('array' in t) {
      if (!Array.isArray(v)) return void r.typeErrors.push(`${path}: expected array, got ${jsonType(v)}`);
      v.forEach((e, i) => walk(e, t.array, `${path}[${i}]`, sch, r));
      return;
    }
    if (!isObject(v)) return void r.typeErrors.push(`${path}: expected object, got ${jsonType(v)}`);
    for (const [k, e] of Object.entries(v)) walk(e, t.map, join(path, k), sch, r);
    return;
  }
  if (isPrimitive(t)) {
    const got = jsonType(v);
    const ok = (() => {
      switch (t) {
        case 'string':
        case 'bytes':
        case 'Time':
        case 'MicroTime':
        case 'Duration':
          return got === 'string';
        case 'int32':
        case 'int64':
          return got === 'number' && Number.isInteger(v);
        case 'double':
          return got === 'number';
        case 'boolean':
          return got === 'boolean';
        case 'IntOrString':
          return got === 'string' || (got === 'number' && Number.isInteger(v));
        case 'Quantity':
          return got === 'string' || got === 'number';
        case 'FieldsV1':
        case 'RawExtension':
          return got === 'object';
        case 'JSON':
          return true;
      }
    })();
    if (!ok) r.typeErrors.push(`${path}: expected ${t}, got ${got}`);
    return;
  }
  if (!sch.has(t)) return;
  if (!isObject(v)) return void r.typeErrors.push(`${path}: expected object, got ${jsonType(v)}`);
  const def = sch.type(t);
  for (const [k, e] of Object.entries(v)) {
    const fd = def.fields[k];
    if (!fd) {
      r.unknown.push(join(path, k));
      delete v[k];
      continue;
    }
    walk(e, fd.type, join(path, k), sch, r);
  }
}
