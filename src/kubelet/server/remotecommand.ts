// exec and attach: the client side (WebSocket v5/v4 channels, or SPDY with one stream per channel) is
// relayed to the container runtime's streaming server, which we reach as a SPDY client speaking
// v4.channel.k8s.io (SPDY keeps stdin's half-close, which the runtime's WebSocket side cannot do).
// The runtime writes the final metav1.Status (with NonZeroExitCode and the exit code) on the error
// stream; we pass it on unchanged.

import type { Readable } from 'node:stream';
import type { WebSocket } from 'ws';
import { SpdyConnection, type SpdyStream } from '../../machinery/spdy/connection.js';
import { dialSpdy } from '../../machinery/spdy/upgrade.js';
import { Channel, decodeChannelMessage, encodeChannelMessage } from '../../machinery/wsstream/channel.js';

export const STREAM_TYPE = 'streamType';
export type StreamKind = 'error' | 'stdin' | 'stdout' | 'stderr' | 'resize';

export interface StreamWants {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** Which streams a remote command session has (upstream: stderr goes to stdout under a TTY). */
export function expectedStreams(w: StreamWants): StreamKind[] {
  const out: StreamKind[] = ['error'];
  if (w.stdin) out.push('stdin');
  if (w.stdout) out.push('stdout');
  if (w.stderr && !w.tty) out.push('stderr');
  if (w.tty) out.push('resize');
  return out;
}

/** From exec/attach query parameters ("true" from clients, "1" from the API server; absent = false). */
export function streamWants(q: URLSearchParams): StreamWants {
  const flag = (n: string, def: boolean) => {
    const v = q.get(n) ?? q.get(n.charAt(0).toUpperCase() + n.slice(1));
    if (v === null) return def;
    return v === 'true' || v === '1';
  };
  return { stdin: flag('stdin', false), stdout: flag('stdout', false), stderr: flag('stderr', false), tty: flag('tty', false) };
}

export const BACKEND_PROTOCOL = 'v4.channel.k8s.io';

export interface Backend {
  conn: SpdyConnection;
  streams: Partial<Record<StreamKind, SpdyStream>>;
}

/** Connects to the runtime's streaming URL and opens the session's streams there. */
export async function dialBackend(url: string, wants: StreamWants, signal?: AbortSignal): Promise<Backend> {
  const { conn } = await dialSpdy({ url, protocols: [BACKEND_PROTOCOL], ...(signal ? { signal } : {}) });
  const streams: Partial<Record<StreamKind, SpdyStream>> = {};
  for (const kind of expectedStreams(wants)) {
    const s = conn.openStream({ [STREAM_TYPE]: kind });
    s.on('error', () => {});
    streams[kind] = s;
  }
  // The runtime never writes to these; end our side of the error stream like client-go does.
  streams.error!.end();
  return { conn, streams };
}

function ended(r: Readable | undefined): Promise<void> {
  if (!r || r.readableEnded || r.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    r.once('end', resolve);
    r.once('close', resolve);
  });
}

function collect(r: Readable | undefined): Promise<Buffer> {
  if (!r) return Promise.resolve(Buffer.alloc(0));
  const parts: Buffer[] = [];
  r.on('data', (d: Buffer) => parts.push(d));
  return ended(r).then(() => Buffer.concat(parts));
}

/** Relays a WebSocket (v5 or v4 channel protocol) client to the backend session. */
export function relayWebSocket(ws: WebSocket, backend: Backend, o: { v5: boolean }): Promise<void> {
  const b = backend.streams;
  let closed = false;
  const send = (channel: number, data: Buffer) => {
    if (!closed && ws.readyState === ws.OPEN) ws.send(encodeChannelMessage(channel, data));
  };
  const pump = (r: SpdyStream | undefined, channel: number) => {
    if (!r) return;
    r.on('data', (d: Buffer) => {
      send(channel, d);
      if (ws.bufferedAmount > 1 << 20) {
        r.pause();
        const t = setInterval(() => {
          if (closed || ws.bufferedAmount < 1 << 18) {
            clearInterval(t);
            r.resume();
          }
        }, 10);
      }
    });
  };
  pump(b.stdout, Channel.stdout);
  pump(b.stderr, Channel.stderr);
  const status = collect(b.error);
  ws.on('message', (raw: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
    const buf = Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
    if (!isBinary && !buf.length) return;
    const m = decodeChannelMessage(buf);
    if (!m) return;
    if (m.channel === Channel.stdin) b.stdin?.write(m.data);
    else if (m.channel === Channel.resize) b.resize?.write(m.data);
    else if (m.channel === Channel.close && o.v5 && m.data[0] === Channel.stdin) b.stdin?.end();
  });
  ws.on('error', () => {});
  const clientGone = new Promise<void>((r) => ws.once('close', () => r()));
  void clientGone.then(() => {
    closed = true;
    backend.conn.destroy();
  });
  return (async () => {
    await Promise.race([Promise.all([ended(b.stdout), ended(b.stderr), ended(b.error)]), backend.conn.closed.then(() => Promise.all([ended(b.stdout), ended(b.stderr)]))]);
    const st = await status;
    if (st.length) send(Channel.error, st);
    backend.conn.close();
    if (!closed && ws.readyState === ws.OPEN) ws.close(1000);
    await Promise.race([clientGone, new Promise((r) => setTimeout(r, 5000))]);
    if (!closed) ws.terminate();
  })();
}

/** Waits for the client to open the expected SPDY streams (like upstream, with a timeout). */
export function waitForStreams(conn: SpdyConnection, kinds: StreamKind[], timeoutMs = 30_000): Promise<Partial<Record<StreamKind, SpdyStream>>> {
  return new Promise((resolve, reject) => {
    const got: Partial<Record<StreamKind, SpdyStream>> = {};
    const t = setTimeout(() => {
      conn.off('stream', onStream);
      reject(new Error(`timed out waiting for client to create streams (have ${Object.keys(got).join(',') || 'none'}, want ${kinds.join(',')})`));
    }, timeoutMs);
    const onStream = (s: SpdyStream) => {
      s.on('error', () => {});
      const kind = s.header(STREAM_TYPE) as StreamKind | undefined;
      if (!kind || !kinds.includes(kind)) {
        s.reset();
        return;
      }
      got[kind] = s;
      if (kinds.every((k) => got[k])) {
        clearTimeout(t);
        conn.off('stream', onStream);
        resolve(got);
      }
    };
    conn.on('stream', onStream);
    void conn.closed.then(() => {
      clearTimeout(t);
      reject(new Error('connection closed before all streams were created'));
    });
  });
}

/** Relays a SPDY client (kubectl's fallback) to the backend session, stream by stream. */
export async function relaySpdy(front: SpdyConnection, f: Partial<Record<StreamKind, SpdyStream>>, backend: Backend): Promise<void> {
  const b = backend.streams;
  if (f.stdin && b.stdin) f.stdin.pipe(b.stdin);
  if (f.resize && b.resize) f.resize.pipe(b.resize);
  if (b.stdout && f.stdout) b.stdout.pipe(f.stdout);
  if (b.stderr && f.stderr) b.stderr.pipe(f.stderr);
  if (b.error && f.error) b.error.pipe(f.error);
  void front.closed.then(() => backend.conn.destroy());
  await Promise.race([Promise.all([ended(b.stdout), ended(b.stderr), ended(b.error)]), backend.conn.closed]);
  await Promise.all([ended(b.stdout), ended(b.stderr)]);
  // Let the piped data and FINs reach the client before the session goes.
  await new Promise((r) => setImmediate(r));
  for (const s of Object.values(f)) if (s && !s.writableEnded) s.end();
  backend.conn.close();
  setTimeout(() => front.close(), 100).unref();
}
