// Decoding a watch stream: a sequence of JSON objects {"type","object"} (newline-separated from
// kube-apiserver, but the splitter does not rely on it), ending when the server ends the response.

import type { KubeObject } from '../../api/types.js';
import type { Status } from '../errors/status.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export type WatchEvent<T extends KubeObject = KubeObject> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: T }
  | { type: 'ERROR'; object: Status };

/** A running watch: iterate it for events; close() (or the signal it was started with) ends it. */
export interface Watch<T extends KubeObject = KubeObject> extends AsyncIterable<WatchEvent<T>> {
  close(): void;
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Splits a byte stream into top-level JSON values (objects or arrays). Multi-byte UTF-8 is safe: its
 * bytes never equal the ASCII structural characters scanned for.
 */
export async function* splitJsonStream(body: AsyncIterable<Buffer>): AsyncIterable<string> {
  let pending: Buffer = Buffer.alloc(0);
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = -1;
  for await (const chunk of body) {
    const scanFrom = pending.length;
    const buf = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    for (let i = scanFrom; i < buf.length; i++) {
      const b = buf[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) inString = false;
        continue;
      }
      if (b === QUOTE) inString = true;
      else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
        if (depth === 0) start = i;
        depth++;
      } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        depth--;
        if (depth === 0 && start >= 0) {
          yield buf.subarray(start, i + 1).toString('utf8');
          start = -1;
        }
      }
    }
    // Keep only the unfinished value (if any) for the next chunk.
    if (depth > 0 && start >= 0) {
      pending = buf.subarray(start);
      start = 0;
    } else {
      pending = Buffer.alloc(0);
    }
  }
  if (depth !== 0) throw new Error('watch stream ended in the middle of an event');
}

/** Decodes watch events from a response body. */
export async function* decodeWatchEvents<T extends KubeObject>(body: AsyncIterable<Buffer>): AsyncIterable<WatchEvent<T>> {
  for await (const text of splitJsonStream(body)) {
    const ev = JSON.parse(text) as { type?: unknown; object?: unknown };
    if (typeof ev.type !== 'string' || typeof ev.object !== 'object' || ev.object === null) throw new Error(`malformed watch event: ${text.slice(0, 200)}`);
    yield ev as WatchEvent<T>;
  }
}
