// The serviceaccount controller (with the manager's descriptor) against a real API server.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startInProcessServer } from '../../machinery/client/testenv.js';
import { realClock } from '../../machinery/clock/clock.js';
import { EventRecorder } from '../../machinery/events/index.js';
import { SharedInformerFactory } from '../../machinery/informers/index.js';
import { descriptor } from './index.js';

describe('serviceaccount controller against an API server', () => {
  it('gives a new namespace its default service account, and restores it', async () => {
    const server = await startInProcessServer();
    const client = server.client('test');
    const cm = server.client('kube-controller-manager');
    const informers = new SharedInformerFactory(cm);
    const ac = new AbortController();
    const running = descriptor.start({ client: cm, informers, recorder: (component) => new EventRecorder(cm, { component }), clock: realClock, signal: ac.signal, log: () => {}, options: {} });
    informers.start(ac.signal);
    const has = async (ns: string) => (await client.resource('serviceaccounts', ns).list()).items.some((s) => s.metadata.name === 'default');
    const until = async (ns: string) => {
      const deadline = Date.now() + 10_000;
      while (!(await has(ns))) {
        if (Date.now() > deadline) assert.fail(`no default service account in ${ns}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    try {
      await until('kube-system');
      await client.resource('namespaces').create({ metadata: { name: 'fresh' } });
      await until('fresh');
      await client.resource('serviceaccounts', 'fresh').delete('default');
      await until('fresh');
    } finally {
      ac.abort();
      await running;
      await informers.shutdown();
      await server.stop();
    }
  });
});
