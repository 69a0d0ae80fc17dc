// InProcessTransport: requests served by an API server handler in the same process — the whole
// pipeline runs (authentication, authorization, admission, validation, storage), only the network is
// skipped. Each request is real HTTP/1.1 over an in-memory socket pair: node's HTTP client writes it,
// node's HTTP server parses it into a genuine IncomingMessage/ServerResponse for the handler. The
// caller's identity rides on the request object (IN_PROCESS_USER), as the authenticator expects.

import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { IN_PROCESS_USER } from '../auth/inprocess.js';
import { streamBody } from './https.js';
import { socketPair } from './socketpair.js';
import { abortError, flattenHeaders, type Transport, type TransportRequest, type TransportResponse } from './transport.js';

/** Who the in-process caller is (the authenticator's UserInfo). */
export interface InProcessUser {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface InProcessTransportOptions {
  /** The API server's entry point, e.g. (req, res) => apiServer.handle(req, res). */
  handler: RequestHandler;
  /** The component's identity, e.g. { username: 'system:kube-scheduler', groups: [] }. */
  user: InProcessUser;
}

export class InProcessTransport implements Transport {
  readonly description = 'in-process';
  private readonly server: http.Server;
  private readonly open = new Set<import('node:stream').Duplex>();
  private closed = false;

  constructor(o: InProcessTransportOptions) {
    const user = { ...o.user, groups: o.user.groups.includes('system:authenticated') ? o.user.groups : [...o.user.groups, 'system:authenticated'] };
    this.server = http.createServer((req, res) => {
      (req as unknown as Record<symbol, InProcessUser>)[IN_PROCESS_USER] = user;
      Promise.resolve()
        .then(() => o.handler(req, res))
        .catch(() => {
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
    });
  }

  request(r: TransportRequest): Promise<TransportResponse> {
    const signal = r.signal;
    if (this.closed) return Promise.reject(new Error('in-process transport is closed'));
    if (signal?.aborted) return Promise.reject(abortError(signal));
    const [client, server] = socketPair();
    this.open.add(client);
    client.once('close', () => this.open.delete(client));
    this.server.emit('connection', server);
    const qs = r.query?.toString();
    const headers: Record<string, string> = { Host: 'kts.in-process', ...r.headers };
    if (r.body) headers['Content-Length'] = String(r.body.length);
    return new Promise((resolve, reject) => {
      const req = http.request(
        { method: r.method, path: r.path + (qs ? `?${qs}` : ''), headers, createConnection: () => client },
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
    this.closed = true;
    for (const s of this.open) s.destroy();
    this.open.clear();
  }
}
