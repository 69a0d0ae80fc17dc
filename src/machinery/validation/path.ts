// Field paths as upstream's field.Path renders them: `spec.containers[0].image`, `metadata.labels[app]`.
// A path is immutable; every builder returns a new path that shares its parent.

export class FieldPath {
  /** The field name, or undefined when this element is a subscript (index or map key). */
  readonly #name: string | undefined;
  readonly #subscript: string;
  readonly #parent: FieldPath | undefined;

  private constructor(name: string | undefined, subscript: string, parent: FieldPath | undefined) {
    this.#name = name;
    this.#subscript = subscript;
    this.#parent = parent;
  }

  /** A new root path, optionally followed by more field names: `FieldPath.of('metadata', 'name')`. */
  static of(name: string, ...more: string[]): FieldPath {
    let p = new FieldPath(name, '', undefined);
    for (const n of more) p = new FieldPath(n, '', p);
    return p;
  }

  /** A root that is a subscript (Go's `nilPath.Index(i)` / `nilPath.Key(k)`), rendered "[i]". */
  static subscript(s: string): FieldPath {
    return new FieldPath(undefined, s, undefined);
  }

  /** `.child('a', 'b')` appends `.a.b`. */
  child(name: string, ...more: string[]): FieldPath {
    let p = new FieldPath(name, '', this);
    for (const n of more) p = new FieldPath(n, '', p);
    return p;
  }

  /** `.index(0)` appends `[0]`. */
  index(i: number): FieldPath {
    return new FieldPath(undefined, String(Math.trunc(i)), this);
  }

  /** `.key('app')` appends `[app]` (map keys are not quoted, as upstream). */
  key(k: string): FieldPath {
    return new FieldPath(undefined, k, this);
  }

  /** The root element of this path. */
  root(): FieldPath {
    let p: FieldPath = this;
    while (p.#parent !== undefined) p = p.#parent;
    return p;
  }

  toString(): string {
    const elems: FieldPath[] = [];
    for (let p: FieldPath | undefined = this; p !== undefined; p = p.#parent) elems.push(p);
    let out = '';
    for (let i = elems.length - 1; i >= 0; i--) {
      const e = elems[i]!;
      // Upstream treats an empty name like a subscript, so do the same.
      if (e.#name !== undefined && e.#name.length > 0) {
        if (e.#parent !== undefined) out += '.';
        out += e.#name;
      } else {
        out += `[${e.#subscript}]`;
      }
    }
    return out;
  }
}

/** `path('spec').child('containers').index(0).child('image')` → "spec.containers[0].image". */
export function path(name: string, ...more: string[]): FieldPath {
  return FieldPath.of(name, ...more);
}

/**
 * Upstream renders a nil *field.Path as "<nil>" (seen in label selector parse errors). Functions here
 * accept `null`/`undefined` for that case.
 */
export type MaybePath = FieldPath | null | undefined;

export function pathString(p: MaybePath): string {
  return p == null ? '<nil>' : p.toString();
}

/** Go's `nilPath.Child(name)`: a child of a nil path is a fresh root. */
export function childOf(p: MaybePath, name: string, ...more: string[]): FieldPath {
  return p == null ? FieldPath.of(name, ...more) : p.child(name, ...more);
}

/** Go's `nilPath.Index(i)`: "[i]" as a root. */
export function indexOf(p: MaybePath, i: number): FieldPath {
  return p == null ? FieldPath.subscript(String(Math.trunc(i))) : p.index(i);
}

/** Go's `nilPath.Key(k)`: "[k]" as a root. */
export function keyOf(p: MaybePath, k: string): FieldPath {
  return p == null ? FieldPath.subscript(k) : p.key(k);
}
