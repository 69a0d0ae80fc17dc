// The protobuf shape of each schema type: which field number carries which JSON field, and which numbers
// carry embedded messages whose fields JSON inlines into the enclosing object (Go embedded structs such as
// Volume's VolumeSource, recorded in coreProtoEmbedded, or per-field protoPath entries such as
// IngressRule.http = [2, 1]). Built lazily from the schema source and cached.

import { coreProtoEmbedded } from '../../api/schema/groups/core.js';
import { schema, type TypeExpr } from '../../api/schema/index.js';
import { KEEP_ZERO } from './keepzero.js';

export interface FieldSlot {
  kind: 'field';
  /** JSON name in the object the layout fills. */
  name: string;
  type: TypeExpr;
  /** Keep zero scalars in JSON (pointer or non-omitempty Go field). */
  keepZero: boolean;
}

export interface EmbeddedSlot {
  kind: 'embedded';
  /** A nested message whose fields land in the same JSON object. */
  layout: Layout;
}

export type Slot = FieldSlot | EmbeddedSlot;

export interface Layout {
  /** Schema type id, or `<outer>#<n>` for a synthetic message made from protoPath entries. */
  id: string;
  /** Slots by field number. */
  slots: Map<number, Slot>;
  /** JSON field order for output (the schema's order). */
  order: string[];
}

const cache = new Map<string, Layout>();

/** The protobuf layout of a schema type (throws for an unknown type id). */
export function layoutOf(typeId: string): Layout {
  const hit = cache.get(typeId);
  if (hit) return hit;
  const def = schema.type(typeId);
  const layout: Layout = { id: typeId, slots: new Map(), order: Object.keys(def.fields) };
  cache.set(typeId, layout);
  const keep = new Set(KEEP_ZERO[typeId] ?? []);
  for (const [name, fd] of Object.entries(def.fields)) {
    const slot: FieldSlot = { kind: 'field', name, type: fd.type, keepZero: keep.has(name) };
    if (fd.proto !== undefined) layout.slots.set(fd.proto, slot);
    else if (fd.protoPath?.length) placeAtPath(layout, fd.protoPath, slot);
  }
  for (const e of coreProtoEmbedded[typeId] ?? []) layout.slots.set(e.proto, { kind: 'embedded', layout: layoutOf(e.type) });
  return layout;
}

function placeAtPath(root: Layout, path: number[], slot: FieldSlot): void {
  let cur = root;
  for (let i = 0; i < path.length - 1; i++) {
    const n = path[i]!;
    const existing = cur.slots.get(n);
    if (existing?.kind === 'embedded') cur = existing.layout;
    else {
      const inner: Layout = { id: `${cur.id}#${n}`, slots: new Map(), order: [] };
      cur.slots.set(n, { kind: 'embedded', layout: inner });
      cur = inner;
    }
  }
  cur.slots.set(path[path.length - 1]!, slot);
  cur.order.push(slot.name);
}

/** Slots in field-number order (the order Kubernetes' encoder writes them). */
export function sortedSlots(l: Layout): Array<[number, Slot]> {
  return [...l.slots.entries()].sort((a, b) => a[0] - b[0]);
}
