// Path elements of field sets (structured-merge-diff's fieldpath.PathElement): a field name, the
// key fields of a list-map element, the value of a set element, or an index. They have a total
// order (field < key < value < index; values ordered float < int < string < bool < list < map <
// null), a FieldsV1 form ('f:name', 'k:{"name":"c"}', 'v:"x"', 'i:0') and a display form used in
// conflict messages ('.name', '[name="c"]', '[="x"]', '[0]').

import { goJsonMarshal, isObject, type JsonValue } from '../json.js';

export interface KeyField {
  name: string;
  value: JsonValue;
}

export type PathElement = { field: string } | { key: KeyField[] } | { value: JsonValue } | { index: number };
export type Path = PathElement[];

export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  // Go compares bytes of UTF-8; UTF-16 order differs only for characters beyond the BMP.
  if (/[\uD800-\uDFFF]/.test(a) || /[\uD800-\uDFFF]/.test(b)) return Buffer.compare(Buffer.from(a), Buffer.from(b));
  return a < b ? -1 : 1;
}

function rank(v: JsonValue): number {
  if (typeof v === 'number') return Number.isInteger(v) ? 1 : 0;
  if (typeof v === 'string') return 2;
  if (typeof v === 'boolean') return 3;
  if (Array.isArray(v)) return 4;
  if (isObject(v)) return 5;
  return 6;
}

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** structured-merge-diff's value.Compare. */
export function compareValues(a: JsonValue, b: JsonValue): number {
  const ra = rank(a);
  const rb = rank(b);
  if (typeof a === 'number' && typeof b === 'number' && (ra === 0 || rb === 0)) return sign(a - b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (typeof a === 'number') return sign(a - (b as number));
  if (typeof a === 'string') return compareStrings(a, b as string);
  if (typeof a === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (Array.isArray(a)) {
    const bl = b as JsonValue[];
    for (let i = 0; i < Math.min(a.length, bl.length); i++) {
      const c = compareValues(a[i] as JsonValue, bl[i] as JsonValue);
      if (c !== 0) return c;
    }
    return sign(a.length - bl.length);
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).sort(compareStrings);
    const kb = Object.keys(b).sort(compareStrings);
    for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
      const c = compareStrings(ka[i] as string, kb[i] as string) || compareValues(a[ka[i] as string] as JsonValue, b[kb[i] as string] as JsonValue);
      if (c !== 0) return c;
    }
    return sign(ka.length - kb.length);
  }
  return 0;
}

function compareKeys(a: KeyField[], b: KeyField[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as KeyField;
    const y = b[i] as KeyField;
    const c = compareStrings(x.name, y.name) || compareValues(x.value, y.value);
    if (c !== 0) return c;
  }
  return sign(a.length - b.length);
}

function kindRank(pe: PathElement): number {
  if ('field' in pe) return 0;
  if ('key' in pe) return 1;
  if ('value' in pe) return 2;
  return 3;
}

export function comparePathElements(a: PathElement, b: PathElement): number {
  const ka = kindRank(a);
  const kb = kindRank(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  if ('field' in a) return compareStrings(a.field, (b as { field: string }).field);
  if ('key' in a) return compareKeys(a.key, (b as { key: KeyField[] }).key);
  if ('value' in a) return compareValues(a.value, (b as { value: JsonValue }).value);
  return sign(a.index - (b as { index: number }).index);
}

export const pathElementsEqual = (a: PathElement, b: PathElement): boolean => comparePathElements(a, b) === 0;

/** A key element with its fields sorted by name. */
export function keyElement(fields: KeyField[]): PathElement {
  return { key: [...fields].sort((x, y) => compareStrings(x.name, y.name)) };
}

/** The FieldsV1 form of a path element. */
export function serializePathElement(pe: PathElement): string {
  if ('field' in pe) return `f:${pe.field}`;
  if ('key' in pe) return `k:{${pe.key.map((f) => `${goJsonMarshal(f.name)}:${goJsonMarshal(f.value)}`).join(',')}}`;
  if ('value' in pe) return `v:${goJsonMarshal(pe.value)}`;
  return `i:${pe.index}`;
}

/** Parse a FieldsV1 key; undefined for an unknown element type (upstream skips those). */
export function parsePathElement(s: string): PathElement | undefined {
  if (s.length < 2) throw new Error('key must be 2 characters long:');
  if (s[1] !== ':') throw new Error(`missing colon: ${s}`);
  const body = s.slice(2);
  switch (s[0]) {
    case 'f':
      return { field: body };
    case 'v':
      return { value: JSON.parse(body) as JsonValue };
    case 'k': {
      const obj: unknown = JSON.parse(body);
      if (!isObject(obj)) throw new Error(`invalid key element: ${s}`);
      return keyElement(Object.entries(obj).map(([name, value]) => ({ name, value })));
    }
    case 'i': {
      if (!/^[+-]?\d+$/.test(body)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(body)}: invalid syntax`);
      return { index: Number.parseInt(body, 10) };
    }
    default:
      return undefined;
  }
}

/** Go's value.ToString: strings quoted, numbers and bools bare. */
function valueString(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(valueString).join(',')}]`;
  if (isObject(v)) return Object.entries(v).map(([k, x]) => `${k}=${valueString(x)}`).join('');
  return String(v);
}

export function pathElementString(pe: PathElement): string {
  if ('field' in pe) return `.${pe.field}`;
  if ('key' in pe) return `[${pe.key.map((f) => `${f.name}=${valueString(f.value)}`).join(',')}]`;
  if ('value' in pe) return `[=${valueString(pe.value)}]`;
  return `[${pe.index}]`;
}

export const pathString = (p: Path): string => p.map(pathElementString).join('');
