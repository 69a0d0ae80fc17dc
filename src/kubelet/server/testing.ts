// Test doubles for the kubelet server (only tests import this file): a stand-in for a container
// runtime's CRI streaming server (SPDY, v4.channel.k8s.io and portforward.k8s.io, like containerd's)
// that runs a few canned commands, a runtime whose exec/attach/portForward/containerStatus point at it,
// and a KubeletHost over a fixed list of pods.

import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { WebSocket, createWebSocketStream } from 'ws';
import { SpdyConnection } from '../../machinery/spdy/connection.js';
import { PORT_FORWARD_TUNNEL_PROTOCOL } from '../../machinery/wsstream/channel.js';
import type { KubeObject } from '../../api/types.js';
import type { ContainerStats, ContainerStatusResponse, ExecRequest, AttachRequest, PortForwardRequest, Runtime, StreamingResponse } from '../cri/types.js';
import { RuntimeError, GrpcCode } from '../cri/types.js';
import { acceptSpdyUpgrade, rejectUpgrade } from '../../machinery/spdy/upgrade.js';
import type { SpdyStream } from '../../machinery/spdy/connection.js';
import { expectedStreams, waitForStreams, STREAM_TYPE } from './remotecommand.js';
import type { ContainerRef, KubeletHost } from './host.js';

type Session = { kind: 'exec'; req: ExecRequest } | { kind: 'attach'; req: AttachRequest } | { kind: 'portforward'; req: PortForwardRequest };

const SUCCESS = JSON.stringify({ metadata: {}, status: 'Success' });
function exitStatus(cmd: string[], code: number): string {
  return JSON.stringify({
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${cmd.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  });
}

export interface FakeStreamingServer {
  url: string;
  register(s: Session): string;
  close(): Promise<void>;
}

/** Commands: hostname, echo ARGS, cat (stdin to stdout until stdin closes), sh -c 'exit N'. */
export async function startFakeStreamingServer(o: { hostname?: string } = {}): Promise<FakeStreamingServer> {
  const sessions = new Map<string, Session>();
  const server: Server = createServer((_req, res) => {
    res.writeHead(400);
    res.end('Upgrade request required');
  });
  const sockets = new Set<import('node:stream').Duplex>();
  server.on('upgrade', (req, socket, head) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const token = (req.url ?? '').split('/').pop() ?? '';
    const session = sessions.get(token);
    if (!session) return rejectUpgrade(socket, 404, 'unknown token');
    sessions.delete(token);
    if (session.kind === 'portforward') {
      const { conn } = acceptSpdyUpgrade(req, socket, head, ['portforward.k8s.io']);
      const pairs = new Map<string, { error?: SpdyStream; data?: SpdyStream }>();
      conn.on('stream', (s) => {
        s.on('error', () => {});
        const id = s.header('requestID') ?? '';
        const p = pairs.get(id) ?? {};
        pairs.set(id, p);
        p[s.header(STREAM_TYPE) === 'error' ? 'error' : 'data'] = s;
        if (!p.error || !p.data) return;
        const port = Number(p.data.header('port'));
        const data = p.data;
        const err = p.error;
        const sock = connect(port, '127.0.0.1');
        sock.on('error', (e: Error) => {
          err.end(`error forwarding port ${port} to pod: ${e.message}`);
          data.end();
        });
        sock.on('connect', () => {
          data.pipe(sock);
          sock.pipe(data);
          sock.on('close', () => err.end());
        });
      });
      return;
    }
    const { conn } = acceptSpdyUpgrade(req, socket, head, ['v4.channel.k8s.io']);
    const r = session.req;
    const wants = { stdin: r.stdin, stdout: r.stdout, stderr: r.stderr || false, tty: r.tty };
    void waitForStreams(conn, expectedStreams(wants), 5000).then(async (st) => {
      const out = st.stdout;
      const finish = (status: string) => {
        out?.end();
        st.stderr?.end();
        st.error!.end(status);
        setTimeout(() => conn.close(), 20);
      };
      const cmd = session.kind === 'exec' ? session.req.cmd : ['cat'];
      const [bin, ...args] = cmd;
      if (bin === 'hostname') {
        out?.write(`${o.hostname ?? 'fake-host'}\n`);
        finish(SUCCESS);
      } else if (bin === 'echo') {
        out?.write(`${args.join(' ')}\n`);
        finish(SUCCESS);
      } else if (bin === 'cat') {
        if (!st.stdin) return finish(SUCCESS);
        st.stdin.on('data', (d: Buffer) => out?.write(d));
        st.stdin.on('end', () => finish(SUCCESS));
      } else if (bin === 'sh' && args[0] === '-c' && /^exit \d+$/.test(args[1] ?? '')) {
        const code = Number(args[1]!.slice(5));
        st.stderr?.write(`exiting with ${code}\n`);
        finish(code === 0 ? SUCCESS : exitStatus(cmd, code));
      } else {
        finish(JSON.stringify({ metadata: {}, status: 'Failure', message: `exec: "${bin}": executable file not found in $PATH`, reason: 'InternalError' }));
      }
    }, () => conn.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    register(s) {
      const token = randomUUID();
      sessions.set(token, s);
      return `${url}/${s.kind}/${token}`;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export interface FakeContainer {
  namespace: string;
  pod: string;
  podUid: string;
  name: string;
  id: string;
  sandboxId: string;
  logPath: string;
  running: boolean;
  previousId?: string;
}

/** A runtime with just what the kubelet server uses; every other method rejects. */
export function streamingRuntime(streaming: FakeStreamingServer, containers: FakeContainer[], stats: ContainerStats[] = []): Runtime {
  const byId = (id: string) => containers.find((c) => c.id === id) ?? containers.find((c) => c.previousId === id);
  const impl = {
    exec: async (req: ExecRequest): Promise<StreamingResponse> => ({ url: streaming.register({ kind: 'exec', req }) }),
    attach: async (req: AttachRequest): Promise<StreamingResponse> => ({ url: streaming.register({ kind: 'attach', req }) }),
    portForward: async (req: PortForwardRequest): Promise<StreamingResponse> => ({ url: streaming.register({ kind: 'portforward', req }) }),
    containerStatus: async (id: string): Promise<ContainerStatusResponse> => {
      const c = byId(id);
      if (!c) throw new RuntimeError(GrpcCode.NotFound, `container "${id}" not found`);
      const running = c.id === id && c.running;
      return {
        status: {
          id, metadata: { name: c.name, attempt: 0 }, state: running ? 'CONTAINER_RUNNING' : 'CONTAINER_EXITED', createdAt: 0, startedAt: 0, finishedAt: 0, exitCode: 0,
          image: { image: 'busybox' }, imageRef: 'busybox', reason: '', message: '', labels: {}, annotations: {}, mounts: [],
          logPath: c.id === id ? c.logPath : `${c.logPath}.previous`,
        },
        info: {},
      };
    },
    listContainerStats: async (): Promise<ContainerStats[]> => stats,
    close: () => {},
  };
  return new Proxy(impl, {
    get(target, prop) {
      if (prop in target) return target[prop as keyof typeof target];
      return () => Promise.reject(new Error(`${String(prop)} is not implemented by the streaming test runtime`));
    },
  }) as unknown as Runtime;
}

export function fakeHost(runtime: Runtime, containers: FakeContainer[], pods: KubeObject[] = []): KubeletHost {
  return {
    runtime,
    findContainer(namespace, podName, containerName, opts): ContainerRef | undefined {
      const c = containers.find((x) => x.namespace === namespace && x.pod === podName && (!containerName || x.name === containerName));
      if (!c) return undefined;
      if (opts?.previous && !c.previousId) return undefined;
      return { podUid: c.podUid, podName, namespace, containerName: c.name, containerId: opts?.previous ? c.previousId! : c.id, sandboxId: c.sandboxId };
    },
    findSandbox(namespace, podName) {
      const c = containers.find((x) => x.namespace === namespace && x.pod === podName);
      return c ? { podUid: c.podUid, sandboxId: c.sandboxId, podIP: '127.0.0.1' } : undefined;
    },
    pods: () => pods,
  };
}

/**
 * Client side of kubectl's port-forward tunnel (SPDY inside WebSocket, subprotocol
 * "SPDY/3.1+portforward.k8s.io"). The ws client refuses that subprotocol name (not an RFC 6455 token),
 * so the handshake is done here and the socket handed to a ws WebSocket in client (masking) mode.
 */
export function dialPortForwardTunnel(url: string, tls: { ca: string; cert: string; key: string }): Promise<{ conn: SpdyConnection; protocol: string; ws: WebSocket }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, {
      ...tls,
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': randomBytes(16).toString('base64'), 'Sec-WebSocket-Protocol': PORT_FORWARD_TUNNEL_PROTOCOL },
    });
    req.on('upgrade', (res, socket, head) => {
      const ws = new WebSocket(null as unknown as string, undefined, {});
      const internal = ws as unknown as { _isServer: boolean; setSocket(s: unknown, h: Buffer, o: { maxPayload: number }): void };
      internal._isServer = false;
      internal.setSocket(socket, head, { maxPayload: 64 << 20 });
      const duplex = createWebSocketStream(ws);
      duplex.on('error', () => {});
      resolve({ conn: new SpdyConnection(duplex, { server: false }), protocol: String(res.headers['sec-websocket-protocol'] ?? ''), ws });
    });
    req.on('response', (res) => reject(new Error(`tunnel upgrade refused: ${res.statusCode}`)));
    req.on('error', reject);
    req.end();
  });
}
