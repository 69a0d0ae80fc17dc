// The pod garbage collector against a real API server (in process), with a short quarantine: a pod
// bound to a node that does not exist is marked Failed and force-deleted; one on a live node stays.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import { startInProcessServer } from '../../machinery/client/testenv.js';
import { realClock } from '../../machinery/clock/clock.js';
import { SharedInformerFactory } from '../../machinery/informers/index.js';
import { PodGCController } from './controller.js';

describe('pod garbage collector against an API server', () => {
  it('force-deletes pods of a node that is gone', async () => {
    const server = await startInProcessServer();
    const client = server.client('test');
    const kcm = server.client('kube-controller-manager');
    const informers = new SharedInformerFactory(kcm);
    const ac = new AbortController();
    try {
      await client.resource('nodes').create({ metadata: { name: 'alive' } });
      await client.resource('namespaces').create({ metadata: { name: 'ns' } });
      const pod = (name: string, node: string): KubeObject => ({ metadata: { name }, spec: { nodeName: node, containers: [{ name: 'c', image: 'nginx' }] } });
      const pods = client.resource('pods', 'ns');
      await pods.create(pod('orphan', 'gone'));
      await pods.create(pod('kept', 'alive'));
      const gc = new PodGCController({ client: kcm, informers, clock: realClock, gcCheckPeriodMs: 50, quarantineMs: 200 });
      informers.start(ac.signal);
      const running = gc.run(ac.signal);
      // Watch the orphan's last state on its way out.
      const w = await pods.watch({ fieldSelector: 'metadata.name=orphan', signal: ac.signal });
      let last: KubeObject | undefined;
      const deadline = Date.now() + 10_000;
      for await (const ev of w) {
        last = ev.object as KubeObject;
        if (ev.type === 'DELETED') break;
        if (Date.now() > deadline) assert.fail('the orphan was not deleted');
      }
      const status = last!.status as { phase?: string; conditions?: Array<{ type: string; reason?: string }> };
      assert.equal(status.phase, 'Failed');
      assert.equal(status.conditions?.find((c) => c.type === 'DisruptionTarget')?.reason, 'DeletionByPodGC');
      assert.deepEqual((await pods.list()).items.map((p) => p.metadata.name), ['kept']);
      ac.abort();
      await running;
    } finally {
      ac.abort();
      await informers.shutdown();
      await server.stop();
    }
  });
});
