// ResourceList handling shared by kinds that carry quantities (containers, limit ranges, quotas,
// volumes, nodes): canonical printing as upstream's JSON encoding does, and the decode error a
// malformed quantity gives (upstream rejects it while decoding the request, with a 400).

import type { KubeObject } from '../../../api/types.js';
import { statusErrors } from '../../../machinery/errors/status.js';
import { canonicalQuantity, isQuantity, parseQuantity, QuantityError } from './quantity.js';
import { isObj, type Obj } from './util.js';

/** The 400 upstream answers when a request body's quantity cannot be decoded. */
function decodeError(o: KubeObject, err: QuantityError): Error {
  const kind = o.kind ?? '';
  const version = (o.apiVersion ?? '').split('/').pop() ?? '';
  return statusErrors.badRequest(`${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: ${err.message}`);
}

/** Checks that every value parses (throwing upstream's 400) and rewrites them canonically. */
export function canonicalList(o: KubeObject, list: unknown, roundToMilli: boolean): void {
  if (!isObj(list)) return;
  for (const [k, v] of Object.entries(list)) {
    if (v === null || v === undefined) continue;
    if (!isQuantity(v)) {
      try {
        parseQuantity(typeof v === 'number' ? v : String(v));
      } catch (e) {
        if (e instanceof QuantityError) throw decodeError(o, e);
        throw e;
      }
    }
    list[k] = canonicalQuantity(v, roundToMilli);
  }
}

/** Canonicalizes a single quantity field of `holder` (e.g. emptyDir.sizeLimit). */
export function canonicalField(o: KubeObject, holder: Obj, key: string): void {
  const v = holder[key];
  if (v === undefined || v === null) return;
  const tmp: Obj = { [key]: v };
  canonicalList(o, tmp, false);
  holder[key] = tmp[key];
}
