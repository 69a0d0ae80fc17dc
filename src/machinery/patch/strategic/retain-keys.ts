// The `$retainKeys` directive: fields of the original not listed are cleared, and every field the
// patch sets must be listed.

import { type JsonObject } from '../json.js';
import { DELETE_FROM_PRIMITIVE_LIST, RETAIN_KEYS, RETAIN_KEYS_STRATEGY, SET_ELEMENT_ORDER, smpErrors } from './directives.js';

export function applyRetainKeysDirective(original: JsonObject, patch: JsonObject): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw smpErrors.badRetainKeysFormat();
  const retained = new Set(list);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!retained.has(k)) throw smpErrors.badRetainKeysFormat();
  }
  for (const k of Object.keys(original)) if (!retained.has(k)) delete original[k];
}

/** Split a field's strategies into "has retainKeys" and the other strategy ('' when none). */
export function extractRetainKeysPatchStrategy(strategies: readonly string[]): { retainKeys: boolean; strategy: string } {
  if (strategies.length === 0) return { retainKeys: false, strategy: '' };
  if (strategies.length === 1) {
    const only = strategies[0] as string;
    return only === RETAIN_KEYS_STRATEGY ? { retainKeys: true, strategy: '' } : { retainKeys: false, strategy: only };
  }
  if (strategies.length === 2) {
    if (strategies[0] === RETAIN_KEYS_STRATEGY) return { retainKeys: true, strategy: strategies[1] as string };
    if (strategies[1] === RETAIN_KEYS_STRATEGY) return { retainKeys: true, strategy: strategies[0] as string };
  }
  throw smpErrors.other(`unexpected patch strategy: [${strategies.join(' ')}]`);
}
