// A response body fed from the server side: push chunks, end it; the reader gets them in order, and
// the request's signal ends the read with an AbortError.

import { abortError } from '../transport.js';

export class BodyStream implements AsyncIterable<Buffer> {
  private chunks: Buffer[] = [];
  private ended = false;
  private wake: (() => void) | null = null;
  private readonly closers: Array<() => void> = [];

  constructor(private readonly signal?: AbortSignal) {
    signal?.addEventListener('abort', () => this.close(), { once: true });
  }

  /** Called once when the reader goes away (abort, early exit) or the stream ends. */
  onClose(fn: () => void): void {
    if (this.ended) fn();
    else this.closers.push(fn);
  }

  get closed(): boolean {
    return this.ended;
  }

  push(b: Buffer | string): void {
    if (this.ended) return;
    this.chunks.push(typeof b === 'string' ? Buffer.from(b) : b);
    this.poke();
  }

  close(): void {
    if (this.ended) return;
    this.ended = true;
    for (const fn of this.closers.splice(0)) fn();
    this.poke();
  }

  private poke(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    try {
      for (;;) {
        if (this.signal?.aborted) throw abortError(this.signal);
        const c = this.chunks.shift();
        if (c) {
          yield c;
          continue;
        }
        if (this.ended) return;
        await new Promise<void>((r) => (this.wake = r));
      }
    } finally {
      this.close();
    }
  }
}
