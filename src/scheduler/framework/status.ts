// The result of running a plugin, as upstream's framework.Status: a code, reasons (joined by ", " into
// the message), the plugin that produced it, and for Error the underlying error. Success is `null`
// everywhere on hot paths (no allocation per node); `Status.success()` exists for the rare caller that
// wants an object.

export const Code = {
  Success: 0,
  Error: 1,
  Unschedulable: 2,
  UnschedulableAndUnresolvable: 3,
  Wait: 4,
  Skip: 5,
  Pending: 6,
} as const;
export type Code = (typeof Code)[keyof typeof Code];

const CODE_NAMES = ['Success', 'Error', 'Unschedulable', 'UnschedulableAndUnresolvable', 'Wait', 'Skip', 'Pending'] as const;

export function codeName(code: Code): string {
  return CODE_NAMES[code];
}

export class Status {
  readonly code: Code;
  readonly reasons: readonly string[];
  /** The plugin that returned (or caused) this status. */
  plugin = '';
  readonly error: Error | undefined;

  constructor(code: Code, reasons: readonly string[] = [], error?: Error) {
    this.code = code;
    this.reasons = reasons;
    this.error = error;
  }

  static success(): Status {
    return new Status(Code.Success);
  }
  static unschedulable(...reasons: string[]): Status {
    return new Status(Code.Unschedulable, reasons);
  }
  static unresolvable(...reasons: string[]): Status {
    return new Status(Code.UnschedulableAndUnresolvable, reasons);
  }
  static skip(): Status {
    return new Status(Code.Skip);
  }
  /** framework.AsStatus: an Error status carrying err (its message is the only reason). */
  static asStatus(err: unknown): Status {
    const e = err instanceof Error ? err : new Error(String(err));
    return new Status(Code.Error, [e.message], e);
  }

  withPlugin(plugin: string): this {
    this.plugin = plugin;
    return this;
  }

  message(): string {
    return this.reasons.join(', ');
  }
  isSuccess(): boolean {
    return this.code === Code.Success;
  }
  isSkip(): boolean {
    return this.code === Code.Skip;
  }
  isWait(): boolean {
    return this.code === Code.Wait;
  }
  /** Unschedulable, UnschedulableAndUnresolvable or Pending: the pod was rejected (not an error). */
  isRejected(): boolean {
    return this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable || this.code === Code.Pending;
  }
  asError(): Error {
    return this.error ?? new Error(this.message());
  }
  toString(): string {
    return `${codeName(this.code)}: ${this.message()}`;
  }
}

/** The code of a possibly-null status (null is Success). */
export function codeOf(s: Status | null | undefined): Code {
  return s ? s.code : Code.Success;
}

/** True for null and for Success statuses. */
export function isSuccess(s: Status | null | undefined): boolean {
  return !s || s.code === Code.Success;
}
