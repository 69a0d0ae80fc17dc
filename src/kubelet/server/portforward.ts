// port-forward: kubectl speaks SPDY (plain, or tunnelled in WebSocket messages) and opens, per forwarded
// connection, an `error` and a `data` stream carrying the headers `port` and `requestID`. We open the
// same pair on a SPDY session to the runtime's streaming server (protocol portforward.k8s.io), which
// connects to the port inside the pod's network namespace, and relay the bytes.

import { SpdyConnection, type SpdyStream } from '../../machinery/spdy/connection.js';
import { dialSpdy } from '../../machinery/spdy/upgrade.js';
import { STREAM_TYPE } from './remotecommand.js';

export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';

interface Pair {
  error?: SpdyStream;
  data?: SpdyStream;
  started?: boolean;
}

/** Serves one client port-forward session until either side closes. */
export async function relayPortForward(front: SpdyConnection, backendUrl: () => Promise<string>): Promise<void> {
  let backend: Promise<SpdyConnection> | undefined;
  const getBackend = () => {
    backend ??= backendUrl().then(async (url) => {
      const { conn } = await dialSpdy({ url, protocols: [PORT_FORWARD_PROTOCOL] });
      void conn.closed.then(() => front.close());
      return conn;
    });
    return backend;
  };
  const pairs = new Map<string, Pair>();
  const start = async (id: string, p: Pair) => {
    p.started = true;
    const fe = p.error!;
    const fd = p.data!;
    const port = fd.header('port') ?? '';
    let conn: SpdyConnection;
    try {
      conn = await getBackend();
    } catch (e) {
      fe.end(`error forwarding port ${port}: ${(e as Error).message}`);
      fd.end();
      pairs.delete(id);
      return;
    }
    if (conn.isClosed || conn.goneAway) {
      fe.end(`error forwarding port ${port}: the runtime's streaming connection is closed`);
      fd.end();
      return;
    }
    const be = conn.openStream({ [STREAM_TYPE]: 'error', port, requestID: id });
    const bd = conn.openStream({ [STREAM_TYPE]: 'data', port, requestID: id });
    for (const s of [be, bd]) s.on('error', () => {});
    be.end();
    be.pipe(fe);
    fd.pipe(bd);
    bd.pipe(fd);
    const cleanup = () => pairs.delete(id);
    fd.once('close', cleanup);
    fd.once('reset', () => bd.reset());
    bd.once('reset', () => fd.reset());
  };
  front.on('stream', (s) => {
    s.on('error', () => {});
    const kind = s.header(STREAM_TYPE);
    const id = s.header('requestID') ?? '';
    if ((kind !== 'error' && kind !== 'data') || !s.header('port')) {
      s.reset();
      return;
    }
    let p = pairs.get(id);
    if (!p) pairs.set(id, (p = {}));
    p[kind] = s;
    if (p.error && p.data && !p.started) void start(id, p);
  });
  await front.closed;
  if (backend) (await backend.catch(() => undefined))?.close();
}
