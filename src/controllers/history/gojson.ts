// JSON as Go's encoding/json writes a map[string]interface{}: keys sorted, and <, >, &, U+2028 and
// U+2029 escaped. ControllerRevision data is compared and hashed as these bytes, as upstream does.

const ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
  '\b': '\\u0008',
  '\f': '\\u000c',
};

function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]|\\[bf]/g, (m) => ESCAPES[m === '\\b' ? '\b' : m === '\\f' ? '\f' : m] ?? m);
}

/** Go's json.Marshal of a decoded JSON value (objects with sorted keys). */
export function goJSON(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goString(v);
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map((x) => goJSON(x)).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${goString(k)}:${goJSON(o[k])}`).join(',')}}`;
  }
  return 'null';
}
