// The connect subresources served by a kubelet: pods/log (a streamed GET), pods/exec, pods/attach,
// pods/portforward (HTTP upgrades — WebSocket or SPDY — proxied byte for byte once the kubelet answers
// 101) and nodes/proxy. The API server finds the pod's node, reaches that node's kubelet at its
// InternalIP and daemonEndpoints.kubeletEndpoint.Port, and authenticates with the kubelet-client
// certificate. Errors are metav1.Status, with upstream's messages.

import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import type { KubeObject } from '../../api/types.js';
import { StatusError, statusErrors, type StatusReason } from '../../machinery/errors/status.js';
import type { AuthzAttributes } from '../auth/authz.js';
import { forbiddenMessage } from '../auth/authz.js';
import { requestContext, type Scope } from './scope.js';

export interface KubeletClientConfig {
  /** Client certificate and key (CN kube-apiserver-kubelet-client, O system:masters). */
  cert: string;
  key: string;
  /** CA to verify kubelet serving certificates with; without it they are not verified (like upstream without --kubelet-certificate-authority). */
  ca?: string;
  /** Kubelet port when a Node does not report one (upstream default 10250). */
  defaultPort?: number;
}

interface PendingUpgrade {
  socket: Duplex;
  head: Buffer;
}

const upgrades = new WeakMap<IncomingMessage, PendingUpgrade>();

/** The HTTPS server's 'upgrade' listener registers the raw socket here before running the normal pipeline. */
export function registerUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
  upgrades.set(req, { socket, head });
}

interface ConnectHost {
  authorizeAttrs(a: AuthzAttributes): boolean;
}

type PodSpec = { nodeName?: string; containers?: Array<{ name: string }>; initContainers?: Array<{ name: string }>; ephemeralContainers?: Array<{ name: string }> };

/** Builds the HandlerEnv.connect hook. */
export function kubeletConnect(cfg: KubeletClientConfig, host: ConnectHost): (s: Scope) => Promise<boolean> {
  return async (s) => {
    const sub = s.info.subresource;
    if (s.def.group === '' && s.def.plural === 'pods' && ['log', 'exec', 'attach', 'portforward'].includes(sub)) {
      await servePod(s, cfg, host);
      return true;
    }
    if (s.def.group === '' && s.def.plural === 'nodes' && sub === 'proxy') {
      await serveNodeProxy(s, cfg);
      return true;
    }
    return false;
  };
}

function podContainer(pod: KubeObject, requested: string): string {
  const spec = (pod.spec ?? {}) as PodSpec;
  const name = pod.metadata.name!;
  const containers = (spec.containers ?? []).map((c) => c.name);
  const inits = (spec.initContainers ?? []).map((c) => c.name);
  const ephemeral = (spec.ephemeralContainers ?? []).map((c) => c.name);
  if (!requested) {
    if (containers.length === 1) return containers[0]!;
    const def = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
    if (def && containers.includes(def)) return def;
    let msg = `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`;
    if (inits.length) msg += ` or one of the init containers: [${inits.join(' ')}]`;
    if (ephemeral.length) msg += ` or one of the ephemeral containers: [${ephemeral.join(' ')}]`;
    throw statusErrors.badRequest(msg);
  }
  if (![...containers, ...inits, ...ephemeral].includes(requested)) throw statusErrors.badRequest(`container ${requested} is not valid for pod ${name}`);
  return requested;
}

async function kubeletAddress(s: Scope, nodeName: string, cfg: KubeletClientConfig): Promise<{ host: string; port: number }> {
  const nodes = s.env.storeFor('', 'nodes');
  if (!nodes) throw statusErrors.internal('no node store');
  let node: KubeObject;
  try {
    node = await nodes.get(requestContext(s, { namespace: '', subresource: '' }), nodeName);
  } catch (e) {
    if (e instanceof StatusError && e.status.code === 404) throw statusErrors.notFound({ group: '', resource: 'nodes' }, nodeName);
    throw e;
  }
  const st = (node.status ?? {}) as { addresses?: Array<{ type: string; address: string }>; daemonEndpoints?: { kubeletEndpoint?: { Port?: number } } };
  const addrs = st.addresses ?? [];
  const pick = ['InternalIP', 'Hostname', 'ExternalIP', 'InternalDNS', 'ExternalDNS'].map((t) => addrs.find((a) => a.type === t)?.address).find(Boolean);
  if (!pick) throw statusErrors.badRequest(`no preferred addresses found; known addresses: [${addrs.map((a) => `{${a.type} ${a.address}}`).join(' ')}]`);
  const port = st.daemonEndpoints?.kubeletEndpoint?.Port || cfg.defaultPort || 10250;
  return { host: pick, port };
}

function tlsOptions(cfg: KubeletClientConfig, insecure = false): RequestOptions {
  return { cert: cfg.cert, key: cfg.key, ...(cfg.ca && !insecure ? { ca: cfg.ca, rejectUnauthorized: true, checkServerIdentity: () => undefined } : { rejectUnauthorized: false }) };
}

const REASONS: Record<number, StatusReason> = { 400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict', 500: 'InternalError', 503: 'ServiceUnavailable', 504: 'Timeout' };

async function servePod(s: Scope, cfg: KubeletClientConfig, host: ConnectHost): Promise<void> {
  const sub = s.info.subresource;
  const upgrade = upgrades.get(s.req);
  const isUpgrade = upgrade !== undefined && sub !== 'log';
  if (sub !== 'log' && s.info.verb === 'get' && isUpgrade) {
    // AuthorizePodWebsocketUpgradeCreatePermission (on by default since 1.31): a WebSocket GET to a
    // connect subresource also needs `create`, like the POST it replaces.
    const a: AuthzAttributes = { user: s.user, verb: 'create', resourceRequest: true, apiGroup: '', resource: 'pods', subresource: sub, namespace: s.info.namespace, name: s.info.name, path: s.info.path };
    if (!host.authorizeAttrs(a)) throw statusErrors.forbidden({ group: '', resource: `pods/${sub}` }, s.info.name, forbiddenMessage(a));
  }
  if (sub === 'log' && s.info.verb !== 'get') throw statusErrors.methodNotSupported({ group: '', resource: 'pods/log' }, s.info.verb);
  const pod = await s.store.get(requestContext(s, { subresource: '' }), s.info.name);
  const nodeName = ((pod.spec ?? {}) as PodSpec).nodeName;
  const q = s.query;
  let container = '';
  if (sub !== 'portforward') container = podContainer(pod, q.get('container') ?? '');
  if (!nodeName) throw statusErrors.badRequest(`pod ${s.info.name} does not have a host assigned`);
  const { host: addr, port } = await kubeletAddress(s, nodeName, cfg);
  const ns = encodeURIComponent(s.info.namespace);
  const name = encodeURIComponent(s.info.name);
  const params = new URLSearchParams(q);
  params.delete('container');
  const qs = params.toString() ? `?${params.toString()}` : '';
  const paths: Record<string, string> = {
    log: `/containerLogs/${ns}/${name}/${encodeURIComponent(container)}${qs}`,
    exec: `/exec/${ns}/${name}/${encodeURIComponent(container)}${qs}`,
    attach: `/attach/${ns}/${name}/${encodeURIComponent(container)}${qs}`,
    portforward: `/portForward/${ns}/${name}${qs}`,
  };
  const target = { host: addr, port, path: paths[sub]! };
  if (sub === 'log') return proxyLogs(s, cfg, target, q.get('insecureSkipTLSVerifyBackend') === 'true');
  if (!upgrade) throw statusErrors.badRequest('Upgrade request required');
  return proxyUpgrade(s, cfg, target, upgrade);
}

function unreachable(target: { host: string; port: number }, e: Error): StatusError {
  return new StatusError(502, 'InternalError', `error dialing backend: ${e.message}`, { causes: [{ message: `dial tcp ${target.host}:${target.port}: ${e.message}` }] });
}

async function proxyLogs(s: Scope, cfg: KubeletClientConfig, target: { host: string; port: number; path: string }, insecure: boolean): Promise<void> {
  const ac = new AbortController();
  s.signal.addEventListener('abort', () => ac.abort(), { once: true });
  const upstream = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpsRequest({ ...tlsOptions(cfg, insecure), host: target.host, port: target.port, path: target.path, method: 'GET', signal: ac.signal }, resolve);
    req.on('error', (e) => reject(unreachable(target, e)));
    req.end();
  });
  if (upstream.statusCode !== 200) {
    const body = await readBody(upstream);
    const code = upstream.statusCode ?? 500;
    throw new StatusError(code, REASONS[code] ?? 'InternalError', body.trim() || `the kubelet answered ${code}`);
  }
  s.res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  s.res.flushHeaders();
  await new Promise<void>((resolve) => {
    upstream.pipe(s.res);
    upstream.on('end', resolve);
    upstream.on('error', () => resolve());
    s.res.on('close', () => {
      ac.abort();
      upstream.destroy();
      resolve();
    });
  });
  if (!s.res.writableEnded) s.res.end();
}

function readBody(r: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    r.on('data', (d: Buffer) => parts.push(d));
    r.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    r.on('error', () => resolve(Buffer.concat(parts).toString('utf8')));
  });
}

const HOP_HEADERS = new Set(['host', 'authorization', 'content-length', 'transfer-encoding', 'keep-alive', 'proxy-connection']);

async function proxyUpgrade(s: Scope, cfg: KubeletClientConfig, target: { host: string; port: number; path: string }, up: PendingUpgrade): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  const raw = s.req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const k = raw[i]!;
    const lk = k.toLowerCase();
    if (HOP_HEADERS.has(lk) || lk.startsWith('impersonate-')) continue;
    const prev = headers[k];
    headers[k] = prev === undefined ? raw[i + 1]! : ([] as string[]).concat(prev, raw[i + 1]!);
  }
  headers['Host'] = `${target.host}:${target.port}`;
  const req = httpsRequest({ ...tlsOptions(cfg), host: target.host, port: target.port, path: target.path, method: s.req.method ?? 'GET', headers });
  const result = await new Promise<{ kind: 'upgrade'; res: IncomingMessage; socket: Duplex; head: Buffer } | { kind: 'response'; res: IncomingMessage }>((resolve, reject) => {
    req.on('upgrade', (res, socket, head) => resolve({ kind: 'upgrade', res, socket, head }));
    req.on('response', (res) => resolve({ kind: 'response', res }));
    req.on('error', (e) => reject(unreachable(target, e)));
    req.end();
  });
  const client = up.socket;
  if (result.kind === 'response') {
    // Pass the kubelet's refusal through as it is (kubectl prints "unable to upgrade connection: <body>").
    const body = await readBody(result.res);
    const code = result.res.statusCode ?? 500;
    s.res.writeHead(code, { 'Content-Type': String(result.res.headers['content-type'] ?? 'text/plain; charset=utf-8'), 'Content-Length': Buffer.byteLength(body) });
    s.res.end(body);
    return;
  }
  const { res, socket: backend, head } = result;
  // The raw 101 answer, then the two sockets joined.
  const lines = [`HTTP/1.1 ${res.statusCode} ${res.statusMessage ?? 'Switching Protocols'}`];
  for (let i = 0; i < res.rawHeaders.length; i += 2) lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
  s.res.detachSocket(client as Socket);
  client.write(lines.join('\r\n') + '\r\n\r\n');
  if (head.length) client.write(head);
  if (up.head.length) backend.write(up.head);
  backend.on('error', () => client.destroy());
  client.on('error', () => backend.destroy());
  client.pipe(backend);
  backend.pipe(client);
  await new Promise<void>((resolve) => {
    let n = 0;
    const done = () => {
      if (++n === 2) resolve();
    };
    client.once('close', () => {
      backend.destroy();
      done();
    });
    backend.once('close', () => {
      client.end();
      setTimeout(() => client.destroy(), 1000).unref();
      done();
    });
  });
}

async function serveNodeProxy(s: Scope, cfg: KubeletClientConfig): Promise<void> {
  if (upgrades.has(s.req)) throw statusErrors.badRequest('upgrades through nodes/proxy are not supported by kts');
  const { host, port } = await kubeletAddress(s, s.info.name, cfg);
  const url = new URL(s.req.url ?? '/', 'https://kts');
  const path = '/' + (s.info.rest ?? []).map(encodeURIComponent).join('/') + url.search;
  const upstream = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpsRequest({ ...tlsOptions(cfg), host, port, path, method: s.req.method ?? 'GET', headers: { accept: s.req.headers.accept ?? '*/*' } }, resolve);
    req.on('error', (e) => reject(unreachable({ host, port }, e)));
    s.req.pipe(req);
  });
  const h: Record<string, string> = {};
  for (const k of ['content-type', 'content-length']) if (upstream.headers[k]) h[k] = String(upstream.headers[k]);
  s.res.writeHead(upstream.statusCode ?? 502, h);
  await new Promise<void>((resolve) => {
    upstream.pipe(s.res as ServerResponse);
    upstream.on('end', resolve);
    upstream.on('error', () => resolve());
    s.res.on('close', () => resolve());
  });
}
