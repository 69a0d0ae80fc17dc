// The TTL-after-finished controller with the garbage collector against a real API server: a Job
// that finished (its status set here, as the job controller would) with ttlSecondsAfterFinished: 0
// is deleted in the foreground, its pod first, then the Job itself.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import { isNotFound } from '../../machinery/client/index.js';
import { startInProcessServer } from '../../machinery/client/testenv.js';
import { realClock } from '../../machinery/clock/clock.js';
import { EventRecorder } from '../../machinery/events/index.js';
import { SharedInformerFactory } from '../../machinery/informers/index.js';
import { GarbageCollector } from '../garbagecollector/index.js';
import { TTLAfterFinishedController, type Job } from './controller.js';

describe('ttl-after-finished controller against an API server', () => {
  it('deletes a finished Job and its pods once the TTL passed', async () => {
    const server = await startInProcessServer();
    const client = server.client('test');
    const kcm = server.client('kube-controller-manager');
    const informers = new SharedInformerFactory(kcm);
    const recorder = new EventRecorder(kcm, { component: 'garbage-collector-controller' });
    const ac = new AbortController();
    const ttl = new TTLAfterFinishedController({ client: kcm, informers, clock: realClock });
    const gc = new GarbageCollector({ client: kcm, clock: realClock, recorder });
    informers.start(ac.signal);
    const running = Promise.all([ttl.run(ac.signal), gc.run(ac.signal)]);
    try {
      await client.resource('namespaces').create({ metadata: { name: 'jobs' } });
      const jobs = client.resource<Job>('jobs.batch', 'jobs');
      const manifest: KubeObject = {
        metadata: { name: 'done' },
        spec: { ttlSecondsAfterFinished: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
      };
      const job = await jobs.create(manifest as Job);
      const pod: KubeObject = {
        metadata: { name: 'done-pod', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'done', uid: job.metadata.uid!, controller: true, blockOwnerDeletion: true }] },
        spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] },
      };
      await client.resource('pods', 'jobs').create(pod);
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      const cur = await jobs.get('done');
      await jobs.updateStatus({
        ...cur,
        status: {
          startTime: now,
          completionTime: now,
          succeeded: 1,
          conditions: [
            { type: 'SuccessCriteriaMet', status: 'True', lastTransitionTime: now, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
            { type: 'Complete', status: 'True', lastTransitionTime: now, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
          ],
        },
      } as Job);
      const deadline = Date.now() + 10_000;
      for (;;) {
        try {
          await jobs.get('done');
        } catch (err) {
          if (isNotFound(err)) break;
          throw err;
        }
        if (Date.now() > deadline) assert.fail('the Job was not deleted');
        await new Promise((r) => setTimeout(r, 25));
      }
      assert.deepEqual((await client.resource('pods', 'jobs').list()).items, []);
    } finally {
      ac.abort();
      await running;
      await informers.shutdown();
      await recorder.shutdown();
      await server.stop();
    }
  });
});
