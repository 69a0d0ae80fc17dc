// A SPDY/3.1 session over any byte stream (a TCP/TLS socket after an HTTP upgrade, or a WebSocket),
// in either role. Streams are Node Duplexes: what the peer sends on a stream is readable (ending at its
// FIN), what we write goes out as DATA frames, and end() sends our FIN — the half-close that Kubernetes'
// remote command and port-forward protocols rely on. Like Kubernetes' own SPDY library (moby/spdystream)
// it does no flow control: WINDOW_UPDATE and SETTINGS are read and ignored. Incoming streams are accepted
// with a SYN_REPLY at once.

import { EventEmitter } from 'node:events';
import { Duplex } from 'node:stream';
import {
  controlFrame, dataFrame, FLAG_FIN, FrameParser, FrameType, HeaderCompressor, HeaderDecompressor, RstStatus, u32,
  type Frame, type SpdyHeaders,
} from './frames.js';

const CHUNK = 32 * 1024;

export class SpdyStream extends Duplex {
  /** Headers of the SYN_STREAM (ours for streams we opened, the peer's for the others). */
  readonly headers: SpdyHeaders;
  remoteClosed = false;
  localClosed = false;
  wasReset = false;
  /** Resolves when the stream can carry data (the SYN_REPLY arrived, for streams we opened). */
  readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor(private readonly conn: SpdyConnection, readonly id: number, headers: SpdyHeaders, replied: boolean) {
    super({ allowHalfOpen: true });
    this.headers = headers;
    this.ready = new Promise<void>((r) => (this.markReady = r));
    if (replied) this.markReady();
  }

  /** A header of the SYN_STREAM, case-insensitively. */
  header(name: string): string | undefined {
    return this.headers[name.toLowerCase()];
  }

  override _read(): void {}

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.ready.then(async () => {
      if (this.wasReset || this.localClosed) return cb();
      for (let off = 0; off < chunk.length; off += CHUNK) {
        const ok = this.conn.send(dataFrame(this.id, 0, chunk.subarray(off, off + CHUNK)));
        if (!ok) await this.conn.drained();
      }
      cb();
    }, cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.ready.then(() => {
      if (!this.wasReset && !this.localClosed) {
        this.localClosed = true;
        this.conn.send(dataFrame(this.id, FLAG_FIN, Buffer.alloc(0)));
        this.conn.maybeForget(this);
      }
      cb();
    }, cb);
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    if (!this.wasReset && !(this.localClosed && this.remoteClosed)) this.sendReset(RstStatus.Cancel);
    this.markReady();
    cb(err);
  }

  /** Aborts the stream in both directions (RST_STREAM). */
  reset(status: number = RstStatus.Cancel): void {
    this.sendReset(status);
    this.destroy();
  }

  private sendReset(status: number): void {
    if (this.wasReset) return;
    this.wasReset = true;
    this.conn.send(controlFrame(FrameType.RstStream, 0, u32(this.id, status)));
    this.conn.forget(this);
    if (!this.remoteClosed) {
      this.remoteClosed = true;
      this.push(null);
    }
  }

  /** @internal */ onReply(): void {
    this.markReady();
  }
  /** @internal */ onData(data: Buffer, fin: boolean): void {
    if (this.remoteClosed) return;
    if (data.length) this.push(data);
    if (fin) this.onRemoteFin();
  }
  /** @internal */ onRemoteFin(): void {
    if (this.remoteClosed) return;
    this.remoteClosed = true;
    this.push(null);
    this.conn.maybeForget(this);
  }
  /** @internal The session ended: no more writes; what was received stays readable. */
  onConnectionClosed(): void {
    this.wasReset = true;
    this.markReady();
    if (!this.remoteClosed) {
      this.remoteClosed = true;
      this.push(null);
    }
    this.emit('reset');
  }
  /** @internal */ onRemoteReset(): void {
    this.wasReset = true;
    this.markReady();
    if (!this.remoteClosed) {
      this.remoteClosed = true;
      this.push(null);
    }
    this.emit('reset');
    this.destroy();
  }
}

export interface SpdyConnectionOptions {
  /** Server role: our stream ids are even, the peer's odd. */
  server: boolean;
}

export interface SpdyConnectionEvents {
  stream: [SpdyStream];
  goaway: [];
  close: [];
}

export class SpdyConnection extends EventEmitter<SpdyConnectionEvents> {
  private readonly parser = new FrameParser();
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor = new HeaderDecompressor();
  private readonly streams = new Map<number, SpdyStream>();
  private nextId: number;
  private nextPing: number;
  private readonly pings = new Map<number, () => void>();
  private lastRemoteId = 0;
  private closedFlag = false;
  goneAway = false;
  /** Resolves when the underlying byte stream has closed. */
  readonly closed: Promise<void>;

  constructor(private readonly socket: Duplex, o: SpdyConnectionOptions) {
    super();
    this.nextId = o.server ? 2 : 1;
    this.nextPing = o.server ? 2 : 1;
    this.closed = new Promise<void>((resolve) => {
      const done = () => {
        if (this.closedFlag) return;
        this.closedFlag = true;
        for (const s of [...this.streams.values()]) s.onConnectionClosed();
        this.streams.clear();
        for (const p of this.pings.values()) p();
        resolve();
        this.emit('close');
      };
      socket.on('close', done);
      socket.on('end', () => {
        done();
        socket.end();
      });
      socket.on('error', () => {
        done();
        socket.destroy();
      });
    });
    socket.on('data', (chunk: Buffer) => {
      let frames: Frame[];
      try {
        frames = this.parser.push(chunk);
      } catch {
        this.send(controlFrame(FrameType.GoAway, 0, u32(this.lastRemoteId, 1)));
        socket.destroy();
        return;
      }
      try {
        for (const f of frames) this.handle(f);
      } catch {
        // A header block that does not inflate, a truncated frame body: the session is unusable.
        this.send(controlFrame(FrameType.GoAway, 0, u32(this.lastRemoteId, 1)));
        socket.destroy();
      }
    });
  }

  get isClosed(): boolean {
    return this.closedFlag;
  }

  /** Opens a stream; write to it once `ready` (writes before that are queued). */
  openStream(headers: SpdyHeaders, o: { fin?: boolean } = {}): SpdyStream {
    if (this.closedFlag || this.goneAway) throw new Error('SPDY connection is closed');
    const id = this.nextId;
    this.nextId += 2;
    const lower: SpdyHeaders = {};
    for (const [k, v] of Object.entries(headers)) lower[k.toLowerCase()] = v;
    const s = new SpdyStream(this, id, lower, false);
    this.streams.set(id, s);
    const block = this.compressor.compress(lower);
    const head = Buffer.alloc(10);
    head.writeUInt32BE(id, 0);
    head.writeUInt32BE(0, 4);
    this.send(controlFrame(FrameType.SynStream, o.fin ? FLAG_FIN : 0, Buffer.concat([head, block])));
    if (o.fin) {
      s.localClosed = true;
      s.end();
    }
    return s;
  }

  /** Round trip of a PING in milliseconds. */
  ping(): Promise<number> {
    const id = this.nextPing;
    this.nextPing += 2;
    const t0 = Date.now();
    return new Promise((resolve) => {
      this.pings.set(id, () => resolve(Date.now() - t0));
      this.send(controlFrame(FrameType.Ping, 0, u32(id)));
    });
  }

  /** Sends GOAWAY and closes the byte stream once written. */
  close(): void {
    if (this.closedFlag) return;
    if (!this.goneAway) this.send(controlFrame(FrameType.GoAway, 0, u32(this.lastRemoteId, 0)));
    this.goneAway = true;
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** @internal */ send(frame: Buffer): boolean {
    if (this.closedFlag || this.socket.destroyed || this.socket.writableEnded) return true;
    return this.socket.write(frame);
  }
  /** @internal */ drained(): Promise<void> {
    return new Promise((r) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        r();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }
  /** @internal */ forget(s: SpdyStream): void {
    this.streams.delete(s.id);
  }
  /** @internal */ maybeForget(s: SpdyStream): void {
    if (s.localClosed && s.remoteClosed) this.streams.delete(s.id);
  }

  private handle(f: Frame): void {
    if (f.type === 'data') {
      this.streams.get(f.streamId)?.onData(f.data, (f.flags & FLAG_FIN) !== 0);
      return;
    }
    const p = f.payload;
    switch (f.frameType) {
      case FrameType.SynStream: {
        const id = p.readUInt32BE(0) & 0x7fffffff;
        const headers = this.decompressor.decompress(p.subarray(10));
        if (this.goneAway || this.streams.has(id)) {
          this.send(controlFrame(FrameType.RstStream, 0, u32(id, this.goneAway ? RstStatus.RefusedStream : RstStatus.StreamInUse)));
          return;
        }
        this.lastRemoteId = id;
        const s = new SpdyStream(this, id, headers, true);
        this.streams.set(id, s);
        this.send(controlFrame(FrameType.SynReply, 0, Buffer.concat([u32(id), this.compressor.compress({})])));
        if (f.flags & FLAG_FIN) s.onRemoteFin();
        this.emit('stream', s);
        return;
      }
      case FrameType.SynReply: {
        const id = p.readUInt32BE(0) & 0x7fffffff;
        this.decompressor.decompress(p.subarray(4));
        const s = this.streams.get(id);
        s?.onReply();
        if (s && f.flags & FLAG_FIN) s.onRemoteFin();
        return;
      }
      case FrameType.Headers: {
        const id = p.readUInt32BE(0) & 0x7fffffff;
        this.decompressor.decompress(p.subarray(4));
        const s = this.streams.get(id);
        if (s && f.flags & FLAG_FIN) s.onRemoteFin();
        return;
      }
      case FrameType.RstStream: {
        const id = p.readUInt32BE(0) & 0x7fffffff;
        const s = this.streams.get(id);
        this.streams.delete(id);
        s?.onRemoteReset();
        return;
      }
      case FrameType.Ping: {
        const id = p.readUInt32BE(0);
        if (id % 2 === this.nextPing % 2) {
          this.pings.get(id)?.();
          this.pings.delete(id);
        } else this.send(controlFrame(FrameType.Ping, 0, u32(id)));
        return;
      }
      case FrameType.GoAway:
        this.goneAway = true;
        this.emit('goaway');
        return;
      default:
        return; // SETTINGS, WINDOW_UPDATE, CREDENTIAL: nothing to do
    }
  }
}
