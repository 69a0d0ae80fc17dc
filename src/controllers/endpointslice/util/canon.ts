// Semantic equality of JSON values by string: sorted keys, with null, undefined and empty arrays or
// objects dropped (as Go's semantic DeepEqual treats nil and empty alike).

export function canonical(v: unknown): string {
  return JSON.stringify(normalize(v)) ?? '';
}

function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? v.map(normalize) : undefined;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const n = normalize((v as Record<string, unknown>)[k]);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v === null ? undefined : v;
}
