// Resource lists (upstream's corev1.ResourceList and the helpers of k8s.io/apiserver/pkg/quota/v1):
// name → exact quantity, with add, subtract, mask, compare, and the "k=v,k=v" form quota messages print.

import { add as addQ, cmp, formatQuantity, parseQuantity, type Quantity } from '../../../../registry/strategies/quantity.js';

export type ResourceList = Map<string, Quantity>;

export const ZERO: Quantity = { unscaled: 0n, scale: 0, format: 'DecimalSI' };

export function quantity(n: number | bigint): Quantity {
  return { unscaled: BigInt(n), scale: 0, format: 'DecimalSI' };
}

/** Parses a JSON resource list ({cpu: "1", memory: "1Gi"}); entries that are not quantities are skipped. */
export function parseList(v: unknown): ResourceList {
  const out: ResourceList = new Map();
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return out;
  for (const [k, raw] of Object.entries(v as Record<string, unknown>)) {
    if (typeof raw !== 'string' && typeof raw !== 'number') continue;
    try {
      out.set(k, parseQuantity(raw));
    } catch {
      // not a quantity: validation rejects it elsewhere
    }
  }
  return out;
}

/** The JSON form, keys sorted, quantities canonical. */
export function toJSON(l: ResourceList): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...l.keys()].sort()) out[k] = formatQuantity(l.get(k)!);
  return out;
}

export function add(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = new Map(a);
  for (const [k, v] of b) out.set(k, out.has(k) ? addQ(out.get(k)!, v) : v);
  return out;
}

function negate(q: Quantity): Quantity {
  return { ...q, unscaled: -q.unscaled };
}

/** a - b for every key of a (keys only in b count from zero, as upstream's Subtract). */
export function subtract(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = new Map(a);
  for (const [k, v] of b) out.set(k, out.has(k) ? addQ(out.get(k)!, negate(v)) : negate(v));
  return out;
}

/** Only the given names. */
export function mask(l: ResourceList, names: Iterable<string>): ResourceList {
  const out: ResourceList = new Map();
  for (const n of names) if (l.has(n)) out.set(n, l.get(n)!);
  return out;
}

export function names(l: ResourceList): string[] {
  return [...l.keys()];
}

/** Every value of a ≤ the same key of b (keys missing in b are not constrained); the names that exceed. */
export function lessThanOrEqual(a: ResourceList, b: ResourceList): { ok: boolean; exceeded: string[] } {
  const exceeded: string[] = [];
  for (const [k, v] of a) {
    const limit = b.get(k);
    if (limit && cmp(v, limit) > 0) exceeded.push(k);
  }
  return { ok: exceeded.length === 0, exceeded };
}

export function equals(a: ResourceList, b: ResourceList): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const o = b.get(k);
    if (!o || cmp(v, o) !== 0) return false;
  }
  return true;
}

/** Any value negative? (usage that would go below zero is clamped by callers). */
export function isNegative(q: Quantity): boolean {
  return q.unscaled < 0n;
}

/** "k=v,k=v" with sorted keys (upstream's prettyPrint). */
export function prettyPrint(l: ResourceList): string {
  return [...l.keys()].sort().map((k) => `${k}=${formatQuantity(l.get(k)!)}`).join(',');
}

/** Sorted names joined by "," (upstream's prettyPrintResourceNames). */
export function prettyPrintNames(ns: Iterable<string>): string {
  return [...ns].sort().join(',');
}

export function contains(list: readonly string[], name: string): boolean {
  return list.includes(name);
}
