// Non-2xx responses as StatusErrors: the server's Status when it sent one, else one built from the
// HTTP code (client-go's newUnstructuredResponseError), plus the usual predicates.

import { StatusError, type Status, type StatusDetails, type StatusReason } from '../errors/status.js';

const REASONS: Record<number, StatusReason> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  501: 'NotImplemented',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

function isStatus(v: unknown): v is Status {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'Status';
}

/** A StatusError from a decoded Status object (e.g. a watch ERROR event). */
export function statusErrorFromStatus(st: Partial<Status>, httpCode = 0): StatusError {
  const code = st.code || httpCode || 500;
  return new StatusError(code, st.reason ?? REASONS[code] ?? '', st.message ?? '', st.details as StatusDetails | undefined);
}

/** A StatusError from a failed response's code, headers and body. */
export function statusErrorFromResponse(code: number, headers: Record<string, string>, body: Buffer): StatusError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (isStatus(parsed) && parsed.status !== 'Success') return statusErrorFromStatus(parsed, code);
  const text = body.toString('utf8').trim();
  const message = text && text.length < 1024 ? text : `the server responded with the status code ${code} but did not return more information`;
  const details: StatusDetails = {};
  const ra = retryAfterSeconds(headers);
  if (ra !== undefined) details.retryAfterSeconds = ra;
  return new StatusError(code, REASONS[code] ?? '', message, details);
}

export function retryAfterSeconds(headers: Record<string, string>): number | undefined {
  const v = headers['retry-after'];
  if (v === undefined || !/^\d+$/.test(v.trim())) return undefined;
  return Number(v.trim());
}

function reasonIs(err: unknown, ...reasons: StatusReason[]): boolean {
  return err instanceof StatusError && reasons.includes(err.reason);
}

export const isNotFound = (err: unknown): boolean => reasonIs(err, 'NotFound') || (err instanceof StatusError && err.code === 404 && err.reason === '');
export const isAlreadyExists = (err: unknown): boolean => reasonIs(err, 'AlreadyExists');
export const isConflict = (err: unknown): boolean => reasonIs(err, 'Conflict');
export const isInvalid = (err: unknown): boolean => reasonIs(err, 'Invalid');
export const isForbidden = (err: unknown): boolean => reasonIs(err, 'Forbidden');
/** 410: the resource version asked for is older than the server's history (Expired or Gone). */
export const isResourceExpired = (err: unknown): boolean => reasonIs(err, 'Expired', 'Gone') || (err instanceof StatusError && err.code === 410);
export const isTooManyRequests = (err: unknown): boolean => err instanceof StatusError && err.code === 429;
