// Bookmarks on a watch whose client reads slowly: a bookmark promises every event up to its
// resourceVersion, so it may only be written once the events before it have been — otherwise a client
// that resumes from the bookmark silently misses the events that were still queued (seen at scale: a
// simulated kubelet's informer lost tens of thousands of pod bindings).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startInProcessServer, type InProcessServer } from '../../machinery/client/testenv.js';

describe('watch bookmarks and a slow client', () => {
  let server: InProcessServer;
  before(async () => {
    server = await startInProcessServer({ bookmarkIntervalMs: 10 });
  });
  after(async () => {
    await server.stop();
  });

  it('never sends a bookmark ahead of events it has not written yet', async () => {
    const client = server.client('writer', { retry: false });
    const cms = client.resource('configmaps', 'default');
    const start = (await cms.list()).metadata.resourceVersion!;
    const ac = new AbortController();
    const res = await server.transport().request({
      method: 'GET',
      path: '/api/v1/namespaces/default/configmaps',
      query: new URLSearchParams({ watch: 'true', allowWatchBookmarks: 'true', resourceVersion: start }),
      signal: ac.signal,
    });
    const it = res.body[Symbol.asyncIterator]();
    // The client does not read while 200 objects of 50 KB (10 MB) are written and bookmarks fall due.
    const N = 200;
    for (let i = 0; i < N; i++) await cms.create({ metadata: { name: `cm-${i}` }, data: { blob: 'x'.repeat(50_000) } });
    await new Promise((r) => setTimeout(r, 100));
    let buf = '';
    let added = 0;
    let bookmark = 0;
    let bookmarks = 0;
    while (added < N) {
      // Without the fix the events behind a bookmark may never come: fail instead of waiting forever.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`only ${added}/${N} events arrived (last bookmark ${bookmark})`)), 5000)));
      const { value, done } = await Promise.race([it.next(), timeout]).finally(() => clearTimeout(timer));
      if (done) break;
      buf += (value as Buffer).toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const ev = JSON.parse(buf.slice(0, nl)) as { type: string; object: { metadata: { resourceVersion: string; name?: string } } };
        buf = buf.slice(nl + 1);
        const rv = Number(ev.object.metadata.resourceVersion);
        if (ev.type === 'BOOKMARK') {
          bookmarks++;
          bookmark = Math.max(bookmark, rv);
        } else {
          assert.ok(rv > bookmark, `${ev.type} ${ev.object.metadata.name} at ${rv} came after a bookmark at ${bookmark}`);
          added++;
        }
      }
    }
    ac.abort();
    assert.equal(added, N);
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(bookmarks >= 0);
  });
});
