// Unit tests of the Job controller over FakeTransport, with a FakeClock for backoff and deadlines;
// each test calls reconcile() directly, playing the kubelet by writing pod status.

import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { Client, FakeTransport } from '../../machinery/client/index.js';
import { fakeControllerEnv } from '../../machinery/controller/testing.js';
import type { FakeClock } from '../../machinery/clock/index.js';
import { remainingBackoffMs, BackoffStore } from './backoff.js';
import { JobController } from './controller.js';
import { formatIntervals, parseIntervals, firstPendingIndexes, generateNameWithIndex } from './indexes.js';
import { matchPodFailurePolicy } from './failure-policy.js';
import { indexesReadyNow, isIndexFailed, newIndexFailureCounts } from './backoff-per-index.js';
import type { Job, Pod } from './types.js';

const NOW = Date.parse('2025-03-01T10:00:00Z');

interface Harness {
  flushEvents(): Promise<void>;
  fake: FakeTransport;
  client: Client;
  clock: FakeClock;
  ctrl: JobController;
  stop(): Promise<void>;
  pods(): Pod[];
  job(name: string): Job;
  /** Waits until the controller's caches show the object (matching cond). */
  cached(resource: 'pods' | 'jobs', cond: (objs: Array<Pod | Job>) => boolean): Promise<void>;
  finish(pod: Pod, phase: 'Succeeded' | 'Failed', o?: { exitCode?: number; at?: number }): Promise<void>;
  createJob(name: string, spec: Record<string, unknown>): Promise<Job>;
  sync(name: string): Promise<void>;
  events(): string[];
}

let current: Harness | undefined;
afterEach(async () => {
  await current?.stop();
  current = undefined;
});

async function harness(): Promise<Harness> {
  const env = fakeControllerEnv({ now: NOW, component: 'job-controller' });
  const { clock, fake, client, informers, recorder } = env;
  const ctrl = new JobController({ client, informers, recorder, clock, syncBatchPeriodMs: 0 });
  await env.start();
  const jobInf = informers.informerFor<Job>('jobs.batch');
  const podInf = informers.informerFor<Pod>('pods');
  const h: Harness = {
    flushEvents: () => recorder.flush(),
    fake,
    client,
    clock,
    ctrl,
    stop: () => env.stop(),
    pods: () => fake.tracker.list('/pods', 'default') as Pod[],
    job: (name) => fake.tracker.get('batch/jobs', 'default', name) as Job,
    cached: async (resource, cond) => {
      const inf = resource === 'pods' ? podInf : jobInf;
      for (let i = 0; i < 500 && !cond(inf.lister.list('default')); i++) await new Promise((r) => setTimeout(r, 2));
      assert.ok(cond(inf.lister.list('default')), `cache of ${resource} never matched`);
    },
    finish: async (pod, phase, o = {}) => {
      const at = new Date(o.at ?? clock.now()).toISOString().replace('.000Z', 'Z');
      const cur = fake.tracker.get('/pods', 'default', pod.metadata.name!) as Pod;
      await client.resource<Pod>('pods', 'default').updateStatus({
        ...cur,
        status: { phase, containerStatuses: [{ name: 'c', state: { terminated: { exitCode: o.exitCode ?? (phase === 'Failed' ? 1 : 0), finishedAt: at } } }] },
      });
      const rv = (fake.tracker.get('/pods', 'default', pod.metadata.name!) as Pod).metadata.resourceVersion;
      await h.cached('pods', (ps) => ps.some((p) => p.metadata.name === pod.metadata.name && p.metadata.resourceVersion === rv));
    },
    createJob: async (name, spec) => {
      const uid = `uid-${name}`;
      const labels = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name };
      const job: Job = {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name, namespace: 'default' },
        spec: {
          parallelism: 1,
          backoffLimit: 6,
          completionMode: 'NonIndexed',
          selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
          template: { metadata: { labels }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
          ...spec,
        } as Job['spec'],
      };
      const created = (await client.resource<Job>('jobs.batch', 'default').create(job)) as Job;
      await h.cached('jobs', (js) => js.some((j) => j.metadata.name === name));
      return created;
    },
    sync: async (name) => {
      await ctrl.reconcile(`default/${name}`);
      // Let the cache catch up with what the sync wrote.
      const job = h.job(name);
      const pods = h.pods();
      await h.cached('jobs', (js) => js.some((j) => j.metadata.resourceVersion === job.metadata.resourceVersion));
      await h.cached('pods', (ps) => ps.length === pods.length && pods.every((p) => ps.some((x) => x.metadata.resourceVersion === p.metadata.resourceVersion)));
    },
    events: () => (fake.tracker.list('/events', 'default') as Array<Pod & { reason: string; message: string }>).map((e) => `${e.reason}: ${e.message}`),
  };
  current = h;
  return h;
}


describe('job controller (unit)', () => {
  it('creates pods up to parallelism with the tracking finalizer, then completes', async () => {
    const h = await harness();
    await h.createJob('pi', { completions: 2, parallelism: 5 });
    await h.sync('pi');
    let pods = h.pods();
    assert.equal(pods.length, 2, 'never more pods than remaining completions');
    for (const p of pods) {
      assert.match(p.metadata.name!, /^pi-/);
      assert.deepEqual(p.metadata.finalizers, ['batch.kubernetes.io/job-tracking']);
      assert.equal(p.metadata.ownerReferences?.[0]?.controller, true);
    }
    let job = h.job('pi');
    assert.equal(job.status?.active, 2);
    assert.equal(job.status?.ready, 0);
    assert.equal(job.status?.startTime, '2025-03-01T10:00:00Z');

    for (const p of pods) await h.finish(p, 'Succeeded');
    await h.sync('pi');
    job = h.job('pi');
    assert.equal(job.status?.succeeded, 2);
    assert.deepEqual(job.status?.uncountedTerminatedPods, {});
    assert.deepEqual(
      job.status?.conditions?.map((c) => c.type),
      ['SuccessCriteriaMet', 'Complete'],
    );
    assert.equal(job.status?.completionTime, '2025-03-01T10:00:00Z');
    pods = h.pods();
    for (const p of pods) assert.deepEqual(p.metadata.finalizers ?? [], []);
    await h.flushEvents();
    assert.ok(h.events().includes('Completed: Job completed'));
  });

  it('delays replacing failed pods by 10 s, doubling per failure', async () => {
    const h = await harness();
    await h.createJob('flaky', { completions: 1 });
    await h.sync('flaky');
    const [first] = h.pods();
    await h.finish(first!, 'Failed');
    await h.sync('flaky');
    assert.equal(h.job('flaky').status?.failed, 1);
    assert.equal(h.pods().length, 1, 'no replacement during the backoff');
    h.clock.setTime(NOW + 9_000);
    await h.sync('flaky');
    assert.equal(h.pods().length, 1);
    h.clock.setTime(NOW + 10_000);
    await h.sync('flaky');
    assert.equal(h.pods().length, 2, 'replaced after 10 s');
    const second = h.pods().find((p) => p.metadata.name !== first!.metadata.name)!;
    await h.finish(second, 'Failed');
    await h.sync('flaky');
    h.clock.setTime(NOW + 10_000 + 19_000);
    await h.sync('flaky');
    assert.equal(h.pods().length, 2, 'the second failure waits 20 s');
    h.clock.setTime(NOW + 10_000 + 20_000);
    await h.sync('flaky');
    assert.equal(h.pods().length, 3);
  });

  it('marks the Job failed with BackoffLimitExceeded', async () => {
    const h = await harness();
    await h.createJob('bad', { backoffLimit: 0 });
    await h.sync('bad');
    await h.finish(h.pods()[0]!, 'Failed');
    await h.sync('bad');
    const job = h.job('bad');
    assert.deepEqual(
      job.status?.conditions?.map((c) => `${c.type}/${c.reason}`),
      ['FailureTarget/BackoffLimitExceeded', 'Failed/BackoffLimitExceeded'],
    );
    assert.equal(job.status?.failed, 1);
    await h.flushEvents();
    assert.ok(h.events().includes('BackoffLimitExceeded: Job has reached the specified backoff limit'));
  });

  it('fails a Job past activeDeadlineSeconds, deleting its active pods', async () => {
    const h = await harness();
    await h.createJob('slow', { activeDeadlineSeconds: 30, parallelism: 2, completions: 2 });
    await h.sync('slow');
    assert.equal(h.pods().length, 2);
    h.clock.setTime(NOW + 30_000);
    await h.sync('slow');
    let job = h.job('slow');
    assert.deepEqual(
      job.status?.conditions?.map((c) => `${c.type}/${c.reason}`),
      ['FailureTarget/DeadlineExceeded'],
    );
    assert.equal(job.status?.terminating, 2, 'the pods are terminating (their finalizers keep them)');
    for (const p of h.pods()) assert.ok(p.metadata.deletionTimestamp);
    // The kubelet stops them: they become Failed; the controller counts them and finishes the Job.
    for (const p of h.pods()) await h.finish(p, 'Failed');
    await h.sync('slow');
    job = h.job('slow');
    assert.deepEqual(
      job.status?.conditions?.map((c) => `${c.type}/${c.reason}`),
      ['FailureTarget/DeadlineExceeded', 'Failed/DeadlineExceeded'],
    );
    assert.equal(job.status?.failed, 2);
    assert.equal(h.pods().length, 0, 'without finalizers the deleted pods are gone');
  });

  it('suspends (deleting pods) and resumes (resetting startTime)', async () => {
    const h = await harness();
    await h.createJob('s', { parallelism: 2, completions: 4 });
    await h.sync('s');
    assert.equal(h.pods().length, 2);
    const jobs = h.client.resource<Job>('jobs.batch', 'default');
    await jobs.patch('s', { spec: { suspend: true } });
    await h.cached('jobs', (js) => js.some((j) => j.spec?.suspend === true));
    await h.sync('s');
    let job = h.job('s');
    assert.equal(job.status?.active, undefined, 'zero counters are omitted, as upstream serializes them');
    assert.deepEqual(
      job.status?.conditions?.map((c) => `${c.type}/${c.status}/${c.reason}`),
      ['Suspended/True/JobSuspended'],
    );
    assert.equal(h.pods().filter((p) => !p.metadata.deletionTimestamp).length, 0);
    h.clock.setTime(NOW + 60_000);
    await jobs.patch('s', { spec: { suspend: false } });
    await h.cached('jobs', (js) => js.some((j) => j.spec?.suspend === false));
    await h.sync('s');
    job = h.job('s');
    assert.deepEqual(
      job.status?.conditions?.map((c) => `${c.type}/${c.status}/${c.reason}`),
      ['Suspended/False/JobResumed'],
    );
    assert.equal(job.status?.startTime, '2025-03-01T10:01:00Z');
    await h.flushEvents();
    const ev = h.events();
    assert.ok(ev.includes('Suspended: Job suspended') && ev.includes('Resumed: Job resumed'), ev.join('\n'));
  });

  it('gives Indexed Job pods their completion index, hostname and env', async () => {
    const h = await harness();
    await h.createJob('idx', { completionMode: 'Indexed', completions: 3, parallelism: 3 });
    await h.sync('idx');
    const pods = h.pods().sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
    assert.equal(pods.length, 3);
    pods.forEach((p, i) => {
      assert.match(p.metadata.name!, new RegExp(`^idx-${i}-[a-z0-9]{5}$`));
      assert.equal(p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'], String(i));
      assert.equal(p.metadata.labels?.['batch.kubernetes.io/job-completion-index'], String(i));
      assert.equal(p.spec?.hostname, `idx-${i}`);
      assert.deepEqual(p.spec?.containers?.[0]?.env, [
        { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } },
      ]);
    });
    await h.finish(pods[0]!, 'Succeeded');
    await h.finish(pods[2]!, 'Succeeded');
    await h.sync('idx');
    let job = h.job('idx');
    assert.equal(job.status?.completedIndexes, '0,2');
    assert.equal(job.status?.succeeded, 2);
    await h.finish(pods[1]!, 'Failed');
    await h.sync('idx');
    h.clock.setTime(NOW + 10_000);
    await h.sync('idx');
    const again = h.pods().filter((p) => !p.status?.phase || p.status.phase === 'Pending');
    assert.equal(again.length, 1, 'only index 1 is recreated');
    assert.equal(again[0]!.metadata.annotations?.['batch.kubernetes.io/job-completion-index'], '1');
    await h.finish(again[0]!, 'Succeeded');
    await h.sync('idx');
    job = h.job('idx');
    assert.equal(job.status?.completedIndexes, '0-2');
    assert.ok(job.status?.conditions?.some((c) => c.type === 'Complete'));
  });

  it('succeeds early when a successPolicy rule is met', async () => {
    const h = await harness();
    await h.createJob('sp', { completionMode: 'Indexed', completions: 3, parallelism: 3, successPolicy: { rules: [{ succeededIndexes: '0' }] } });
    await h.sync('sp');
    const first = h.pods().find((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'] === '0')!;
    await h.finish(first, 'Succeeded');
    await h.sync('sp');
    let job = h.job('sp');
    const met = job.status?.conditions?.find((c) => c.type === 'SuccessCriteriaMet');
    assert.deepEqual([met?.reason, met?.message], ['SuccessPolicy', 'Matched rules at index 0']);
    assert.equal(job.status?.terminating, 2, 'the other indexes are stopped');
    for (const p of h.pods().filter((x) => x.metadata.name !== first.metadata.name)) await h.finish(p, 'Failed');
    await h.sync('sp');
    job = h.job('sp');
    assert.deepEqual(
      job.status?.conditions?.map((c) => `${c.type}/${c.reason}`),
      ['SuccessCriteriaMet/SuccessPolicy', 'Complete/SuccessPolicy'],
    );
    assert.equal(job.status?.succeeded, 1);
    assert.equal(job.status?.completedIndexes, '0');
  });

  it('fails the Job when a podFailurePolicy FailJob rule matches', async () => {
    const h = await harness();
    await h.createJob('pfp', {
      backoffLimit: 6,
      podReplacementPolicy: 'Failed',
      podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] },
    });
    await h.sync('pfp');
    const pod = h.pods()[0]!;
    await h.finish(pod, 'Failed', { exitCode: 42 });
    await h.sync('pfp');
    const job = h.job('pfp');
    const failed = job.status?.conditions?.find((c) => c.type === 'Failed');
    assert.equal(failed?.reason, 'PodFailurePolicy');
    assert.equal(failed?.message, `Container c for pod default/${pod.metadata.name} failed with exit code 42 matching FailJob rule at index 0`);
  });

  it('backoffLimitPerIndex: retries an index up to its limit, then fails it; the Job ends Failed/FailedIndexes', async () => {
    const h = await harness();
    await h.createJob('bl', { completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimit: 2147483647, backoffLimitPerIndex: 1 });
    await h.sync('bl');
    const ixOf = (p: Pod) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'];
    const countOf = (p: Pod) => p.metadata.annotations?.['batch.kubernetes.io/job-index-failure-count'];
    const pods = h.pods();
    assert.equal(pods.length, 3);
    for (const p of pods) assert.equal(countOf(p), '0', 'first pods of an index start at 0 failures');
    assert.equal(h.job('bl').status?.failedIndexes, '', 'failedIndexes is set (empty) with backoffLimitPerIndex');
    const first1 = pods.find((p) => ixOf(p) === '1')!;
    await h.finish(first1, 'Failed');
    await h.sync('bl');
    let job = h.job('bl');
    assert.equal(job.status?.failedIndexes, '');
    assert.equal(job.status?.failed, undefined, 'the last failed pod of the index is kept (and not counted) until replaced');
    assert.deepEqual(h.pods().find((p) => p.metadata.name === first1.metadata.name)?.metadata.finalizers, ['batch.kubernetes.io/job-tracking']);
    assert.equal(h.pods().length, 3, 'no replacement during the index back-off');
    h.clock.setTime(NOW + 9_000);
    await h.sync('bl');
    assert.equal(h.pods().length, 3);
    h.clock.setTime(NOW + 10_000);
    await h.sync('bl');
    const second1 = h.pods().find((p) => ixOf(p) === '1' && p.metadata.name !== first1.metadata.name)!;
    assert.ok(second1, 'index 1 replaced after 10 s');
    assert.equal(countOf(second1), '1', 'the replacement carries the failures of its index');
    await h.sync('bl');
    job = h.job('bl');
    assert.equal(job.status?.failed, 1, 'the replaced pod is counted and released');
    assert.deepEqual(h.pods().find((p) => p.metadata.name === first1.metadata.name)?.metadata.finalizers ?? [], []);
    // The second failure exceeds backoffLimitPerIndex=1: index 1 fails; the other indexes complete.
    await h.finish(second1, 'Failed');
    await h.sync('bl');
    job = h.job('bl');
    assert.equal(job.status?.failedIndexes, '1');
    assert.equal(job.status?.failed, 2);
    assert.deepEqual(job.status?.conditions ?? [], [], 'the Job still runs its other indexes');
    h.clock.setTime(NOW + 60_000);
    await h.sync('bl');
    assert.equal(h.pods().filter((p) => ixOf(p) === '1' && !p.status?.phase).length, 0, 'a failed index is not retried');
    assert.equal(h.pods().length, 4);
    for (const p of h.pods().filter((x) => !x.status?.phase)) await h.finish(p, 'Succeeded');
    await h.sync('bl');
    job = h.job('bl');
    assert.equal(job.status?.completedIndexes, '0,2');
    assert.equal(job.status?.failedIndexes, '1');
    assert.equal(job.status?.succeeded, 2);
    assert.deepEqual(
      job.status?.conditions?.map((c) => `${c.type}/${c.reason}/${c.message}`),
      ['FailureTarget/FailedIndexes/Job has failed indexes', 'Failed/FailedIndexes/Job has failed indexes'],
    );
    await h.flushEvents();
    assert.ok(h.events().includes('FailedIndexes: Job has failed indexes'));
  });

  it('backoffLimitPerIndex: fails the Job once more than maxFailedIndexes indexes failed', async () => {
    const h = await harness();
    await h.createJob('mfi', { completionMode: 'Indexed', completions: 4, parallelism: 4, backoffLimit: 2147483647, backoffLimitPerIndex: 0, maxFailedIndexes: 1 });
    await h.sync('mfi');
    const ixOf = (p: Pod) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'];
    await h.finish(h.pods().find((p) => ixOf(p) === '0')!, 'Failed');
    await h.sync('mfi');
    let job = h.job('mfi');
    assert.equal(job.status?.failedIndexes, '0', 'one failed index is allowed');
    assert.deepEqual(job.status?.conditions ?? [], []);
    assert.equal(job.status?.failed, 1);
    await h.finish(h.pods().find((p) => ixOf(p) === '1')!, 'Failed');
    await h.sync('mfi');
    job = h.job('mfi');
    assert.equal(job.status?.failedIndexes, '0,1');
    assert.deepEqual(
      job.status?.conditions?.map((c) => `${c.type}/${c.reason}/${c.message}`),
      ['FailureTarget/MaxFailedIndexesExceeded/Job has exceeded the specified maximal number of failed indexes'],
    );
    assert.equal(job.status?.terminating, 2, 'the remaining pods are terminated');
    for (const p of h.pods().filter((x) => !x.status?.phase)) {
      assert.ok(p.metadata.deletionTimestamp);
      await h.finish(p, 'Failed');
    }
    await h.sync('mfi');
    job = h.job('mfi');
    assert.deepEqual(
      job.status?.conditions?.map((c) => `${c.type}/${c.reason}`),
      ['FailureTarget/MaxFailedIndexesExceeded', 'Failed/MaxFailedIndexesExceeded'],
    );
    assert.equal(job.status?.failed, 4);
    assert.equal(job.status?.terminating, 0);
    await h.flushEvents();
    assert.ok(h.events().includes('MaxFailedIndexesExceeded: Job has exceeded the specified maximal number of failed indexes'));
  });

  it('backoffLimitPerIndex: a FailIndex rule fails the index at once; Ignore counts apart', async () => {
    const h = await harness();
    await h.createJob('fi', {
      completionMode: 'Indexed',
      completions: 2,
      parallelism: 2,
      backoffLimit: 2147483647,
      backoffLimitPerIndex: 3,
      podReplacementPolicy: 'Failed',
      podFailurePolicy: {
        rules: [
          { action: 'FailIndex', onExitCodes: { operator: 'In', values: [42] } },
          { action: 'Ignore', onExitCodes: { operator: 'In', values: [7] } },
        ],
      },
    });
    await h.sync('fi');
    const ixOf = (p: Pod) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'];
    const [p0, p1] = [h.pods().find((p) => ixOf(p) === '0')!, h.pods().find((p) => ixOf(p) === '1')!];
    await h.finish(p0, 'Failed', { exitCode: 42 });
    await h.finish(p1, 'Failed', { exitCode: 7 });
    await h.sync('fi');
    let job = h.job('fi');
    assert.equal(job.status?.failedIndexes, '0', 'FailIndex fails index 0 although its budget is 3');
    assert.equal(job.status?.failed, 1, 'the ignored failure is not counted');
    assert.deepEqual(job.status?.conditions ?? [], []);
    h.clock.setTime(NOW + 10_000);
    await h.sync('fi');
    const fresh = h.pods().filter((p) => p.metadata.name !== p0.metadata.name && p.metadata.name !== p1.metadata.name);
    assert.equal(fresh.length, 1, 'only index 1 is retried');
    assert.equal(ixOf(fresh[0]!), '1');
    assert.equal(fresh[0]!.metadata.annotations?.['batch.kubernetes.io/job-index-failure-count'], '0');
    assert.equal(fresh[0]!.metadata.annotations?.['batch.kubernetes.io/job-index-ignored-failure-count'], '1');
    await h.finish(fresh[0]!, 'Succeeded');
    await h.sync('fi');
    job = h.job('fi');
    assert.equal(job.status?.completedIndexes, '1');
    assert.equal(job.status?.failedIndexes, '0');
    assert.deepEqual(
      job.status?.conditions?.map((c) => `${c.type}/${c.reason}`),
      ['FailureTarget/FailedIndexes', 'Failed/FailedIndexes'],
    );
  });

  it('adopts matching orphans and releases the finalizer of orphans', async () => {
    const h = await harness();
    const real = await h.createJob('adopt', { completions: 1 });
    await h.client.resource<Pod>('pods', 'default').create({
      metadata: { name: 'stray', namespace: 'default', labels: { 'batch.kubernetes.io/controller-uid': 'uid-adopt' } },
      spec: { containers: [{ name: 'c' }] },
    });
    await h.cached('pods', (ps) => ps.length === 1);
    await h.sync('adopt');
    const stray = h.pods().find((p) => p.metadata.name === 'stray')!;
    assert.equal(stray.metadata.ownerReferences?.[0]?.uid, real.metadata.uid);
    assert.deepEqual(stray.metadata.finalizers, ['batch.kubernetes.io/job-tracking']);
    assert.equal(h.pods().length, 1, 'the adopted pod counts as active');

    await h.client.resource<Pod>('pods', 'default').create({ metadata: { name: 'orphan', namespace: 'default', finalizers: ['batch.kubernetes.io/job-tracking'] }, spec: { containers: [{ name: 'c' }] } });
    await h.cached('pods', (ps) => ps.some((p) => p.metadata.name === 'orphan'));
    await h.ctrl.syncOrphanPod('default/orphan');
    const orphan = h.pods().find((p) => p.metadata.name === 'orphan')!;
    assert.deepEqual(orphan.metadata.finalizers ?? [], []);
  });
});

describe('job helpers', () => {
  it('writes and reads index intervals as upstream', () => {
    assert.equal(formatIntervals([{ first: 0, last: 0 }, { first: 2, last: 3 }, { first: 5, last: 9 }]), '0,2,3,5-9');
    assert.deepEqual(parseIntervals('0,2,3,5-9,12', 10), [{ first: 0, last: 0 }, { first: 2, last: 3 }, { first: 5, last: 9 }]);
    assert.deepEqual(firstPendingIndexes([{ first: 0, last: 1 }, { first: 3, last: 3 }], 3, 6), [2, 4, 5]);
    assert.equal(generateNameWithIndex('a'.repeat(60), 7), `${'a'.repeat(55)}-7-`);
  });

  it('computes the failure backoff', () => {
    const s = new BackoffStore();
    const failed = (t: number): Pod => ({ metadata: { creationTimestamp: new Date(0).toISOString() }, status: { phase: 'Failed', containerStatuses: [{ name: 'c', state: { terminated: { finishedAt: new Date(t).toISOString() } } }] } });
    const rec = s.next('k', [], [failed(1000), failed(2000), failed(3000)]);
    assert.equal(rec.failuresAfterLastSuccess, 3);
    assert.equal(remainingBackoffMs(rec, 3000), 40_000);
    assert.equal(remainingBackoffMs(rec, 13_000), 30_000);
    assert.equal(remainingBackoffMs({ key: 'k', failuresAfterLastSuccess: 20, lastFailureTime: 0 }, 0), 360_000);
  });

  it('counts failures per index', () => {
    const job: Job = { metadata: {}, spec: { completionMode: 'Indexed', completions: 2, backoffLimitPerIndex: 2, podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [7] } }] } } };
    const pod = (failures: string | undefined, code: number, finishedAt = 0): Pod => ({
      metadata: { name: 'p', annotations: { 'batch.kubernetes.io/job-completion-index': '0', ...(failures !== undefined ? { 'batch.kubernetes.io/job-index-failure-count': failures } : {}) } },
      status: { phase: 'Failed', containerStatuses: [{ name: 'c', state: { terminated: { exitCode: code, finishedAt: new Date(finishedAt).toISOString() } } }] },
    });
    assert.equal(isIndexFailed(job, pod('1', 1)), false, 'the second failure is within backoffLimitPerIndex=2');
    assert.equal(isIndexFailed(job, pod('2', 1)), true, 'the third exceeds it');
    assert.equal(isIndexFailed(job, pod('2', 7)), false, 'ignored failures never fail the index');
    assert.equal(isIndexFailed(job, pod('bogus', 1)), false, 'an unparsable count reads as 0');
    assert.deepEqual(newIndexFailureCounts(job, undefined), { failed: 0, ignored: 0 });
    assert.deepEqual(newIndexFailureCounts(job, pod('1', 1)), { failed: 2, ignored: 0 });
    assert.deepEqual(newIndexFailureCounts(job, pod('1', 7)), { failed: 1, ignored: 1 });
    // Index 0's pod failed twice before (back-off 40 s from its finish), index 1 has no failed pod.
    const delayed = new Map([[0, pod('2', 1, 1000)]]);
    assert.deepEqual(indexesReadyNow([0, 1], delayed, 1000), { ready: [1], waitMs: 0 });
    assert.deepEqual(indexesReadyNow([0], delayed, 11_000), { ready: [], waitMs: 30_000 });
    assert.deepEqual(indexesReadyNow([0], delayed, 41_000), { ready: [0], waitMs: 0 });
  });

  it('matches pod failure policy rules in order', () => {
    const job: Job = { metadata: {}, spec: { podFailurePolicy: { rules: [
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
      { action: 'Count', onExitCodes: { operator: 'NotIn', values: [1] } },
    ] } } };
    const pod = (code: number, conds: Array<{ type: string; status: string }> = []): Pod => ({ metadata: { name: 'p', namespace: 'ns' }, status: { phase: 'Failed', conditions: conds, containerStatuses: [{ name: 'c', state: { terminated: { exitCode: code } } }] } });
    assert.deepEqual(matchPodFailurePolicy(job, pod(1, [{ type: 'DisruptionTarget', status: 'True' }])), { countFailed: false, action: 'Ignore' });
    assert.deepEqual(matchPodFailurePolicy(job, pod(2)), { countFailed: true, action: 'Count' });
    assert.deepEqual(matchPodFailurePolicy(job, pod(1)), { countFailed: true });
  });
});
