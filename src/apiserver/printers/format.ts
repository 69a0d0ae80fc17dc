// Formatting helpers shared by several printers: label maps and selectors, int-or-string values,
// container lists, host:port pairs and "a,b,c + N more..." lists.

import { arr, isObj, objs, s, strMap, type Json } from './fields.js';

/** Plain byte-wise string order, as Go's sort.Strings gives. */
export const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** "k1=v1,k2=v2" sorted, or "<none>" for an empty map (labels.FormatLabels). */
export function formatLabels(labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  pairs.sort(byteOrder);
  return pairs.length === 0 ? '<none>' : pairs.join(',');
}

interface Requirement {
  key: string;
  text: string;
}

function expressionText(expr: Json): Requirement | undefined {
  const key = s(expr, 'key');
  const values = arr(expr, 'values').filter((v): v is string => typeof v === 'string');
  const sorted = [...values].sort(byteOrder);
  switch (s(expr, 'operator')) {
    case 'In':
      return values.length === 0 ? undefined : { key, text: `${key} in (${sorted.join(',')})` };
    case 'NotIn':
      return values.length === 0 ? undefined : { key, text: `${key} notin (${sorted.join(',')})` };
    case 'Exists':
      return values.length !== 0 ? undefined : { key, text: key };
    case 'DoesNotExist':
      return values.length !== 0 ? undefined : { key, text: `!${key}` };
    default:
      return undefined;
  }
}

/**
 * The selector string of a metav1.LabelSelector: requirements sorted by key, '' for an absent or
 * empty selector, undefined when the selector is invalid.
 */
export function labelSelectorString(selector: unknown): string | undefined {
  if (!isObj(selector)) return '';
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(strMap(selector, 'matchLabels'))) reqs.push({ key: k, text: `${k}=${v}` });
  for (const expr of objs(selector, 'matchExpressions')) {
    const req = expressionText(expr);
    if (req === undefined) return undefined;
    reqs.push(req);
  }
  reqs.sort((a, b) => byteOrder(a.key, b.key));
  return reqs.map((r) => r.text).join(',');
}

/** A label selector for display: "<none>" when empty, "<error>" when invalid (metav1.FormatLabelSelector). */
export function formatLabelSelector(selector: unknown): string {
  const text = labelSelectorString(selector);
  if (text === undefined) return '<error>';
  return text === '' ? '<none>' : text;
}

/** An IntOrString value as text; undefined when absent. */
export function intOrString(v: unknown): string | undefined {
  if (typeof v === 'number') return String(Math.trunc(v));
  if (typeof v === 'string') return v;
  return undefined;
}

/** Comma-joined container names and images. */
export function layoutContainers(containers: Json[]): [names: string, images: string] {
  return [containers.map((c) => s(c, 'name')).join(','), containers.map((c) => s(c, 'image')).join(',')];
}

/** host:port, with IPv6 hosts in brackets (net.JoinHostPort). */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** "a,b,c + N more..." when items were left out; "<unset>" for an empty list. */
export function listWithMore(list: string[], total: number, max: number): string {
  const text = list.join(',');
  if (total > max) return `${text} + ${total - max} more...`;
  return text === '' ? '<unset>' : text;
}

/** First non-empty string. */
export function firstNonEmpty(...values: string[]): string {
  return values.find((v) => v !== '') ?? '';
}

/** Sorted, de-duplicated strings (sets.String.List). */
export function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].sort(byteOrder);
}
