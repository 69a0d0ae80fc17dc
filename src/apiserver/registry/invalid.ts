import { statusErrors, type StatusError } from '../../machinery/errors/status.js';
import type { FieldErr } from './strategy.js';

/**
 * The 422 Invalid Status for a list of field errors, worded as upstream: `Pod "x" is invalid: …` or
 * `Deployment.apps "x" is invalid: [a: …, b: …]` (kubectl prints it as `The Pod "x" is invalid: …`).
 */
export function invalidError(kind: { group: string; kind: string }, name: string, errs: FieldErr[]): StatusError {
  const parts = errs.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message));
  const body = parts.length === 1 ? parts[0]! : `[${parts.join(', ')}]`;
  const gk = kind.group ? `${kind.kind}.${kind.group}` : kind.kind;
  const message = `${gk} ${JSON.stringify(name)} is invalid: ${body}`;
  return statusErrors.invalid(kind, name, message, errs.map((e) => ({ reason: e.type, message: e.message, field: e.field })));
}
