// Informers against real API servers: a kts server over HTTPS and an APIServer in process. They see
// creates, updates and deletes, and after the server restarts (its watch history starts afresh, so
// resuming the watch answers 410) they relist and carry on.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import type { Client } from '../client/client.js';
import { startInProcessServer, startKtsServer, type TestServer } from '../client/testenv.js';
import { SharedInformerFactory } from './factory.js';
import { DeletedFinalStateUnknown } from './keys.js';

async function eventually(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function informerSuite(name: string, start: () => Promise<TestServer>): void {
  describe(`informers against ${name}`, () => {
    let server: TestServer;
    let writer: Client;
    before(async () => {
      server = await start();
      writer = server.client('writer');
      await writer.resource('namespaces').create({ metadata: { name: 'inf' } });
    });
    after(async () => {
      await server?.stop();
    });

    it('sees creates, updates and deletes, then relists after a restart', async () => {
      const factory = new SharedInformerFactory(server.client('informer'), { namespace: 'inf' });
      const inf = factory.informerFor('configmaps');
      const events: string[] = [];
      inf.addEventHandler({
        onAdd: (o) => events.push(`add ${o.metadata.name}`),
        onUpdate: (a, b) => {
          if (a.metadata.resourceVersion !== b.metadata.resourceVersion) events.push(`update ${b.metadata.name}`);
        },
        onDelete: (o) => events.push(o instanceof DeletedFinalStateUnknown ? `tombstone ${o.key}` : `delete ${o.metadata.name}`),
      });
      const ac = new AbortController();
      factory.start(ac.signal);
      try {
        assert.equal(await factory.waitForCacheSync(AbortSignal.timeout(10_000)), true);
        const cms = writer.resource<KubeObject>('configmaps', 'inf');
        const a = await cms.create({ metadata: { name: 'a' }, data: { v: '1' } });
        await cms.update({ ...a, data: { v: '2' } });
        await cms.create({ metadata: { name: 'b' } });
        await cms.delete('a');
        await eventually(() => events.length === 4, `4 events, have ${JSON.stringify(events)}`);
        assert.deepEqual(events, ['add a', 'update a', 'add b', 'delete a']);
        assert.equal(inf.lister.get('inf', 'b')?.metadata.name, 'b');

        // A write elsewhere moves the server's revision past the informer's; after the restart the
        // watch cache starts there, so resuming the old watch answers 410 and the informer relists.
        await writer.resource('secrets', 'inf').create({ metadata: { name: 's' } });
        await server.restart();
        await eventually(() => inf.stats.expired >= 1 && inf.stats.lists >= 2, `a relist (stats ${JSON.stringify(inf.stats)})`, 60_000);
        await cms.create({ metadata: { name: 'c' } });
        await eventually(() => inf.lister.get('inf', 'c') !== undefined, 'c in the cache');
        const live = (await cms.list()).items.map((o) => o.metadata.name).sort();
        assert.deepEqual(inf.lister.list('inf').map((o) => o.metadata.name).sort(), live);
      } finally {
        ac.abort();
        await factory.shutdown();
      }
    });
  });
}

informerSuite('an in-process APIServer', () => startInProcessServer());
informerSuite('a kts server over HTTPS', () => startKtsServer());
