// Small, type-safe readers for plain JSON objects. Missing or mistyped fields read as absent.

import type { KubeObject } from './types.js';

export type Json = KubeObject;

export function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Follows a path of keys; undefined as soon as a step is missing or not an object. */
export function at(o: unknown, ...path: string[]): unknown {
  let cur: unknown = o;
  for (const key of path) {
    if (!isObj(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

export function str(o: unknown, ...path: string[]): string | undefined {
  const v = at(o, ...path);
  return typeof v === 'string' ? v : undefined;
}

/** A string field, '' when absent (the Go zero value). */
export function s(o: unknown, ...path: string[]): string {
  return str(o, ...path) ?? '';
}

export function num(o: unknown, ...path: string[]): number | undefined {
  const v = at(o, ...path);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A number field, 0 when absent (the Go zero value). */
export function n(o: unknown, ...path: string[]): number {
  return num(o, ...path) ?? 0;
}

export function bool(o: unknown, ...path: string[]): boolean | undefined {
  const v = at(o, ...path);
  return typeof v === 'boolean' ? v : undefined;
}

export function obj(o: unknown, ...path: string[]): Json | undefined {
  const v = at(o, ...path);
  return isObj(v) ? v : undefined;
}

/** An array field, [] when absent. */
export function arr(o: unknown, ...path: string[]): unknown[] {
  const v = at(o, ...path);
  return Array.isArray(v) ? v : [];
}

/** An array of objects, dropping entries that are not objects. */
export function objs(o: unknown, ...path: string[]): Json[] {
  return arr(o, ...path).filter(isObj);
}

/** A map of strings (labels, selectors, annotations), {} when absent. */
export function strMap(o: unknown, ...path: string[]): Record<string, string> {
  const v = at(o, ...path);
  const out: Record<string, string> = {};
  if (!isObj(v)) return out;
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

/** The number of keys of an object-valued field. */
export function keyCount(o: unknown, ...path: string[]): number {
  const v = at(o, ...path);
  return isObj(v) ? Object.keys(v).length : 0;
}

export const name = (o: KubeObject): string => s(o, 'metadata', 'name');
export const created = (o: KubeObject): string | undefined => str(o, 'metadata', 'creationTimestamp');
export const deleting = (o: KubeObject): boolean => str(o, 'metadata', 'deletionTimestamp') !== undefined;
