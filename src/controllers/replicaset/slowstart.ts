// Slow start (upstream's slowStartBatch): call fn `count` times in batches of 1, 2, 4 … (starting at
// `initial`), each batch in parallel; stop after the first batch with a failure, so a controller
// that cannot create pods (quota, admission) sends one failing request, not hundreds.

export interface BatchResult {
  successes: number;
  /** The first failure, when a batch failed. */
  error?: unknown;
}

export async function slowStartBatch(count: number, initial: number, fn: () => Promise<void>): Promise<BatchResult> {
  let remaining = count;
  let successes = 0;
  for (let size = Math.min(remaining, initial); size > 0; size = Math.min(2 * size, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: size }, () => fn()));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    successes += size - failed.length;
    if (failed.length > 0) return { successes, error: failed[0]!.reason };
    remaining -= size;
  }
  return { successes };
}
