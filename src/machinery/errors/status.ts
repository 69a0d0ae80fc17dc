// One place that builds every API error as a Kubernetes Status (meta/v1), with upstream's codes,
// reasons and messages (apimachinery/pkg/api/errors).

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Expired'
  | 'Invalid'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'TooManyRequests'
  | 'Timeout'
  | 'ServerTimeout'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'NotImplemented'
  | '';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

export class StatusError extends Error {
  override readonly name = 'StatusError';
  readonly status: Status;
  constructor(code: number, reason: StatusReason, message: string, details?: StatusDetails) {
    super(message);
    this.status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code };
    if (reason) this.status.reason = reason;
    if (details && Object.keys(details).length) this.status.details = details;
  }
  get code(): number {
    return this.status.code;
  }
  get reason(): StatusReason {
    return this.status.reason ?? '';
  }
}

export function isStatusError(err: unknown, reason?: StatusReason): err is StatusError {
  return err instanceof StatusError && (reason === undefined || err.reason === reason);
}

/** A group-qualified resource, as upstream prints it: "pods", "deployments.apps". */
export interface GroupResource {
  group: string;
  resource: string;
}

export function grString(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

function det(gr: GroupResource, name?: string): StatusDetails {
  const d: StatusDetails = {};
  if (name !== undefined && name !== '') d.name = name;
  if (gr.group) d.group = gr.group;
  d.kind = gr.resource;
  return d;
}

export const statusErrors = {
  notFound: (gr: GroupResource, name: string) => new StatusError(404, 'NotFound', `${grString(gr)} "${name}" not found`, det(gr, name)),
  alreadyExists: (gr: GroupResource, name: string) =>
    new StatusError(409, 'AlreadyExists', `${grString(gr)} "${name}" already exists`, det(gr, name)),
  conflict: (gr: GroupResource, name: string, why: string) =>
    new StatusError(409, 'Conflict', `Operation cannot be fulfilled on ${grString(gr)} "${name}": ${why}`, det(gr, name)),
  modified: (gr: GroupResource, name: string) =>
    statusErrors.conflict(gr, name, 'the object has been modified; please apply your changes to the latest version and try again'),
  invalid: (kind: { group: string; kind: string }, name: string, message: string, causes: StatusCause[]) => {
    const d: StatusDetails = { name, kind: kind.kind, causes };
    if (kind.group) d.group = kind.group;
    return new StatusError(422, 'Invalid', message, d);
  },
  badRequest: (message: string) => new StatusError(400, 'BadRequest', message),
  unauthorized: (message = 'Unauthorized') => new StatusError(401, 'Unauthorized', message),
  forbidden: (gr: GroupResource, name: string, why: string) => {
    const what = name ? `${grString(gr)} "${name}"` : grString(gr);
    return new StatusError(403, 'Forbidden', `${what} is forbidden: ${why}`, det(gr, name));
  },
  forbiddenRaw: (message: string) => new StatusError(403, 'Forbidden', message),
  methodNotSupported: (gr: GroupResource, action: string) =>
    new StatusError(405, 'MethodNotAllowed', `${action} is not supported on resources of kind "${grString(gr)}"`, det(gr)),
  methodNotAllowed: () => new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'),
  notAcceptable: (message: string) => new StatusError(406, 'NotAcceptable', message),
  unsupportedMediaType: () => new StatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`),
  tooLarge: (message = 'the request is too large') => new StatusError(413, 'RequestEntityTooLarge', message),
  gone: (message: string) => new StatusError(410, 'Gone', message),
  expired: (message: string) => new StatusError(410, 'Expired', message),
  tooManyRequests: (message: string, retryAfterSeconds: number) =>
    new StatusError(429, 'TooManyRequests', message, { retryAfterSeconds }),
  timeout: (message: string, retryAfterSeconds?: number) =>
    new StatusError(504, 'Timeout', message, retryAfterSeconds ? { retryAfterSeconds } : undefined),
  serverTimeout: (gr: GroupResource, op: string, retryAfterSeconds: number) =>
    new StatusError(500, 'ServerTimeout', `The ${op} operation against ${grString(gr)} could not be completed at this time, please try again.`, {
      ...det(gr),
      retryAfterSeconds,
    }),
  internal: (message: string) => new StatusError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] }),
  unavailable: (message: string) => new StatusError(503, 'ServiceUnavailable', message),
  notImplemented: (message: string) => new StatusError(501, 'NotImplemented', message),
  notFoundPath: () => new StatusError(404, 'NotFound', 'the server could not find the requested resource', {}),
};

export function successStatus(details?: StatusDetails): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 };
  if (details) s.details = details;
  return s;
}
