// The CronJob controller over FakeTransport with a FakeClock: Jobs named after their activation,
// concurrency policies, finished Jobs, history limits, suspend and deadlines.

import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { Client, FakeTransport } from '../../machinery/client/index.js';
import { fakeControllerEnv } from '../../machinery/controller/testing.js';
import type { FakeClock } from '../../machinery/clock/index.js';
import { CronJobController } from './controller.js';
import type { CronJob, Job } from './types.js';

const START = Date.parse('2025-03-01T10:00:20Z');

interface Harness {
  flushEvents(): Promise<void>;
  fake: FakeTransport;
  client: Client;
  clock: FakeClock;
  ctrl: CronJobController;
  stop(): Promise<void>;
  cronJob(): CronJob;
  jobs(): Job[];
  events(): string[];
  settle(): Promise<void>;
  create(spec: Partial<CronJob['spec']>): Promise<void>;
  sync(): Promise<number | undefined>;
}

let current: Harness | undefined;
afterEach(async () => {
  await current?.stop();
  current = undefined;
});

async function harness(): Promise<Harness> {
  const env = fakeControllerEnv({ now: START, component: 'cronjob-controller' });
  const { clock, fake, client, informers, recorder } = env;
  const ctrl = new CronJobController({ client, informers, recorder, clock });
  await env.start();
  const cjInf = informers.informerFor<CronJob>('cronjobs.batch');
  const jobInf = informers.informerFor<Job>('jobs.batch');
  const h: Harness = {
    flushEvents: () => recorder.flush(),
    fake,
    client,
    clock,
    ctrl,
    stop: () => env.stop(),
    cronJob: () => fake.tracker.get('batch/cronjobs', 'default', 'tick') as CronJob,
    jobs: () => fake.tracker.list('batch/jobs', 'default') as Job[],
    events: () => (fake.tracker.list('/events', 'default') as Array<Job & { reason: string; message: string }>).map((e) => `${e.reason}: ${e.message}`),
    settle: async () => {
      const rvs = () => [...h.jobs(), h.cronJob()].map((o) => o.metadata.resourceVersion).sort().join();
      const cached = () => [...jobInf.lister.list('default'), ...cjInf.lister.list('default')].map((o) => o.metadata.resourceVersion).sort().join();
      for (let i = 0; i < 500 && rvs() !== cached(); i++) await new Promise((r) => setTimeout(r, 2));
      assert.equal(cached(), rvs());
    },
    create: async (spec) => {
      await client.resource<CronJob>('cronjobs.batch', 'default').create({
        metadata: { name: 'tick', namespace: 'default' },
        spec: { schedule: '*/5 * * * *', timeZone: 'UTC', concurrencyPolicy: 'Allow', jobTemplate: { metadata: { labels: { app: 'tick' } }, spec: { template: { spec: { containers: [] } } } }, ...spec },
      } as CronJob);
      await h.settle();
    },
    sync: async () => {
      const r = await ctrl.reconcile('default/tick');
      await h.settle();
      return r;
    },
  };
  current = h;
  return h;
}

async function completeJob(h: Harness, name: string, type: 'Complete' | 'Failed', at: string): Promise<void> {
  const jobs = h.client.resource<Job>('jobs.batch', 'default');
  const j = await jobs.get(name);
  await jobs.updateStatus({ ...j, status: { startTime: j.status?.startTime ?? at, ...(type === 'Complete' ? { completionTime: at } : {}), conditions: [{ type, status: 'True' }] } });
  await h.settle();
}


describe('cronjob controller (unit)', () => {
  it('waits for the next activation, then creates its Job', async () => {
    const h = await harness();
    await h.create({});
    const wait = await h.sync();
    assert.equal(wait, Date.parse('2025-03-01T10:05:00Z') + 100 - START);
    assert.equal(h.jobs().length, 0);
    h.clock.setTime(Date.parse('2025-03-01T10:05:00.100Z'));
    const again = await h.sync();
    assert.equal(again, 5 * 60_000);
    const [job] = h.jobs();
    const minutes = Date.parse('2025-03-01T10:05:00Z') / 60_000;
    assert.equal(job?.metadata.name, `tick-${minutes}`);
    assert.equal(job?.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'], '2025-03-01T10:05:00Z');
    assert.equal(job?.metadata.labels?.app, 'tick');
    assert.equal(job?.metadata.ownerReferences?.[0]?.kind, 'CronJob');
    const st = h.cronJob().status!;
    assert.equal(st.lastScheduleTime, '2025-03-01T10:05:00Z');
    assert.deepEqual(
      st.active?.map((r) => [r.kind, r.name, r.apiVersion]),
      [['Job', `tick-${minutes}`, 'batch/v1']],
    );
    // The same activation is never started twice.
    await h.sync();
    assert.equal(h.jobs().length, 1);
    await completeJob(h, job!.metadata.name!, 'Complete', '2025-03-01T10:06:00Z');
    await h.sync();
    assert.deepEqual(h.cronJob().status?.active ?? [], []);
    assert.equal(h.cronJob().status?.lastSuccessfulTime, '2025-03-01T10:06:00Z');
    await h.flushEvents();
    const ev = h.events();
    assert.ok(ev.includes(`SuccessfulCreate: Created job tick-${minutes}`), ev.join('\n'));
    assert.ok(ev.includes(`SawCompletedJob: Saw completed job: tick-${minutes}, condition: Complete`), ev.join('\n'));
  });

  it('Forbid skips an activation while a Job runs; Replace deletes it', async () => {
    const h = await harness();
    await h.create({ concurrencyPolicy: 'Forbid' });
    h.clock.setTime(Date.parse('2025-03-01T10:05:01Z'));
    await h.sync();
    assert.equal(h.jobs().length, 1);
    h.clock.setTime(Date.parse('2025-03-01T10:10:01Z'));
    await h.sync();
    assert.equal(h.jobs().length, 1, 'Forbid: not started');
    await h.flushEvents();
    assert.ok(h.events().includes('JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid'));

    await h.client.resource<CronJob>('cronjobs.batch', 'default').patch('tick', { spec: { concurrencyPolicy: 'Replace' } });
    await h.settle();
    h.clock.setTime(Date.parse('2025-03-01T10:15:01Z'));
    await h.sync();
    const names = h.jobs().map((j) => j.metadata.name);
    assert.deepEqual(names, [`tick-${Date.parse('2025-03-01T10:15:00Z') / 60_000}`]);
    assert.equal(h.cronJob().status?.active?.length, 1);
    await h.flushEvents();
    assert.ok(h.events().includes(`SuccessfulDelete: Deleted job tick-${Date.parse('2025-03-01T10:05:00Z') / 60_000}`));
  });

  it('keeps successfulJobsHistoryLimit finished Jobs', async () => {
    const h = await harness();
    await h.create({ successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 1 });
    for (const [i, t] of ['10:05', '10:10', '10:15'].entries()) {
      h.clock.setTime(Date.parse(`2025-03-01T${t}:01Z`));
      await h.sync();
      const j = h.jobs().find((x) => !x.status?.conditions)!;
      await completeJob(h, j.metadata.name!, i === 1 ? 'Failed' : 'Complete', `2025-03-01T${t}:30Z`);
    }
    await h.sync();
    const left = h.jobs().map((j) => j.metadata.name);
    assert.deepEqual(left.sort(), [`tick-${Date.parse('2025-03-01T10:10:00Z') / 60_000}`, `tick-${Date.parse('2025-03-01T10:15:00Z') / 60_000}`]);
  });

  it('does nothing while suspended, and skips activations older than startingDeadlineSeconds', async () => {
    const h = await harness();
    await h.create({ suspend: true });
    h.clock.setTime(Date.parse('2025-03-01T10:05:01Z'));
    assert.equal(await h.sync(), undefined);
    assert.equal(h.jobs().length, 0);
    await h.client.resource<CronJob>('cronjobs.batch', 'default').patch('tick', { spec: { suspend: false, startingDeadlineSeconds: 60 } });
    await h.settle();
    h.clock.setTime(Date.parse('2025-03-01T10:07:00Z'));
    const wait = await h.sync();
    assert.equal(h.jobs().length, 0, 'the 10:05 activation is more than 60 s ago');
    assert.equal(wait, 3 * 60_000 + 100);
  });
});
