// The HTTP/1.1 upgrade to SPDY/3.1 used by Kubernetes streaming (remote command, port-forward): the
// client offers protocol versions in X-Stream-Protocol-Version, the server picks the first one it
// supports (in the client's order), answers 101 Switching Protocols, and both sides speak SPDY.

import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import type { ConnectionOptions } from 'node:tls';
import { SpdyConnection } from './connection.js';

export const SPDY_UPGRADE = 'SPDY/3.1';
export const HEADER_PROTOCOL_VERSION = 'X-Stream-Protocol-Version';

/** The protocol versions a request offers (several headers or comma lists). */
export function offeredProtocols(req: IncomingMessage): string[] {
  const out: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]!.toLowerCase() === HEADER_PROTOCOL_VERSION.toLowerCase())
      out.push(...req.rawHeaders[i + 1]!.split(',').map((s) => s.trim()).filter(Boolean));
  }
  return out;
}

export function isSpdyUpgrade(req: IncomingMessage): boolean {
  return (req.headers.upgrade ?? '').toLowerCase() === SPDY_UPGRADE.toLowerCase();
}

export class UpgradeError extends Error {
  constructor(readonly statusCode: number, message: string) {
    super(message);
  }
}

/** Server side: choose a protocol and answer 101 on the raw socket. Throws UpgradeError when none fits. */
export function acceptSpdyUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, supported: string[]): { conn: SpdyConnection; protocol: string } {
  const offered = offeredProtocols(req);
  let protocol = '';
  if (offered.length) {
    const found = offered.find((p) => supported.includes(p));
    if (!found)
      throw new UpgradeError(403, `unable to upgrade: unable to negotiate protocol: client supports [${offered.join(' ')}], server supports [${supported.join(' ')}]`);
    protocol = found;
  }
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: ${SPDY_UPGRADE}\r\n` +
      (protocol ? `${HEADER_PROTOCOL_VERSION}: ${protocol}\r\n` : '') +
      '\r\n',
  );
  if (head.length) socket.unshift(head);
  return { conn: new SpdyConnection(socket, { server: true }), protocol };
}

/** Writes a plain HTTP error on a socket that was not upgraded. */
export function rejectUpgrade(socket: Duplex, statusCode: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
  const reason = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' }[statusCode] ?? 'Error';
  const b = Buffer.from(body);
  socket.end(`HTTP/1.1 ${statusCode} ${reason}\r\nContent-Type: ${contentType}\r\nContent-Length: ${b.length}\r\nConnection: close\r\n\r\n${b.toString('latin1')}`, 'latin1');
}

export interface SpdyDialOptions {
  url: string;
  protocols: string[];
  method?: 'GET' | 'POST';
  headers?: OutgoingHttpHeaders;
  tls?: ConnectionOptions;
  signal?: AbortSignal;
}

/** Client side: upgrade an HTTP(S) request to SPDY. Rejects with UpgradeError on a non-101 answer. */
export function dialSpdy(o: SpdyDialOptions): Promise<{ conn: SpdyConnection; protocol: string }> {
  const u = new URL(o.url);
  const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(u, {
    method: o.method ?? 'POST',
    headers: { ...(o.headers ?? {}), Connection: 'Upgrade', Upgrade: SPDY_UPGRADE, [HEADER_PROTOCOL_VERSION]: o.protocols },
    ...(u.protocol === 'https:' ? (o.tls ?? {}) : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  });
  return new Promise((resolve, reject) => {
    req.on('upgrade', (res, socket, head) => {
      if (head.length) socket.unshift(head);
      const protocol = String(res.headers[HEADER_PROTOCOL_VERSION.toLowerCase()] ?? '');
      resolve({ conn: new SpdyConnection(socket, { server: false }), protocol });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => reject(new UpgradeError(res.statusCode ?? 500, Buffer.concat(chunks).toString('utf8') || `upgrade failed with status ${res.statusCode}`)));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
