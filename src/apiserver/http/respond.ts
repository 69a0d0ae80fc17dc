import type { ServerResponse } from 'node:http';
import { gzipBody, shouldGzip } from './compress.js';
import { StatusError, statusErrors, type Status } from '../../machinery/errors/status.js';

export function writeJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  if (res.headersSent) {
    res.end();
    return;
  }
  const head = { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', ...headers };
  const bytes = Buffer.byteLength(text);
  if (!shouldGzip(res, bytes)) {
    res.writeHead(code, { ...head, 'Content-Length': bytes });
    res.end(text);
    return;
  }
  gzipBody(text).then(
    (z) => {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(code, { ...head, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding', 'Content-Length': z.length });
      res.end(z);
    },
    () => {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(code, { ...head, 'Content-Length': bytes });
      res.end(text);
    },
  );
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
