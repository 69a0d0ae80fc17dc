// Response compression as upstream's APIResponseCompression: a client that sends
// `Accept-Encoding: gzip` (client-go and kubectl do, unless --disable-compression) gets responses over
// 128 KiB gzip-compressed at level 1, with `Content-Encoding: gzip` and `Vary: Accept-Encoding`.
// Compression runs on libuv's thread pool, off the event loop. Watches are never compressed.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import { createGzip, gzip, type ZlibOptions } from 'node:zlib';

/** Responses smaller than this go out as they are (upstream's defaultGzipThresholdBytes). */
export const GZIP_THRESHOLD_BYTES = 128 * 1024;
/** Upstream's defaultGzipContentEncodingLevel: least CPU for a ratio close to the best. */
const GZIP_LEVEL = 1;

/** Whether the request's Accept-Encoding allows gzip (a `gzip` or `*` token whose q is not 0). */
export function acceptsGzip(req: IncomingMessage | undefined): boolean {
  const h = req?.headers['accept-encoding'];
  if (!h) return false;
  for (const part of String(h).split(',')) {
    const [token, ...params] = part.trim().split(';');
    const t = token!.trim().toLowerCase();
    if (t !== 'gzip' && t !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q === undefined || Number(q.slice(2)) > 0) return true;
  }
  return false;
}

function requestOf(res: ServerResponse): IncomingMessage | undefined {
  return (res as ServerResponse & { req?: IncomingMessage }).req;
}

/** Whether a whole body of `bytes` bytes should be gzip-compressed for this response's request. */
export function shouldGzip(res: ServerResponse, bytes: number): boolean {
  return bytes > GZIP_THRESHOLD_BYTES && acceptsGzip(requestOf(res));
}

/** Compresses one whole body on the thread pool. */
export function gzipBody(body: string | Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => gzip(body, { level: GZIP_LEVEL }, (err, out) => (err ? reject(err) : resolve(out))));
}

/**
 * Starts a streamed response of unknown length (a big LIST) and returns what to write its body to: a
 * gzip stream piped into the response when the client accepts gzip, otherwise the response itself.
 */
export function startStreamingBody(res: ServerResponse, code: number, headers: Record<string, string>): Writable {
  if (!acceptsGzip(requestOf(res))) {
    res.writeHead(code, headers);
    return res;
  }
  res.writeHead(code, { ...headers, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' });
  // A few MiB may wait for the compressor, so that building the body and compressing it overlap.
  const z = createGzip({ level: GZIP_LEVEL, chunkSize: 256 * 1024, highWaterMark: 4 << 20 } as ZlibOptions);
  z.pipe(res);
  res.once('close', () => z.destroy());
  return z;
}
