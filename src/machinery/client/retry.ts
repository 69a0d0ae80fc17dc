// When a failed request is tried again (client-go's request retry): 429 for any verb (the server
// turned it away before doing anything) and 5xx for idempotent verbs, waiting Retry-After when the
// server sent it and a capped, jittered exponential backoff otherwise; network errors for idempotent
// verbs, and "connection refused" (the request never arrived) for any.

export interface RetryPolicy {
  /** Retries after the first attempt (default 5; 0 disables). */
  maxRetries: number;
  /** First backoff when the server gives no Retry-After (default 200 ms), doubling each retry. */
  baseDelayMs: number;
  /** Backoff cap (default 5 s). */
  maxDelayMs: number;
  /** Cap on a server's Retry-After (default 60 s). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 5, baseDelayMs: 200, maxDelayMs: 5_000, maxRetryAfterMs: 60_000 };

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const RETRIABLE_5XX = new Set([500, 502, 503, 504]);
const NETWORK_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

export function shouldRetryStatus(method: string, status: number): boolean {
  if (status === 429) return true;
  return RETRIABLE_5XX.has(status) && isIdempotent(method);
}

export function shouldRetryError(method: string, err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ECONNREFUSED') return true;
  if (!isIdempotent(method)) return false;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  const msg = err instanceof Error ? err.message : '';
  return msg === 'socket hang up' || msg === 'aborted';
}

/** The wait before retry number `attempt` (1-based). */
export function retryDelayMs(p: RetryPolicy, attempt: number, retryAfterSeconds: number | undefined, random: () => number = Math.random): number {
  if (retryAfterSeconds !== undefined) return Math.min(retryAfterSeconds * 1000, p.maxRetryAfterMs);
  const exp = Math.min(p.baseDelayMs * 2 ** (attempt - 1), p.maxDelayMs);
  return Math.round(exp * (0.5 + random() * 0.5));
}
