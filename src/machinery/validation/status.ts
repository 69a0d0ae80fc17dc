// Renders an ErrorList as the 422 Invalid Status the apiserver returns (upstream's errors.NewInvalid).
// The server's message is `Pod "x" is invalid: …` (`Deployment.apps "x" is invalid: …` for a named
// group); kubectl itself prints "The Pod "x" is invalid:" followed by the causes.

import { aggregateMessage, type FieldError } from './errors.js';
import { goQuote } from './goformat.js';

export interface StatusCause {
  /** The error type, e.g. "FieldValueRequired". Omitted when empty, as Go's omitempty. */
  reason?: string;
  /** The message without the field path, e.g. "Required value". */
  message?: string;
  /** The field path, e.g. "spec.containers[0].image". */
  field?: string;
}

export interface InvalidStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: 'Invalid';
  details: { name?: string; group?: string; kind?: string; causes?: StatusCause[] };
  code: 422;
}

export interface GroupKind {
  group?: string;
  kind: string;
}

/** schema.GroupKind.String(): "Pod", "Deployment.apps". */
export function groupKindString(gk: GroupKind): string {
  return gk.group ? `${gk.kind}.${gk.group}` : gk.kind;
}

/** One Status cause per field error (not de-duplicated, as upstream). */
export function statusCauses(errs: readonly FieldError[]): StatusCause[] {
  return errs.map((e) => {
    const c: StatusCause = {};
    if (e.type) c.reason = e.type;
    const body = e.body;
    if (body) c.message = body;
    if (e.field) c.field = e.field;
    return c;
  });
}

/** `Pod "x" is invalid: spec.containers[0].image: Required value`, or `… is invalid: [a: …, b: …]`. */
export function invalidMessage(gk: GroupKind, name: string, errs: readonly FieldError[]): string {
  const agg = aggregateMessage(errs);
  const head = `${groupKindString(gk)} ${goQuote(name)} is invalid`;
  return agg === undefined ? head : `${head}: ${agg}`;
}

/** The whole 422 Status body, keys in the order Go marshals them, empty fields omitted. */
export function invalidStatus(gk: GroupKind, name: string, errs: readonly FieldError[]): InvalidStatus {
  const details: InvalidStatus['details'] = {};
  if (name) details.name = name;
  if (gk.group) details.group = gk.group;
  if (gk.kind) details.kind = gk.kind;
  if (errs.length > 0) details.causes = statusCauses(errs);
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: invalidMessage(gk, name, errs),
    reason: 'Invalid',
    details,
    code: 422,
  };
}
