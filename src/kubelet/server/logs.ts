// Container logs as the kubelet serves them: the CRI log file (one entry a line,
// `2016-10-06T00:17:09.669794202Z stdout F text`, tag P for a partial line the next entry continues)
// turned back into the container's output, with upstream's options: tailLines, sinceTime/sinceSeconds,
// timestamps, limitBytes and follow (keep reading as the file grows until the container has exited
// and the file is drained, or the client goes away).

import { open, stat, type FileHandle } from 'node:fs/promises';
import { watch, type FSWatcher } from 'node:fs';
import type { Writable } from 'node:stream';

export interface LogOptions {
  follow?: boolean;
  /** Only the last N entries of the file. */
  tailLines?: number;
  /** Only entries at or after this time. */
  since?: Date;
  timestamps?: boolean;
  limitBytes?: number;
  /** Only entries of this stream (upstream's alpha "stream" option). */
  stream?: 'stdout' | 'stderr';
}

export interface LogEntry {
  timestamp: string;
  time: number;
  stream: 'stdout' | 'stderr';
  partial: boolean;
  content: Buffer;
}

/** One CRI log line (without its newline); undefined if it is not one. */
export function parseCriLogLine(line: Buffer): LogEntry | undefined {
  const s1 = line.indexOf(0x20);
  if (s1 < 0) return undefined;
  const s2 = line.indexOf(0x20, s1 + 1);
  if (s2 < 0) return undefined;
  const timestamp = line.subarray(0, s1).toString('latin1');
  const stream = line.subarray(s1 + 1, s2).toString('latin1');
  if (stream !== 'stdout' && stream !== 'stderr') return undefined;
  // The tag field (P or F) is new in CRI; very old runtimes had none.
  let partial = false;
  let content = line.subarray(s2 + 1);
  const s3 = line.indexOf(0x20, s2 + 1);
  const tag = s3 < 0 ? line.subarray(s2 + 1).toString('latin1') : line.subarray(s2 + 1, s3).toString('latin1');
  if (/^[PF](:|$)/.test(tag)) {
    partial = tag.startsWith('P');
    content = s3 < 0 ? Buffer.alloc(0) : line.subarray(s3 + 1);
  }
  const time = Date.parse(timestamp);
  if (Number.isNaN(time)) return undefined;
  return { timestamp, time, stream, partial, content };
}

/** Byte offset where the last n lines of the file start. */
async function tailOffset(fh: FileHandle, size: number, n: number): Promise<number> {
  if (n <= 0) return size;
  const block = 64 * 1024;
  let pos = size;
  let newlines = 0;
  // A trailing newline ends the last line rather than starting an empty one.
  let skipLast = true;
  while (pos > 0) {
    const len = Math.min(block, pos);
    pos -= len;
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, pos);
    for (let i = len - 1; i >= 0; i--) {
      if (buf[i] !== 0x0a) continue;
      if (skipLast && pos + i === size - 1) continue;
      newlines++;
      if (newlines === n) return pos + i + 1;
    }
    skipLast = false;
  }
  return 0;
}

export interface ReadLogsOptions extends LogOptions {
  path: string;
  out: Writable;
  signal?: AbortSignal;
  /** For follow: is the container still running (more output may come)? */
  isRunning?: () => Promise<boolean>;
  /** How often follow re-checks the file and the container (ms). */
  pollMs?: number;
}

/** Streams a CRI log file into out, formatted like the kubelet. Resolves when done (never ends out). */
export async function readLogs(o: ReadLogsOptions): Promise<void> {
  const fh = await open(o.path, 'r');
  let watcher: FSWatcher | undefined;
  try {
    const { size } = await fh.stat();
    let pos = o.tailLines !== undefined ? await tailOffset(fh, size, o.tailLines) : 0;
    let pending: Buffer = Buffer.alloc(0);
    let remaining = o.limitBytes ?? Infinity;
    const since = o.since?.getTime();
    let wake: (() => void) | undefined;
    const emit = async (chunk: Buffer): Promise<boolean> => {
      if (remaining <= 0) return false;
      const piece = chunk.length > remaining ? chunk.subarray(0, remaining) : chunk;
      remaining -= piece.length;
      if (!o.out.write(piece)) await new Promise<void>((r) => { o.out.once('drain', r); o.out.once('close', r); });
      return remaining > 0;
    };
    const handleLine = async (line: Buffer): Promise<boolean> => {
      const e = parseCriLogLine(line);
      if (!e) return true;
      if (since !== undefined && e.time < since) return true;
      if (o.stream && e.stream !== o.stream) return true;
      const parts: Buffer[] = [];
      if (o.timestamps) parts.push(Buffer.from(`${e.timestamp} `));
      parts.push(e.content);
      if (!e.partial) parts.push(Buffer.from('\n'));
      return emit(Buffer.concat(parts));
    };
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      if (o.signal?.aborted || o.out.destroyed) return;
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead > 0) {
        pos += bytesRead;
        pending = pending.length ? Buffer.concat([pending, buf.subarray(0, bytesRead)]) : Buffer.from(buf.subarray(0, bytesRead));
        let nl: number;
        while ((nl = pending.indexOf(0x0a)) >= 0) {
          const line = pending.subarray(0, nl);
          pending = pending.subarray(nl + 1);
          if (!(await handleLine(line))) return;
        }
        continue;
      }
      // End of file.
      if (!o.follow) {
        if (pending.length) await handleLine(pending);
        return;
      }
      const running = o.isRunning ? await o.isRunning() : false;
      if (!running) {
        // One more read: the runtime may have written its last lines after we looked.
        const st = await stat(o.path).catch(() => undefined);
        if (st && st.size > pos) continue;
        if (pending.length) await handleLine(pending);
        return;
      }
      if (!watcher) {
        try {
          watcher = watch(o.path, () => wake?.());
        } catch {
          watcher = undefined;
        }
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, o.pollMs ?? 1000);
        const onAbort = () => done();
        o.signal?.addEventListener('abort', onAbort, { once: true });
        function done() {
          clearTimeout(t);
          o.signal?.removeEventListener('abort', onAbort);
          wake = undefined;
          resolve();
        }
        wake = done;
      });
    }
  } finally {
    watcher?.close();
    await fh.close();
  }
}
