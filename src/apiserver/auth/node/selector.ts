// Field selector terms as the authorizers see them (upstream's Attributes.GetFieldSelector and the
// RequestInfo rule that a list or watch with metadata.name=<n> names one object).

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

/** Splits on commas not escaped with a backslash, then each term on its operator; null if malformed. */
export function parseFieldSelector(selector: string | null | undefined): FieldRequirement[] | null {
  if (!selector) return [];
  const terms: string[] = [];
  let cur = '';
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i]!;
    if (ch === '\\' && i + 1 < selector.length) {
      cur += ch + selector[++i]!;
      continue;
    }
    if (ch === ',') {
      terms.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  terms.push(cur);
  const out: FieldRequirement[] = [];
  for (const t of terms) {
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(t.trim());
    if (!m) return null;
    const value = m[3]!.replace(/\\(.)/g, '$1');
    out.push({ field: m[1]!.trim(), operator: m[2] === '!=' ? '!=' : '=', value });
  }
  return out;
}

/** The value a selector requires a field to equal exactly, or ''. */
export function exactMatch(selector: string | null | undefined, field: string): string {
  const reqs = parseFieldSelector(selector);
  return reqs?.find((r) => r.field === field && r.operator === '=')?.value ?? '';
}

/** Does the selector have a term field=value (any of its terms)? */
export function requiresEqual(selector: string | null | undefined, field: string, value: string): boolean {
  return !!parseFieldSelector(selector)?.some((r) => r.field === field && r.operator === '=' && r.value === value);
}

/** A usable path segment name (upstream IsValidPathSegmentName). */
function validSegment(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('%');
}

/** The object a list or watch is about when its field selector is metadata.name=<n> (else ''). */
export function nameFromFieldSelector(selector: string | null | undefined): string {
  const name = exactMatch(selector, 'metadata.name');
  return validSegment(name) ? name : '';
}
