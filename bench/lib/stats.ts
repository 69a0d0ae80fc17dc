// Small helpers shared by the benchmarks: percentiles, timing, concurrent load, table output.

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export interface LatencySummary {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarize(samplesMs: number[]): LatencySummary {
  const s = [...samplesMs].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN };
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Runs `total` operations with `concurrency` in flight; returns ops/s and per-op latencies. */
export async function load(total: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<{ opsPerSec: number; latency: LatencySummary }> {
  let next = 0;
  const lat: number[] = [];
  const t0 = nowMs();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const s = nowMs();
        await op(i);
        lat.push(nowMs() - s);
      }
    }),
  );
  const secs = (nowMs() - t0) / 1000;
  return { opsPerSec: total / secs, latency: summarize(lat) };
}

export function fmt(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return '-';
  if (n >= 1000) return Math.round(n).toLocaleString('en-US');
  return n.toFixed(digits);
}

/** Prints rows as an aligned plain-text table. */
export function table(header: string[], rows: string[][]): string {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ');
  return [line(header), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n');
}
