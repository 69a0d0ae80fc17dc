// The recorder against real API servers: events pass the server's validation, repeats are counted
// with strategic-merge patches, and floods of similar events are combined.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import type { Client } from '../client/client.js';
import { startInProcessServer, startKtsServer, type TestServer } from '../client/testenv.js';
import { EventRecorder } from './recorder.js';
import type { CoreEvent } from './types.js';

function recorderSuite(name: string, start: () => Promise<TestServer>): void {
  describe(`event recorder against ${name}`, () => {
    let server: TestServer;
    let client: Client;
    let target: KubeObject;
    before(async () => {
      server = await start();
      client = server.client('recorder');
      await client.resource('namespaces').create({ metadata: { name: 'ev' } });
      target = await client.resource('configmaps', 'ev').create({ metadata: { name: 'subject' } });
    });
    after(async () => {
      await server?.stop();
    });

    it('counts repeats and combines similar events', async () => {
      const rec = new EventRecorder(client, { component: 'test-controller', host: 'host-1' });
      for (let i = 0; i < 3; i++) rec.event(target, 'Normal', 'Synced', 'synced fine');
      for (let i = 1; i <= 12; i++) rec.eventf(target, 'Warning', 'Failed', 'attempt %d failed', i);
      await rec.flush();
      const list = await client.resource<CoreEvent>('events', 'ev').list({ fieldSelector: 'involvedObject.name=subject' });
      const synced = list.items.filter((e) => e.reason === 'Synced');
      assert.equal(synced.length, 1);
      assert.equal(synced[0]!.count, 3);
      assert.equal(synced[0]!.source.component, 'test-controller');
      assert.equal(synced[0]!.involvedObject.uid, target.metadata.uid);
      const failed = list.items.filter((e) => e.reason === 'Failed');
      assert.equal(failed.length, 10, JSON.stringify(failed.map((e) => [e.message, e.count])));
      const combined = failed.filter((e) => e.message.startsWith('(combined from similar events): '));
      assert.equal(combined.length, 1);
      assert.equal(combined[0]!.message, '(combined from similar events): attempt 12 failed');
      assert.equal(combined[0]!.count, 3);
      assert.equal(combined[0]!.type, 'Warning');
      await rec.shutdown();
    });
  });
}

recorderSuite('an in-process APIServer', () => startInProcessServer());
recorderSuite('a kts server over HTTPS', () => startKtsServer());
