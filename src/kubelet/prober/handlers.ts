// The probe handlers: exec (through the runtime's ExecSync), httpGet, tcpSocket and grpc, answering
// success / failure / unknown with the output upstream puts into the Unhealthy event.

import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { KubeObject } from '../../api/types.js';
import { KUBE_MAJOR_MINOR } from '../../machinery/version.js';
import { GrpcCode, RuntimeError, type Runtime } from '../cri/types.js';

export type ProbeResult = 'success' | 'failure' | 'unknown';
export interface ProbeOutcome { result: ProbeResult; output: string }

export interface ProbeSpec {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port: number | string; host?: string; scheme?: string; httpHeaders?: Array<{ name: string; value: string }> };
  tcpSocket?: { port: number | string; host?: string };
  grpc?: { port: number; service?: string };
  initialDelaySeconds?: number;
  timeoutSeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  terminationGracePeriodSeconds?: number;
}

export interface ProbeTarget { runtime: Runtime; containerId: string; podIP: string; container: KubeObject }

export const USER_AGENT = `kube-probe/${KUBE_MAJOR_MINOR}`;
const MAX_BODY = 10 * 1024;
const MAX_REDIRECTS = 10;

/** A port number, or a named container port. */
export function resolvePort(port: number | string, container: KubeObject): number {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  const ports = (container.ports ?? []) as Array<{ name?: string; containerPort: number }>;
  const p = ports.find((x) => x.name === port);
  if (!p) throw new Error(`couldn't find port: ${port} in ${String(container.name ?? '')}`);
  return p.containerPort;
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Go-style text for a socket error ("connect: connection refused"). */
function dialError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'connect: connection refused';
    case 'EHOSTUNREACH':
      return 'connect: no route to host';
    case 'ENETUNREACH':
      return 'connect: network is unreachable';
    case 'ECONNRESET':
      return 'read: connection reset by peer';
    default:
      return err.message;
  }
}

export async function execProbe(spec: NonNullable<ProbeSpec['exec']>, t: ProbeTarget, timeoutSeconds: number): Promise<ProbeOutcome> {
  const cmd = spec.command ?? [];
  try {
    const r = await t.runtime.execSync(t.containerId, cmd, timeoutSeconds);
    const output = Buffer.concat([r.stdout, r.stderr]).toString('utf8');
    return r.exitCode === 0 ? { result: 'success', output } : { result: 'failure', output };
  } catch (err) {
    if (err instanceof RuntimeError && err.code === GrpcCode.DeadlineExceeded) return { result: 'failure', output: `command ${JSON.stringify(cmd.join(' '))} timed out` };
    return { result: 'unknown', output: (err as Error).message };
  }
}

export function tcpProbe(spec: NonNullable<ProbeSpec['tcpSocket']>, t: ProbeTarget, timeoutSeconds: number): Promise<ProbeOutcome> {
  let port: number;
  try {
    port = resolvePort(spec.port, t.container);
  } catch (err) {
    return Promise.resolve({ result: 'unknown', output: (err as Error).message });
  }
  const host = spec.host || t.podIP;
  const addr = hostPort(host, port);
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const timer = setTimeout(() => {
      sock.destroy();
      resolve({ result: 'failure', output: `dial tcp ${addr}: i/o timeout` });
    }, timeoutSeconds * 1000);
    sock.once('connect', () => {
      clearTimeout(timer);
      sock.destroy();
      resolve({ result: 'success', output: '' });
    });
    sock.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ result: 'failure', output: `dial tcp ${addr}: ${dialError(err)}` });
    });
  });
}

interface HttpAnswer { status: number; body: string; location?: string }

function httpRequest(url: URL, headers: Record<string, string>, deadline: number): Promise<HttpAnswer> {
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const left = Math.max(1, deadline - Date.now());
    const req = mod.request(url, { method: 'GET', headers, rejectUnauthorized: false, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < MAX_BODY) chunks.push(c);
        size += c.length;
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).subarray(0, MAX_BODY).toString('utf8'), ...(res.headers.location ? { location: res.headers.location } : {}) });
      });
      res.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    const timer = setTimeout(() => {
      req.destroy(Object.assign(new Error('context deadline exceeded (Client.Timeout exceeded while awaiting headers)'), { code: 'KTS_TIMEOUT' }));
    }, left);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end();
  });
}

export async function httpProbe(spec: NonNullable<ProbeSpec['httpGet']>, t: ProbeTarget, timeoutSeconds: number): Promise<ProbeOutcome> {
  let port: number;
  try {
    port = resolvePort(spec.port, t.container);
  } catch (err) {
    return { result: 'unknown', output: (err as Error).message };
  }
  const scheme = (spec.scheme ?? 'HTTP').toLowerCase();
  const host = spec.host || t.podIP;
  let path = spec.path ?? '/';
  if (!path.startsWith('/')) path = '/' + path;
  let url = new URL(`${scheme}://${hostPort(host, port)}${path}`);
  const headers: Record<string, string> = { 'User-Agent': USER_AGENT, Accept: '*/*' };
  for (const h of spec.httpHeaders ?? []) {
    const existing = Object.keys(headers).find((k) => k.toLowerCase() === h.name.toLowerCase());
    if (existing) delete headers[existing];
    headers[h.name] = h.value;
  }
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (let redirects = 0; ; redirects++) {
    let ans: HttpAnswer;
    try {
      ans = await httpRequest(url, headers, deadline);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const what = e.code === 'KTS_TIMEOUT' ? e.message : `dial tcp ${url.host}: ${dialError(e)}`;
      return { result: 'failure', output: `Get "${url.href}": ${what}` };
    }
    if (ans.status >= 300 && ans.status < 400 && ans.location) {
      const next = new URL(ans.location, url);
      // Redirects to another host are not followed: the probe counts as passed (upstream's warning).
      if (next.hostname !== url.hostname) return { result: 'success', output: `Probe terminated redirects, Response body: ${ans.body}` };
      if (redirects >= MAX_REDIRECTS) return { result: 'failure', output: `Get "${next.href}": stopped after 10 redirects` };
      url = next;
      continue;
    }
    if (ans.status >= 200 && ans.status < 400) return { result: 'success', output: ans.body };
    return { result: 'failure', output: `HTTP probe failed with statuscode: ${ans.status}` };
  }
}

export async function runProbe(spec: ProbeSpec, t: ProbeTarget): Promise<ProbeOutcome> {
  const timeout = spec.timeoutSeconds ?? 1;
  if (spec.exec) return execProbe(spec.exec, t, timeout);
  if (spec.httpGet) return httpProbe(spec.httpGet, t, timeout);
  if (spec.tcpSocket) return tcpProbe(spec.tcpSocket, t, timeout);
  if (spec.grpc) return { result: 'unknown', output: 'gRPC probes are not implemented in kts' };
  return { result: 'unknown', output: 'missing probe handler' };
}
