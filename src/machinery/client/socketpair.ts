// Two connected in-memory duplex streams, each enough of a net.Socket for node's HTTP client and
// server: what one end writes the other reads (with backpressure), destroying one closes both.

import { Duplex } from 'node:stream';

export class PipeSocket extends Duplex {
  peer: PipeSocket | null = null;
  private waiting: (() => void) | null = null;
  readonly remoteAddress = '127.0.0.1';
  readonly remotePort = 0;
  readonly remoteFamily = 'IPv4';
  readonly localAddress = '127.0.0.1';
  readonly localPort = 0;
  readonly connecting = false;
  readonly encrypted = false;

  constructor() {
    super({ allowHalfOpen: true });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    const peer = this.peer;
    if (!peer || peer.destroyed) return cb(new Error('socket closed'));
    if (peer.push(chunk)) cb();
    else peer.waiting = () => cb();
  }

  override _read(): void {
    const w = this.waiting;
    if (w) {
      this.waiting = null;
      w();
    }
  }

  override _final(cb: (err?: Error | null) => void): void {
    if (this.peer && !this.peer.destroyed) this.peer.push(null);
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    const peer = this.peer;
    this.peer = null;
    const w = this.waiting;
    this.waiting = null;
    if (w) w();
    if (peer && !peer.destroyed) peer.destroy();
    cb(err);
  }

  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  setTimeout(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  address(): { address: string; family: string; port: number } {
    return { address: '127.0.0.1', family: 'IPv4', port: 0 };
  }
}

export function socketPair(): [PipeSocket, PipeSocket] {
  const a = new PipeSocket();
  const b = new PipeSocket();
  a.peer = b;
  b.peer = a;
  return [a, b];
}
