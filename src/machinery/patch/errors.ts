// Typed patch errors. Each carries the HTTP code, Status reason and message the upstream apiserver
// answers with, so the apiserver can turn it into a metav1.Status without knowing where it came from:
//
//   BadRequest (400)  undecodable patches, bad directive formats
//   Invalid (422)     JSON patch operations that do not apply, lists of lists, retainKeys mismatches
//                     (upstream hides the detail behind a generic message; `detail` keeps it for logs)
//   Conflict (409)    server-side apply conflicts, with FieldManagerConflict causes
//   500 (no reason)   other errors upstream returns as plain Go errors (e.g. a missing merge key),
//                     which kubectl prints as "Error from server: <message>"

export interface StatusCause {
  type: string;
  message: string;
  field?: string;
}

export type PatchErrorReason = 'BadRequest' | 'Invalid' | 'Conflict' | 'RequestEntityTooLarge' | '';

export interface StatusLike {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason?: string;
  details?: { causes: StatusCause[] };
  code: number;
}

export class PatchError extends Error {
  override readonly name = 'PatchError';
  readonly code: number;
  readonly reason: PatchErrorReason;
  readonly causes: StatusCause[];
  /** What went wrong, when the message the client sees is generic. */
  readonly detail: string;

  constructor(opts: { code: number; reason: PatchErrorReason; message: string; causes?: StatusCause[]; detail?: string }) {
    super(opts.message);
    this.code = opts.code;
    this.reason = opts.reason;
    this.causes = opts.causes ?? [];
    this.detail = opts.detail ?? opts.message;
  }

  /** The metav1.Status the upstream apiserver would answer with. */
  toStatus(): StatusLike {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      ...(this.reason ? { reason: this.reason } : {}),
      ...(this.causes.length ? { details: { causes: this.causes } } : {}),
      code: this.code,
    };
  }
}

export function isPatchError(err: unknown): err is PatchError {
  return err instanceof PatchError;
}

export const patchErrors = {
  badRequest: (message: string) => new PatchError({ code: 400, reason: 'BadRequest', message }),
  /** errors.NewGenericServerResponse(422, …): the detail is not shown to the client. */
  unprocessable: (detail: string) =>
    new PatchError({ code: 422, reason: 'Invalid', message: 'the server rejected our request due to an error in our request', detail }),
  tooLarge: (message: string) => new PatchError({ code: 413, reason: 'RequestEntityTooLarge', message }),
  internal: (message: string) => new PatchError({ code: 500, reason: '', message }),
  conflict: (message: string, causes: StatusCause[]) => new PatchError({ code: 409, reason: 'Conflict', message, causes }),
};
