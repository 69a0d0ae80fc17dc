// metadata.managedFields: decoding entries into field sets keyed by manager identity, and encoding
// them back, sorted as upstream sorts them (Apply before Update, then by time, manager, apiVersion,
// subresource). A manager's identity is its name, operation and subresource, plus the apiVersion
// for Update entries (an applier keeps one entry whatever version it applies with).

import { fromFieldsV1, toFieldsV1 } from '../fieldpath/fields-v1.js';
import { isObject, type JsonObject, type JsonValue } from '../json.js';
import type { ManagedSets } from './updater.js';

export type Operation = 'Apply' | 'Update';

export interface ManagerInfo {
  manager: string;
  operation: Operation;
  /** Part of the identity for Update entries only. */
  apiVersion?: string;
  subresource?: string;
}

/** Field sets plus the time each manager last changed something (RFC 3339, seconds). */
export interface Managed {
  sets: ManagedSets;
  times: Map<string, string | undefined>;
}

export const emptyManaged = (): Managed => ({ sets: new Map(), times: new Map() });

export function cloneManaged(m: Managed): Managed {
  return { sets: new Map(m.sets), times: new Map(m.times) };
}

/** upstream's BuildManagerIdentifier: the entry's JSON without fields, time and (for appliers) version. */
export function managerId(info: ManagerInfo): string {
  const o: Record<string, string> = {};
  if (info.manager) o.manager = info.manager;
  o.operation = info.operation;
  if (info.operation === 'Update' && info.apiVersion) o.apiVersion = info.apiVersion;
  if (info.subresource) o.subresource = info.subresource;
  return JSON.stringify(o);
}

export function parseManagerId(id: string): ManagerInfo {
  try {
    const o: unknown = JSON.parse(id);
    if (isObject(o)) {
      const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
      return { manager: str('manager') ?? '', operation: str('operation') === 'Apply' ? 'Apply' : 'Update', apiVersion: str('apiVersion'), subresource: str('subresource') };
    }
  } catch {
    // not an identifier built here: treat the string as a bare manager name
  }
  return { manager: id, operation: 'Update' };
}

/** Decode metadata.managedFields; throws on an invalid entry, as upstream's DecodeManagedFields. */
export function decodeManagedFields(entries: JsonValue | undefined): Managed {
  const out = emptyManaged();
  if (entries === undefined || entries === null) return out;
  if (!Array.isArray(entries)) throw new Error('managedFields must be a list');
  entries.forEach((e, i) => {
    if (!isObject(e)) throw new Error(`managed fields entry ${i} is not an object`);
    if (e.operation !== 'Apply' && e.operation !== 'Update') throw new Error('operation must be `Apply` or `Update`');
    if (typeof e.apiVersion !== 'string' || e.apiVersion.length < 1) throw new Error('apiVersion must not be empty');
    if (e.fieldsType === undefined || e.fieldsType === '') throw new Error(`missing fieldsType in managed fields entry ${i}`);
    if (e.fieldsType !== 'FieldsV1') throw new Error(`invalid fieldsType ${JSON.stringify(e.fieldsType)} in managed fields entry ${i}`);
    const info: ManagerInfo = {
      manager: typeof e.manager === 'string' ? e.manager : '',
      operation: e.operation,
      apiVersion: e.apiVersion,
      subresource: typeof e.subresource === 'string' ? e.subresource : undefined,
    };
    const id = managerId(info);
    out.sets.set(id, { set: fromFieldsV1(e.fieldsV1), apiVersion: e.apiVersion, applied: e.operation === 'Apply' });
    out.times.set(id, typeof e.time === 'string' ? e.time : undefined);
  });
  return out;
}

const seconds = (t: string | undefined) => (t ? Math.floor(Date.parse(t) / 1000) : 0);

function compareEntries(p: JsonObject, q: JsonObject): number {
  const s = (o: JsonObject, k: string) => (typeof o[k] === 'string' ? (o[k] as string) : '');
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return (
    cmp(s(p, 'operation'), s(q, 'operation')) ||
    seconds(s(p, 'time') || undefined) - seconds(s(q, 'time') || undefined) ||
    cmp(s(p, 'manager'), s(q, 'manager')) ||
    cmp(s(p, 'apiVersion'), s(q, 'apiVersion')) ||
    cmp(s(p, 'subresource'), s(q, 'subresource'))
  );
}

/** Encode as metadata.managedFields entries (undefined when there are none). */
export function encodeManagedFields(m: Managed): JsonObject[] | undefined {
  if (m.sets.size === 0) return undefined;
  const entries: JsonObject[] = [];
  for (const [id, vs] of m.sets) {
    const info = parseManagerId(id);
    const time = m.times.get(id);
    const e: JsonObject = {};
    if (info.manager) e.manager = info.manager;
    e.operation = vs.applied ? 'Apply' : info.operation;
    e.apiVersion = vs.apiVersion;
    if (time) e.time = time;
    e.fieldsType = 'FieldsV1';
    e.fieldsV1 = toFieldsV1(vs.set);
    if (info.subresource) e.subresource = info.subresource;
    entries.push(e);
  }
  return entries.sort(compareEntries);
}

/** metav1.Time's JSON form: RFC 3339 in UTC with whole seconds. */
export function formatTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
