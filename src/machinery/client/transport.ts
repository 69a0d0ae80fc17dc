// The client's seam to the API server: one request in, one response out, the body as a stream of
// chunks (so a watch can stream for as long as it lasts). Three implementations pass one conformance
// suite: HttpsTransport (a real server over TLS), InProcessTransport (the apiserver's handler in the
// same process, full pipeline) and FakeTransport (an in-memory API for unit tests).

export interface TransportRequest {
  method: string;
  /** The URL path, e.g. /api/v1/namespaces/default/pods (already escaped). */
  path: string;
  query?: URLSearchParams;
  /** Header names in any case. */
  headers?: Record<string, string>;
  body?: Buffer;
  /** Aborting ends the request (and a streaming body) with an AbortError. */
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The body, read once. Ends when the server ends it; throws AbortError when the request's signal aborts. */
  body: AsyncIterable<Buffer>;
}

export interface Transport {
  /** Where requests go ("https://10.0.0.1:6443", "in-process", "fake"), for messages. */
  readonly description: string;
  request(req: TransportRequest): Promise<TransportResponse>;
  /** Releases connections; the transport is not used afterwards. */
  close(): Promise<void>;
}

/** Reads a whole body. */
export async function readAll(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/** The error a request fails with when its signal aborts (the signal's reason when it is an Error). */
export function abortError(signal?: AbortSignal): Error {
  const r: unknown = signal?.reason;
  if (r instanceof Error) return r;
  const e = new Error('The operation was aborted');
  e.name = 'AbortError';
  return e;
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
}

/** Headers as a flat record of lower-cased names. */
export function flattenHeaders(h: Record<string, string | string[] | number | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/** A body of one buffer. */
export async function* bufferBody(b: Buffer): AsyncIterable<Buffer> {
  if (b.length) yield b;
}
