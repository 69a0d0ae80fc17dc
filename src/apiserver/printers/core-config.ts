// core/v1 ConfigMap, Secret, ServiceAccount and ResourceQuota.

import { ageColumn, nameColumn, text } from './columns.js';
import { translateTimestampSince } from './duration.js';
import { arr, created, keyCount, name, s, strMap } from './fields.js';
import { byteOrder } from './format.js';
import type { TablePrinter } from './types.js';

export const configMapPrinter: TablePrinter = {
  columns: [nameColumn(), text('Data', 'The number of keys in data and binaryData.'), ageColumn()],
  cells(cm, now) {
    return [name(cm), keyCount(cm, 'data') + keyCount(cm, 'binaryData'), translateTimestampSince(created(cm), now)];
  },
};

export const secretPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    text('Type', 'The secret type, which fixes the keys it must hold.'),
    text('Data', 'The number of keys in data.'),
    ageColumn(),
  ],
  cells(secret, now) {
    return [name(secret), s(secret, 'type'), keyCount(secret, 'data'), translateTimestampSince(created(secret), now)];
  },
};

export const serviceAccountPrinter: TablePrinter = {
  columns: [nameColumn(), text('Secrets', 'The number of secrets listed on the service account.'), ageColumn()],
  cells(sa, now) {
    return [name(sa), arr(sa, 'secrets').length, translateTimestampSince(created(sa), now)];
  },
};

/** "resource: used/hard" pairs, request-type resources and limits.* resources apart. */
export function quotaColumns(hard: Record<string, string>, used: Record<string, string>): [requests: string, limits: string] {
  const requests: string[] = [];
  const limits: string[] = [];
  for (const resource of Object.keys(hard).sort(byteOrder)) {
    const pieces = resource.split('.');
    const target = pieces.length > 1 && pieces[0] === 'limits' ? limits : requests;
    target.push(`${resource}: ${used[resource] ?? '0'}/${hard[resource]}`);
  }
  return [requests.join(', '), limits.join(', ')];
}

export const resourceQuotaPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    text('Request', 'Usage against the hard limit for every quota resource that is not a limits.* one.'),
    text('Limit', 'Usage against the hard limit for the limits.* quota resources.'),
    ageColumn(),
  ],
  cells(quota, now) {
    const [requests, limits] = quotaColumns(strMap(quota, 'status', 'hard'), strMap(quota, 'status', 'used'));
    return [name(quota), requests, limits, translateTimestampSince(created(quota), now)];
  },
};


