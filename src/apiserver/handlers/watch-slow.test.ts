// A watch client that falls too far behind: as upstream's cacher does, its stream just ends (no 410),
// so the client resumes from the last resourceVersion it received instead of relisting everything.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startInProcessServer, type InProcessServer } from '../../machinery/client/testenv.js';

interface WatchLine {
  type: string;
  object: { metadata: { resourceVersion: string; name?: string } };
}

async function readAll(body: AsyncIterable<Buffer>, deadlineMs: number): Promise<WatchLine[]> {
  let text = '';
  const it = body[Symbol.asyncIterator]();
  const end = Date.now() + deadlineMs;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('the stream did not end')), Math.max(1, end - Date.now()))));
    const { value, done } = await Promise.race([it.next(), timeout]).finally(() => clearTimeout(timer));
    if (done) break;
    text += (value as Buffer).toString();
  }
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as WatchLine);
}

describe('a watch client that falls too far behind', () => {
  let server: InProcessServer;
  before(async () => {
    server = await startInProcessServer({ watchBufferSize: 20 });
  });
  after(async () => {
    await server.stop();
  });

  it('has its stream ended without an ERROR, and resumes from the last event it got', async () => {
    const cms = server.client('writer', { retry: false }).resource('configmaps', 'default');
    const start = (await cms.list()).metadata.resourceVersion!;
    const ac = new AbortController();
    const watch = (rv: string, timeoutSeconds: string) =>
      server.transport().request({
        method: 'GET',
        path: '/api/v1/namespaces/default/configmaps',
        query: new URLSearchParams({ watch: 'true', resourceVersion: rv, timeoutSeconds }),
        signal: ac.signal,
      });
    const res = await watch(start, '30');
    // Nothing is read while 100 objects of 50 KB are written: the watcher falls more than 20 behind.
    const N = 100;
    for (let i = 0; i < N; i++) await cms.create({ metadata: { name: `cm-${i}` }, data: { blob: 'x'.repeat(50_000) } });
    const first = await readAll(res.body, 10_000);
    assert.ok(first.length < N, `the stream ended early (${first.length} events)`);
    assert.deepEqual([...new Set(first.map((e) => e.type))], ['ADDED'], 'no ERROR (410) event');
    const last = first.length ? first[first.length - 1]!.object.metadata.resourceVersion : start;
    const rest = await readAll((await watch(last, '1')).body, 10_000);
    assert.deepEqual(
      [...first, ...rest].map((e) => e.object.metadata.name),
      Array.from({ length: N }, (_, i) => `cm-${i}`),
    );
    ac.abort();
  });
});
