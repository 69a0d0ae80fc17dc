// Patch metadata read from kts's schema source. A field's list semantics for apply follow
// kube-openapi's conversion: an explicit listType wins; otherwise a list with patch strategy
// "merge" (or "merge,retainKeys") is a map keyed by its merge key, or a set when it has none; any
// other list is atomic. RawExtension and FieldsV1 are untyped atomic, apiextensions JSON is deduced.

import { isPrimitive, schema as defaultSchema, type FieldDef, type Schema, type TypeExpr } from '../../api/schema/index.js';
import { atomicUntypedMeta, undeclaredField, untypedMeta, type FieldMeta, type ListType, type PatchMeta } from './meta.js';

const ATOMIC_PRIMITIVES = new Set(['RawExtension', 'FieldsV1']);

class AtomicView implements PatchMeta {
  readonly atomic = true;
  constructor(private readonly inner: PatchMeta) {}
  get name(): string {
    return this.inner.name;
  }
  lookup(name: string): FieldMeta {
    return this.inner.lookup(name);
  }
}

/** Resolves type expressions of one schema to PatchMeta, caching each defined type. */
class Resolver {
  private readonly structs = new Map<string, StructMeta>();
  constructor(readonly schema: Schema) {}

  /** The meta of a value of type `t` (for arrays: of their elements). */
  valueMeta(t: TypeExpr, opts: { atomicMap?: boolean } = {}): PatchMeta {
    let meta: PatchMeta;
    if (typeof t === 'string') {
      if (isPrimitive(t)) meta = ATOMIC_PRIMITIVES.has(t) ? atomicUntypedMeta : untypedMeta;
      else meta = this.struct(t);
    } else if ('array' in t) {
      meta = typeof t.array === 'object' && 'array' in t.array ? untypedMeta : this.valueMeta(t.array);
    } else meta = new MapMeta(this, t.map);
    return opts.atomicMap && !meta.atomic ? new AtomicView(meta) : meta;
  }

  struct(id: string): StructMeta {
    let s = this.structs.get(id);
    if (!s) {
      s = new StructMeta(this, id);
      this.structs.set(id, s);
    }
    return s;
  }

  fieldMeta(fd: FieldDef, declared: boolean): FieldMeta {
    const strategies = fd.patchStrategy ? fd.patchStrategy.split(',') : [];
    const mergeKey = fd.patchMergeKey;
    const isList = typeof fd.type === 'object' && 'array' in fd.type;
    let listType: ListType = 'atomic';
    let listMapKeys: string[] = [];
    if (isList && fd.listType) {
      listType = fd.listType;
      listMapKeys = fd.listType === 'map' ? (fd.listMapKeys ?? []) : [];
    } else if (isList && (fd.patchStrategy === 'merge' || fd.patchStrategy === 'merge,retainKeys')) {
      listType = mergeKey ? 'map' : 'set';
      listMapKeys = mergeKey ? [mergeKey] : [];
    }
    return {
      declared,
      required: fd.required ?? false,
      strategies,
      mergeKey,
      listType,
      listMapKeys,
      default: fd.default as FieldMeta['default'],
      value: this.valueMeta(fd.type, { atomicMap: fd.mapType === 'atomic' }),
    };
  }
}

class StructMeta implements PatchMeta {
  readonly name: string;
  readonly atomic: boolean;
  private readonly fields = new Map<string, FieldMeta>();

  constructor(
    private readonly resolver: Resolver,
    id: string,
  ) {
    this.name = id;
    this.atomic = resolver.schema.type(id).structType === 'atomic';
  }

  lookup(name: string): FieldMeta {
    let fm = this.fields.get(name);
    if (!fm) {
      const fd = this.resolver.schema.field(this.name, name);
      fm = fd ? this.resolver.fieldMeta(fd, true) : undeclaredField;
      this.fields.set(name, fm);
    }
    return fm;
  }
}

class MapMeta implements PatchMeta {
  readonly atomic = false;
  readonly name: string;
  private field: FieldMeta | undefined;

  constructor(
    private readonly resolver: Resolver,
    private readonly elem: TypeExpr,
  ) {
    this.name = `map[string]${typeof elem === 'string' ? elem : 'array' in elem ? 'array' : 'map'}`;
  }

  lookup(): FieldMeta {
    this.field ??= this.resolver.fieldMeta({ type: this.elem }, false);
    return this.field;
  }
}

const resolvers = new WeakMap<Schema, Resolver>();

/**
 * The patch metadata of objects of type `typeId` ('apps.v1.Deployment') in `schema` (default: kts's
 * own schema). Throws when the type is not defined.
 */
export function schemaPatchMeta(typeId: string, opts: { schema?: Schema } = {}): PatchMeta {
  const s = opts.schema ?? defaultSchema;
  s.type(typeId);
  let r = resolvers.get(s);
  if (!r) {
    r = new Resolver(s);
    resolvers.set(s, r);
  }
  return r.struct(typeId);
}
