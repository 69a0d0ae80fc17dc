import type { ServerResponse } from 'node:http';
import { StatusError, statusErrors, type Status } from '../../machinery/errors/status.js';

export function writeJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(code, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', ...headers, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function writeStatus(res: ServerResponse, status: Status, headers: Record<string, string> = {}): void {
  const h = { ...headers };
  const retry = status.details?.retryAfterSeconds;
  if (retry !== undefined) h['Retry-After'] = String(retry);
  writeJson(res, status.code, status, h);
}

/** Any error as a Status response: StatusErrors as they are, anything else as a 500 (never a crash). */
export function writeError(res: ServerResponse, err: unknown, log?: (m: string) => void): void {
  if (err instanceof StatusError) {
    writeStatus(res, err.status);
    return;
  }
  log?.(`internal error: ${(err as Error)?.stack ?? String(err)}`);
  writeStatus(res, statusErrors.internal((err as Error)?.message ?? String(err)).status);
}

export function addWarning(res: ServerResponse, message: string): void {
  const cur = res.getHeader('Warning');
  const v = `299 - ${JSON.stringify(message)}`;
  if (!cur) res.setHeader('Warning', v);
  else res.setHeader('Warning', Array.isArray(cur) ? [...cur, v] : [String(cur), v]);
}
