// The CronJob controller against an in-process API server, its time on a FakeClock: advancing the
// clock past the next minute fires a Job; when the Job completes the CronJob records it.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import type { Client } from '../../machinery/client/index.js';
import { startInProcessServer, type InProcessServer } from '../../machinery/client/testenv.js';
import { FakeClock } from '../../machinery/clock/index.js';
import type { ControllerContext } from '../../machinery/controller/index.js';
import { EventRecorder } from '../../machinery/events/index.js';
import { SharedInformerFactory } from '../../machinery/informers/index.js';
import { cronJobDescriptor } from './index.js';
import type { CronJob, Job } from './types.js';

/**
 * Writes every recorded event. The EventRecorder has a race (an event recorded while its drain loop
 * is finishing waits for the next event), so record one more about a throwaway object first.
 */
async function eventually<T>(get: () => Promise<T | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('cronjob controller against an in-process API server', () => {
  let server: InProcessServer;
  let client: Client;
  let informers: SharedInformerFactory;
  let recorder: EventRecorder;
  let running: Promise<void>;
  const clock = new FakeClock(Date.now());
  const ac = new AbortController();

  before(async () => {
    server = await startInProcessServer();
    client = server.client('test');
    const cm = server.client('kube-controller-manager');
    informers = new SharedInformerFactory(cm);
    recorder = new EventRecorder(cm, { component: 'cronjob-controller' });
    const ctx: ControllerContext = { client: cm, informers, recorder: () => recorder, clock, signal: ac.signal, log: () => {}, options: {} };
    running = cronJobDescriptor.start(ctx);
    informers.start(ac.signal);
  });

  after(async () => {
    ac.abort();
    await running;
    await informers.shutdown();
    await recorder.shutdown();
    await server.stop();
  });

  it('fires a Job when the FakeClock reaches the next activation', async () => {
    const cronJobs = client.resource<CronJob>('cronjobs.batch', 'default');
    const jobs = client.resource<Job>('jobs.batch', 'default');
    await cronJobs.create({
      metadata: { name: 'every-minute' },
      spec: {
        schedule: '* * * * *',
        timeZone: 'Etc/UTC',
        jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } } },
      },
    } as CronJob);
    // The first sync finds no activation yet and sleeps until the next minute on the FakeClock.
    await clock.waitForTimers(1);
    assert.equal((await jobs.list()).items.length, 0);
    // Just past the next minute: one activation (a fixed 61 s would cross two minute boundaries when
    // the clock, which starts at the real time, is in the last second of a minute).
    await clock.advance(60_000 - (clock.now() % 60_000) + 1_000);
    const job = await eventually(async () => (await jobs.list()).items[0], 'a Job');
    const cj = await eventually(async () => {
      const c = await cronJobs.get('every-minute');
      return (c.status?.active?.length ?? 0) > 0 && c;
    }, 'status.active');
    const scheduled = Date.parse(cj.status!.lastScheduleTime!);
    assert.equal(scheduled % 60_000, 0);
    assert.equal(job.metadata.name, `every-minute-${scheduled / 60_000}`);
    assert.equal(job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'], new Date(scheduled).toISOString().replace('.000Z', 'Z'));
    assert.equal(cj.status!.active![0]!.uid, job.metadata.uid);

    // The Job finishes (as the job controller would record it).
    const done = new Date(clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    await jobs.updateStatus({ ...job, status: { startTime: done, completionTime: done, succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] } } as Job);
    const after = await eventually(async () => {
      const c = await cronJobs.get('every-minute');
      return c.status?.lastSuccessfulTime ? c : undefined;
    }, 'lastSuccessfulTime');
    assert.deepEqual(after.status?.active ?? [], []);
    assert.equal(after.status?.lastSuccessfulTime, done);
    await recorder.flush();
    const events = (await client.resource<KubeObject>('events', 'default').list()).items as Array<KubeObject & { reason: string; message: string }>;
    const msgs = events.map((e) => `${e.reason}: ${e.message}`);
    assert.ok(msgs.includes(`SuccessfulCreate: Created job ${job.metadata.name}`), msgs.join('\n'));
    assert.ok(msgs.includes(`SawCompletedJob: Saw completed job: ${job.metadata.name}, condition: Complete`), msgs.join('\n'));
  });
});
