// HttpsTransport: requests to a real API server over TLS (or plain HTTP for http:// servers) with a
// keep-alive agent holding the CA and the client certificate, and bearer tokens (a token file is
// re-read at most once a minute, like client-go's cached token source).

import { readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { ClusterConnection } from './kubeconfig.js';
import { loadKubeconfig, type LoadKubeconfigOptions } from './kubeconfig.js';
import { abortError, flattenHeaders, type Transport, type TransportRequest, type TransportResponse } from './transport.js';

export type HttpsTransportOptions = Omit<ClusterConnection, 'namespace' | 'context'> & {
  /** Sockets kept per host (default: unlimited, watches each hold one). */
  maxSockets?: number;
};

const TOKEN_FILE_TTL_MS = 60_000;

export class HttpsTransport implements Transport {
  readonly description: string;
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly mod: typeof http | typeof https;
  private tokenCache: { token: string; readAt: number; mtimeMs: number } | undefined;

  constructor(private readonly o: HttpsTransportOptions) {
    this.url = new URL(o.server);
    this.description = this.url.origin;
    const secure = this.url.protocol === 'https:';
    this.mod = secure ? https : http;
    this.agent = secure
      ? new https.Agent({
          keepAlive: true,
          ...(o.maxSockets ? { maxSockets: o.maxSockets } : {}),
          ...(o.ca ? { ca: o.ca } : {}),
          ...(o.cert ? { cert: o.cert } : {}),
          ...(o.key ? { key: o.key } : {}),
          ...(o.tlsServerName ? { servername: o.tlsServerName } : {}),
          rejectUnauthorized: !o.insecureSkipTLSVerify,
        })
      : new http.Agent({ keepAlive: true, ...(o.maxSockets ? { maxSockets: o.maxSockets } : {}) });
  }

  /** A transport for a kubeconfig (file path or text) and its current (or given) context. */
  static fromKubeconfig(pathOrText: string, opts: LoadKubeconfigOptions = {}): { transport: HttpsTransport; namespace: string } {
    const c = loadKubeconfig(pathOrText, opts);
    return { transport: new HttpsTransport(c), namespace: c.namespace };
  }

  private authorization(): string | undefined {
    if (this.o.token) return `Bearer ${this.o.token}`;
    if (this.o.tokenFile) {
      const now = Date.now();
      const c = this.tokenCache;
      if (!c || now - c.readAt > TOKEN_FILE_TTL_MS) {
        const st = statSync(this.o.tokenFile, { throwIfNoEntry: false });
        if (!c || !st || st.mtimeMs !== c.mtimeMs) {
          const token = readFileSync(this.o.tokenFile, 'utf8').trim();
          this.tokenCache = { token, readAt: now, mtimeMs: st?.mtimeMs ?? 0 };
        } else c.readAt = now;
      }
      return `Bearer ${this.tokenCache!.token}`;
    }
    if (this.o.username !== undefined && this.o.password !== undefined)
      return `Basic ${Buffer.from(`${this.o.username}:${this.o.password}`).toString('base64')}`;
    return undefined;
  }

  request(r: TransportRequest): Promise<TransportResponse> {
    const signal = r.signal;
    if (signal?.aborted) return Promise.reject(abortError(signal));
    const qs = r.query?.toString();
    const base = this.url.pathname.replace(/\/+$/, '');
    const headers: Record<string, string> = { ...r.headers };
    const auth = this.authorization();
    if (auth && !Object.keys(headers).some((k) => k.toLowerCase() === 'authorization')) headers.Authorization = auth;
    if (r.body) headers['Content-Length'] = String(r.body.length);
    return new Promise((resolve, reject) => {
      const req = this.mod.request(
        {
          protocol: this.url.protocol,
          hostname: this.url.hostname,
          port: this.url.port || (this.url.protocol === 'https:' ? 443 : 80),
          method: r.method,
          path: base + r.path + (qs ? `?${qs}` : ''),
          headers,
          agent: this.agent,
        },
        (res) => {
          signal?.removeEventListener('abort', onAbort);
          resolve({ status: res.statusCode ?? 0, headers: flattenHeaders(res.headers), body: streamBody(res, signal) });
        },
      );
      const onAbort = () => req.destroy(abortError(signal));
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (err) => {
        signal?.removeEventListener('abort', onAbort);
        reject(signal?.aborted ? abortError(signal) : err);
      });
      req.end(r.body);
    });
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }
}

/**
 * A response body as chunks. Aborting the request's signal (or leaving the loop early) destroys the
 * response, so a watch frees its connection at once.
 */
export async function* streamBody(res: http.IncomingMessage, signal?: AbortSignal): AsyncIterable<Buffer> {
  const onAbort = () => res.destroy(abortError(signal));
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const c of res) yield c as Buffer;
  } catch (err) {
    if (signal?.aborted) throw abortError(signal);
    throw err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!res.complete) res.destroy();
  }
}
