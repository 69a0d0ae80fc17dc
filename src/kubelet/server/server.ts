// The kubelet's HTTPS API (upstream pkg/kubelet/server): /healthz, /pods, /containerLogs, /exec,
// /attach, /portForward and /stats/summary. Callers must present a client certificate signed by
// clientCA (the API server uses its kubelet-client certificate); anything else gets 401.
// Authorization of authenticated callers (upstream: a SubjectAccessReview per request) is not done.

import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { WebSocketServer, createWebSocketStream, type WebSocket } from 'ws';
import { SpdyConnection } from '../../machinery/spdy/connection.js';
import { acceptSpdyUpgrade, isSpdyUpgrade, rejectUpgrade, UpgradeError } from '../../machinery/spdy/upgrade.js';
import { CHANNEL_PROTOCOLS, chooseProtocol, PORT_FORWARD_TUNNEL_PROTOCOL } from '../../machinery/wsstream/channel.js';
import { certificateUser, requestAttributes, type KubeletAuthorizer } from './auth.js';
import type { KubeletHost } from './host.js';
import { readLogs } from './logs.js';
import { PORT_FORWARD_PROTOCOL, relayPortForward } from './portforward.js';
import { dialBackend, expectedStreams, relaySpdy, relayWebSocket, streamWants, waitForStreams } from './remotecommand.js';
import { SummaryProvider } from './stats.js';

export interface KubeletServerOptions {
  host: KubeletHost;
  nodeName?: string;
  port: number;
  bindAddress?: string;
  tls: { cert: string; key: string; clientCA: string };
  /** Decides what an authenticated client may do (upstream's webhook mode); without it any client
   *  certificate from clientCA may do everything. */
  authorize?: KubeletAuthorizer;
  signal?: AbortSignal;
  log?: (m: string) => void;
}

export interface KubeletServer {
  port: number;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

const REMOTE_COMMAND_SPDY = [CHANNEL_PROTOCOLS.v5, CHANNEL_PROTOCOLS.v4];
const REMOTE_COMMAND_WS = [CHANNEL_PROTOCOLS.v5, CHANNEL_PROTOCOLS.v4];

interface Route {
  kind: 'exec' | 'attach' | 'portForward' | 'containerLogs';
  namespace: string;
  pod: string;
  container?: string;
}

/** /exec/{ns}/{pod}/{container}, also with the pod UID before the container (upstream accepts both). */
function parseRoute(path: string): Route | undefined {
  const seg = path.split('/').filter(Boolean).map(decodeURIComponent);
  const kind = seg[0];
  if (kind === 'exec' || kind === 'attach' || kind === 'containerLogs') {
    if (seg.length === 4) return { kind, namespace: seg[1]!, pod: seg[2]!, container: seg[3]! };
    if (seg.length === 5 && kind !== 'containerLogs') return { kind, namespace: seg[1]!, pod: seg[2]!, container: seg[4]! };
    return undefined;
  }
  if (kind === 'portForward' && (seg.length === 3 || seg.length === 4)) return { kind, namespace: seg[1]!, pod: seg[2]! };
  return undefined;
}

const flag = (q: URLSearchParams, n: string) => ['true', '1'].includes(q.get(n) ?? '');

export async function startKubeletServer(o: KubeletServerOptions): Promise<KubeletServer> {
  const log = o.log ?? (() => {});
  const stats = new SummaryProvider({ nodeName: o.nodeName ?? '', runtime: o.host.runtime, pods: () => o.host.pods() });
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => chooseProtocol(offered, REMOTE_COMMAND_WS) ?? false });
  // "SPDY/3.1+portforward.k8s.io" is not an RFC 6455 token ('/'), which ws refuses to parse: the
  // header is swapped for a placeholder before the handshake and the real name is answered.
  const tunnelWss = new WebSocketServer({ noServer: true, handleProtocols: () => PORT_FORWARD_TUNNEL_PROTOCOL });
  const server: Server = createServer({ cert: o.tls.cert, key: o.tls.key, ca: o.tls.clientCA, requestCert: true, rejectUnauthorized: false });
  server.requestTimeout = 0;
  const upgraded = new Set<Duplex>();
  /** 401 without a client certificate from clientCA; 403 when the authorizer says no. */
  const authorized = (req: IncomingMessage) => (req.socket as TLSSocket).authorized === true;
  async function authorize(req: IncomingMessage): Promise<void> {
    if (!authorized(req)) throw new HttpError(401, 'Unauthorized');
    if (!o.authorize) return;
    const user = certificateUser(req);
    if (!user) throw new HttpError(401, 'Unauthorized');
    const attrs = requestAttributes(req.method ?? 'GET', new URL(req.url ?? '/', 'https://kubelet').pathname, o.nodeName ?? '');
    const d = await o.authorize(user, attrs);
    if (!d.allowed) throw new HttpError(403, `Forbidden (user=${user.username}, verb=${attrs.verb}, resource=${attrs.resource}, subresource(s)=[${attrs.subresource}])`);
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void serveHttp(req, res).catch((e: unknown) => {
      const code = e instanceof HttpError ? e.code : 500;
      if (code === 500) log(`kubelet server: ${req.url}: ${(e as Error).stack ?? String(e)}`);
      if (!res.headersSent) {
        res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end((e as Error).message);
      } else res.end();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    void serveUpgrade(req, socket, head).catch((e: unknown) => {
      const code = e instanceof HttpError ? e.code : e instanceof UpgradeError ? e.statusCode : 500;
      if (code === 500) log(`kubelet server: upgrade ${req.url}: ${(e as Error).stack ?? String(e)}`);
      if (!socket.destroyed && socket.writable) rejectUpgrade(socket, code, (e as Error).message);
    });
  });

  async function serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    await authorize(req);
    const url = new URL(req.url ?? '/', 'https://kubelet');
    const path = url.pathname;
    if (path === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    }
    if (path === '/pods') return json(res, { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: o.host.pods() });
    if (path === '/stats/summary') return json(res, await stats.summary());
    const r = parseRoute(path);
    if (!r) throw new HttpError(404, '404 page not found');
    if (r.kind === 'containerLogs') return serveLogs(r, url.searchParams, req, res);
    throw new HttpError(400, 'Upgrade request required');
  }

  async function serveLogs(r: Route, q: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const previous = flag(q, 'previous');
    const ref = o.host.findContainer(r.namespace, r.pod, r.container, { previous });
    if (!ref) {
      if (previous) throw new HttpError(400, `previous terminated container "${r.container}" in pod "${r.pod}" not found`);
      const pod = o.host.pods().find((p) => p.metadata.namespace === r.namespace && p.metadata.name === r.pod);
      const statuses = ((pod?.status ?? {}) as { containerStatuses?: Array<{ name: string; state?: { waiting?: { reason?: string } } }>; initContainerStatuses?: Array<{ name: string; state?: { waiting?: { reason?: string } } }> });
      const cs = [...(statuses.containerStatuses ?? []), ...(statuses.initContainerStatuses ?? [])].find((c) => c.name === r.container);
      if (cs?.state?.waiting) throw new HttpError(400, `container "${r.container}" in pod "${r.pod}" is waiting to start: ${cs.state.waiting.reason ?? 'ContainerCreating'}`);
      throw new HttpError(404, `container "${r.container}" in pod "${r.pod}" is not available`);
    }
    const st = await o.host.runtime.containerStatus(ref.containerId).catch((e: Error) => {
      throw new HttpError(404, `failed to get container status ${JSON.stringify(ref.containerId)}: ${e.message}`);
    });
    const num = (n: string) => {
      const v = q.get(n);
      if (v === null || v === '') return undefined;
      const x = Number(v);
      if (!Number.isInteger(x) || x < 0) throw new HttpError(400, `invalid ${n}: ${v}`);
      return x;
    };
    const tailLines = num('tailLines');
    const limitBytes = num('limitBytes');
    const sinceSeconds = num('sinceSeconds');
    const sinceTime = q.get('sinceTime');
    let since: Date | undefined;
    if (sinceSeconds !== undefined) since = new Date(Date.now() - sinceSeconds * 1000);
    else if (sinceTime) {
      since = new Date(sinceTime);
      if (Number.isNaN(since.getTime())) throw new HttpError(400, `invalid sinceTime: ${sinceTime}`);
    }
    const logPath = st.status.logPath;
    if (!logPath) throw new HttpError(404, `container "${r.container}" in pod "${r.pod}" has no log file`);
    const ac = new AbortController();
    res.on('close', () => ac.abort());
    o.signal?.addEventListener('abort', () => ac.abort(), { once: true });
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    const stream = q.get('stream');
    await readLogs({
      path: logPath,
      out: res,
      signal: ac.signal,
      follow: flag(q, 'follow'),
      timestamps: flag(q, 'timestamps'),
      ...(tailLines !== undefined ? { tailLines } : {}),
      ...(limitBytes !== undefined ? { limitBytes } : {}),
      ...(since ? { since } : {}),
      ...(stream === 'stdout' || stream === 'stderr' ? { stream } : {}),
      isRunning: async () => {
        try {
          return (await o.host.runtime.containerStatus(ref.containerId)).status.state === 'CONTAINER_RUNNING';
        } catch {
          return false;
        }
      },
    }).catch((e: Error) => {
      if (e && (e as NodeJS.ErrnoException).code === 'ENOENT') res.write(`failed to open log file "${logPath}": ${e.message}\n`);
      else throw e;
    });
    res.end();
    void req;
  }

  async function serveUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    await authorize(req);
    const url = new URL(req.url ?? '/', 'https://kubelet');
    const r = parseRoute(url.pathname);
    if (!r || r.kind === 'containerLogs') throw new HttpError(404, '404 page not found');
    const isWs = (req.headers.upgrade ?? '').toLowerCase() === 'websocket';
    if (!isWs && !isSpdyUpgrade(req)) throw new HttpError(400, `unsupported upgrade: ${req.headers.upgrade}`);
    if (r.kind === 'portForward') return servePortForward(r, req, socket, head, isWs);

    const q = url.searchParams;
    const wants = streamWants(q);
    const ref = o.host.findContainer(r.namespace, r.pod, r.container);
    if (!ref) throw new HttpError(404, `container not found (${JSON.stringify(r.container ?? '')})`);
    let streamUrl: string;
    if (r.kind === 'exec') {
      const cmd = q.getAll('command');
      if (!cmd.length) throw new HttpError(400, 'you must specify at least 1 command');
      streamUrl = (await o.host.runtime.exec({ containerId: ref.containerId, cmd, tty: wants.tty, stdin: wants.stdin, stdout: wants.stdout, stderr: wants.stderr && !wants.tty })).url;
    } else {
      streamUrl = (await o.host.runtime.attach({ containerId: ref.containerId, tty: wants.tty, stdin: wants.stdin, stdout: wants.stdout, stderr: wants.stderr && !wants.tty })).url;
    }
    if (isWs) {
      const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const protocol = chooseProtocol(offered, REMOTE_COMMAND_WS);
      if (!protocol) throw new HttpError(400, `unable to upgrade: unable to negotiate protocol: client supports [${offered.join(' ')}], server supports [${REMOTE_COMMAND_WS.join(' ')}]`);
      const backend = await dialBackend(streamUrl, wants);
      const ws = await new Promise<WebSocket>((resolve) => wss.handleUpgrade(req, socket, head, resolve));
      await relayWebSocket(ws, backend, { v5: protocol === CHANNEL_PROTOCOLS.v5 });
      return;
    }
    const backend = await dialBackend(streamUrl, wants);
    let front: SpdyConnection;
    try {
      front = acceptSpdyUpgrade(req, socket, head, REMOTE_COMMAND_SPDY).conn;
    } catch (e) {
      backend.conn.destroy();
      throw e;
    }
    try {
      const streams = await waitForStreams(front, expectedStreams(wants));
      await relaySpdy(front, streams, backend);
    } catch (e) {
      log(`kubelet server: ${r.kind} ${r.namespace}/${r.pod}: ${(e as Error).message}`);
      backend.conn.destroy();
      front.destroy();
    }
  }

  async function servePortForward(r: Route, req: IncomingMessage, socket: Duplex, head: Buffer, isWs: boolean): Promise<void> {
    const sandbox = o.host.findSandbox(r.namespace, r.pod);
    if (!sandbox) throw new HttpError(404, `pod ${r.namespace}/${r.pod} not found`);
    const backendUrl = async () => (await o.host.runtime.portForward({ podSandboxId: sandbox.sandboxId, port: [] })).url;
    let front: SpdyConnection;
    if (isWs) {
      const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
      if (!offered.includes(PORT_FORWARD_TUNNEL_PROTOCOL))
        throw new HttpError(400, `port-forward over WebSocket needs the ${PORT_FORWARD_TUNNEL_PROTOCOL} subprotocol (the v4.channel.k8s.io port-forward protocol is not implemented)`);
      req.headers['sec-websocket-protocol'] = 'kts-portforward-tunnel';
      const ws = await new Promise<WebSocket>((resolve) => tunnelWss.handleUpgrade(req, socket, head, resolve));
      const duplex = createWebSocketStream(ws);
      duplex.on('error', () => {});
      front = new SpdyConnection(duplex, { server: true });
    } else {
      front = acceptSpdyUpgrade(req, socket, head, [PORT_FORWARD_PROTOCOL]).conn;
    }
    await relayPortForward(front, backendUrl);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.bindAddress ?? '0.0.0.0', () => resolve());
  });
  const close = async () => {
    server.closeAllConnections();
    for (const c of [...wss.clients, ...tunnelWss.clients]) c.terminate();
    for (const s of upgraded) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  };
  o.signal?.addEventListener('abort', () => void close(), { once: true });
  return { port: (server.address() as AddressInfo).port, close };
}

function json(res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
