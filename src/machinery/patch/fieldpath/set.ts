// Field sets (structured-merge-diff's fieldpath.Set): a trie of path elements where a node may be a
// member itself and may have children. Members and children are kept sorted, which gives set
// operations by merging and the canonical FieldsV1 order.

import { comparePathElements, type Path, type PathElement } from './element.js';

interface Child {
  pe: PathElement;
  set: FieldSet;
}

function search<T>(list: readonly T[], pe: PathElement, get: (t: T) => PathElement): { found: boolean; index: number } {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = comparePathElements(get(list[mid] as T), pe);
    if (c === 0) return { found: true, index: mid };
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return { found: false, index: lo };
}

const peOf = (pe: PathElement) => pe;
const childPe = (c: Child) => c.pe;

export class FieldSet {
  /** Sorted. */
  readonly members: PathElement[];
  /** Sorted by path element; no empty child sets. */
  readonly children: Child[];

  constructor(members: PathElement[] = [], children: Child[] = []) {
    this.members = members;
    this.children = children;
  }

  static of(...paths: Path[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  /** Add `path` (no-op for the empty path). Mutates this set. */
  insert(path: Path): void {
    if (path.length === 0) return;
    let s: FieldSet = this;
    for (let i = 0; i < path.length - 1; i++) s = s.descend(path[i] as PathElement);
    const last = path[path.length - 1] as PathElement;
    const r = search(s.members, last, peOf);
    if (!r.found) s.members.splice(r.index, 0, last);
  }

  private descend(pe: PathElement): FieldSet {
    const r = search(this.children, pe, childPe);
    if (r.found) return (this.children[r.index] as Child).set;
    const set = new FieldSet();
    this.children.splice(r.index, 0, { pe, set });
    return set;
  }

  hasMember(pe: PathElement): boolean {
    return search(this.members, pe, peOf).found;
  }

  child(pe: PathElement): FieldSet | undefined {
    const r = search(this.children, pe, childPe);
    return r.found ? (this.children[r.index] as Child).set : undefined;
  }

  has(path: Path): boolean {
    if (path.length === 0) return false;
    let s: FieldSet | undefined = this;
    for (let i = 0; i < path.length - 1 && s; i++) s = s.child(path[i] as PathElement);
    return !!s && s.hasMember(path[path.length - 1] as PathElement);
  }

  /** The subset below `pe` (empty when there is none). */
  withPrefix(pe: PathElement): FieldSet {
    return this.child(pe) ?? new FieldSet();
  }

  empty(): boolean {
    return this.members.length === 0 && this.children.every((c) => c.set.empty());
  }

  size(): number {
    return this.members.length + this.children.reduce((n, c) => n + c.set.size(), 0);
  }

  union(o: FieldSet): FieldSet {
    const members = mergeSorted(this.members, o.members, peOf, (a) => a);
    const children = mergeSorted(this.children, o.children, childPe, (a, b) => ({ pe: a.pe, set: a.set.union(b.set) }));
    return new FieldSet(members, children);
  }

  intersection(o: FieldSet): FieldSet {
    const members = this.members.filter((m) => o.hasMember(m));
    const children: Child[] = [];
    for (const c of this.children) {
      const oc = o.child(c.pe);
      if (!oc) continue;
      const set = c.set.intersection(oc);
      if (!set.empty()) children.push({ pe: c.pe, set });
    }
    return new FieldSet(members, children);
  }

  /** Members of `o` are removed level by level; a member of `o` does not remove the subtree below it. */
  difference(o: FieldSet): FieldSet {
    const members = this.members.filter((m) => !o.hasMember(m));
    const children: Child[] = [];
    for (const c of this.children) {
      const oc = o.child(c.pe);
      const set = oc ? c.set.difference(oc) : c.set;
      if (!set.empty()) children.push({ pe: c.pe, set });
    }
    return new FieldSet(members, children);
  }

  /** Like difference, but a member of `o` also removes everything below it. */
  recursiveDifference(o: FieldSet): FieldSet {
    const members = this.members.filter((m) => !o.hasMember(m));
    const children: Child[] = [];
    for (const c of this.children) {
      if (o.hasMember(c.pe)) continue;
      const oc = o.child(c.pe);
      const set = oc ? c.set.recursiveDifference(oc) : c.set;
      if (!set.empty()) children.push({ pe: c.pe, set });
    }
    return new FieldSet(members, children);
  }

  equals(o: FieldSet): boolean {
    return this.difference(o).empty() && o.difference(this).empty();
  }

  /** Every member path: this level's members first, then each child's, in order. */
  paths(prefix: Path = []): Path[] {
    const out: Path[] = this.members.map((m) => [...prefix, m]);
    for (const c of this.children) out.push(...c.set.paths([...prefix, c.pe]));
    return out;
  }
}

function mergeSorted<T>(a: readonly T[], b: readonly T[], pe: (t: T) => PathElement, both: (x: T, y: T) => T): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const c = comparePathElements(pe(a[i] as T), pe(b[j] as T));
    if (c < 0) out.push(a[i++] as T);
    else if (c > 0) out.push(b[j++] as T);
    else out.push(both(a[i++] as T, b[j++] as T));
  }
  while (i < a.length) out.push(a[i++] as T);
  while (j < b.length) out.push(b[j++] as T);
  return out;
}
