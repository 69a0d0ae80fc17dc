// Field label conversion (the per-kind TransformFunc the apiserver applies to a list/watch field
// selector; any error it throws becomes 400 BadRequest with the error's message).

import { goQuote } from '../validation/index.js';
import { FieldSelectorError } from './escape.js';
import type { TransformFunc } from './selector.js';

export class FieldLabelNotSupportedError extends FieldSelectorError {
  override readonly name: string = 'FieldLabelNotSupportedError';
  constructor(readonly label: string) {
    super(`field label not supported: ${label}`);
  }
}

/** The error kinds with registered conversions give for an unknown label: "field label not supported: <label>". */
export function fieldLabelNotSupported(label: string): FieldLabelNotSupportedError {
  return new FieldLabelNotSupportedError(label);
}

/**
 * Upstream's DefaultMetaV1FieldSelectorConversion, used for kinds without registered conversions
 * (e.g. Deployments): only metadata.name and metadata.namespace; anything else throws
 * `"spec.x" is not a known field selector: only "metadata.name", "metadata.namespace"`.
 */
export const defaultMetaV1FieldSelectorConversion: TransformFunc = (label, value) => {
  if (label === 'metadata.name' || label === 'metadata.namespace') return [label, value];
  throw new FieldSelectorError(`${goQuote(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`);
};

/**
 * A per-kind conversion: labels in `supported` pass through, labels in `renames` are renamed (as
 * Pods accept the old "spec.host" for "spec.nodeName"), anything else throws fieldLabelNotSupported.
 */
export function fieldLabelConversion(supported: Iterable<string>, renames: Readonly<Record<string, string>> = {}): TransformFunc {
  const ok = new Set(supported);
  return (label, value) => {
    if (ok.has(label)) return [label, value];
    if (Object.prototype.hasOwnProperty.call(renames, label)) return [renames[label]!, value];
    throw fieldLabelNotSupported(label);
  };
}
