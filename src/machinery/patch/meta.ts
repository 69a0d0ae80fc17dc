// Patch metadata: what strategic merge patch and server-side apply need to know about a field. It
// is what upstream reads from Go struct tags (patchStrategy, patchMergeKey) and from the OpenAPI
// extensions (x-kubernetes-list-type, -list-map-keys, -map-type). The schema source provides it
// (schema-meta.ts); objects without a schema use the untyped fallbacks below, which behave like a
// JSON merge patch for strategic merge patch and like upstream's "deduced" type for apply.

import type { JsonValue } from './json.js';

/** How server-side apply treats a list: replaced whole, a set of scalars, or a map keyed by fields. */
export type ListType = 'atomic' | 'set' | 'map';

export interface FieldMeta {
  /** False for a field the schema does not declare (then it merges like a JSON merge patch). */
  readonly declared: boolean;
  /** A required field: present (as a zero value) even in an empty object of the type. */
  readonly required: boolean;
  /** The field's patch strategies, e.g. [] or ['merge'] or ['merge', 'retainKeys'] or ['replace']. */
  readonly strategies: readonly string[];
  /** The patchMergeKey of a list of objects with the merge strategy. */
  readonly mergeKey: string | undefined;
  /** Server-side apply's view of a list in this field. */
  readonly listType: ListType;
  /** For listType 'map': the key fields of the elements. */
  readonly listMapKeys: readonly string[];
  /** The field's default, used for list-map keys an element leaves out. */
  readonly default: JsonValue | undefined;
  /** The metadata of the field's value; for a list, of each element. */
  readonly value: PatchMeta;
}

export interface PatchMeta {
  /** The type's name, for error messages. */
  readonly name: string;
  /** True when apply replaces an object of this type as a whole (structType/mapType atomic, RawExtension). */
  readonly atomic: boolean;
  /** The metadata of field `name` of an object of this type (for a string-keyed map: of any key). */
  lookup(name: string): FieldMeta;
}

function undeclared(value: PatchMeta): FieldMeta {
  return { declared: false, required: false, strategies: [], mergeKey: undefined, listType: 'atomic', listMapKeys: [], default: undefined, value };
}

class UntypedMeta implements PatchMeta {
  readonly name: string;
  readonly atomic: boolean;
  private readonly field: FieldMeta;

  constructor(atomic: boolean) {
    this.name = atomic ? '__untyped_atomic_' : '__untyped_deduced_';
    this.atomic = atomic;
    this.field = undeclared(this);
  }

  lookup(): FieldMeta {
    return this.field;
  }
}

/** Untyped content merged field by field (upstream's deduced type): objects merge, lists are atomic. */
export const untypedMeta: PatchMeta = new UntypedMeta(false);

/** Untyped content replaced whole by apply (upstream's untyped atomic type, e.g. RawExtension). */
export const atomicUntypedMeta: PatchMeta = new UntypedMeta(true);

/** The metadata of a field the schema does not know: merge-patch semantics, atomic lists. */
export const undeclaredField: FieldMeta = undeclared(untypedMeta);
