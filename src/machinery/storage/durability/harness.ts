import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import type { StorageSpec } from '../factory.js';
import type { Storage } from '../interface.js';

export interface Ack {
  revision: number;
  key: string;
  gen: number;
}

export interface CrashTrialOptions {
  spec: StorageSpec;
  prefix: string;
  /** Kill after this many acknowledged writes have been seen (plus a random extra delay up to 200 ms). */
  afterAcks: number;
  /** Crashes the system under test. Default: SIGKILL the writer process. */
  crash?: (writer: import('node:child_process').ChildProcess) => Promise<void>;
}

/** Runs the writer child, crashes it mid-load, and returns every write it saw acknowledged. */
export async function crashTrial(opts: CrashTrialOptions): Promise<Ack[]> {
  const script = fileURLToPath(new URL('./writer.js', import.meta.url));
  const child = spawn(process.execPath, [script, JSON.stringify(opts.spec), opts.prefix, '16'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acks: Ack[] = [];
  let buf = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((res) => child.on('close', () => res()));
  let crashed = false;
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) {
        const m = /^ACK (\d+) (\S+) (\d+)$/.exec(l);
        if (m) acks.push({ revision: Number(m[1]), key: m[2]!, gen: Number(m[3]) });
      }
      if (!crashed && acks.length >= opts.afterAcks) {
        crashed = true;
        setTimeout(() => {
          const crash = opts.crash ?? (async (c) => void c.kill('SIGKILL'));
          crash(child).then(resolve, reject);
        }, Math.floor(Math.random() * 200));
      }
    });
    child.on('close', (code, sig) => {
      if (!crashed) reject(new Error(`writer exited early (${code ?? sig}): ${stderr}`));
    });
  });
  child.kill('SIGKILL');
  await exited;
  // Lines that arrived after the kill are acknowledged writes too.
  for (const l of buf.split('\n')) {
    const m = /^ACK (\d+) (\S+) (\d+)$/.exec(l);
    if (m) acks.push({ revision: Number(m[1]), key: m[2]!, gen: Number(m[3]) });
  }
  return acks;
}

/** Every acknowledged write is in the store (at its generation or a later one), and revisions never went backwards. */
export async function verifyAcks(store: Storage, acks: Ack[], probeKey: string): Promise<void> {
  assert.ok(acks.length > 0, 'the writer acknowledged some writes before the crash');
  const latest = new Map<string, Ack>();
  for (const a of acks) {
    const cur = latest.get(a.key);
    if (!cur || a.gen > cur.gen) latest.set(a.key, a);
  }
  const maxRev = Math.max(...acks.map((a) => a.revision));
  assert.ok((await store.currentRevision()) >= maxRev, 'current revision is at least the highest acknowledged one');
  for (const a of latest.values()) {
    const kv = await store.get(a.key);
    assert.ok(kv, `acknowledged key ${a.key} (rev ${a.revision}) is missing`);
    const gen = (JSON.parse(kv.value) as { gen: number }).gen;
    assert.ok(gen >= a.gen, `${a.key}: stored generation ${gen} older than acknowledged ${a.gen}`);
    assert.ok(kv.modRevision >= a.revision, `${a.key}: stored revision ${kv.modRevision} < acknowledged ${a.revision}`);
  }
  const next = await store.create(probeKey, '{"gen":0}');
  assert.ok(next > maxRev, `a new write's revision ${next} is above every acknowledged one (${maxRev})`);
}
