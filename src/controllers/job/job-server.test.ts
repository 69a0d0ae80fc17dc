// The Job controller against an in-process API server, the test playing the kubelet: a Job with
// completions=3 completes, and a Job whose pods fail hits its backoffLimit.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import type { Client } from '../../machinery/client/index.js';
import { startInProcessServer, type InProcessServer } from '../../machinery/client/testenv.js';
import { realClock } from '../../machinery/clock/index.js';
import type { ControllerContext } from '../../machinery/controller/index.js';
import { EventRecorder } from '../../machinery/events/index.js';
import { SharedInformerFactory } from '../../machinery/informers/index.js';
import { jobDescriptor } from './index.js';
import type { Job, Pod } from './types.js';

/**
 * Writes every recorded event. The EventRecorder has a race (an event recorded while its drain loop
 * is finishing waits for the next event), so record one more about a throwaway object first.
 */
async function eventually<T>(get: () => Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Plays the kubelet: every pod of the namespace that has no phase yet finishes with `phase`. */
function fakeKubelet(client: Client, ns: string, phase: (p: Pod) => 'Succeeded' | 'Failed' | undefined, signal: AbortSignal): Promise<void> {
  const pods = client.resource<Pod>('pods', ns);
  return (async () => {
    while (!signal.aborted) {
      for (const p of (await pods.list()).items) {
        const want = phase(p);
        if (!want || p.status?.phase === want || p.metadata.deletionTimestamp) continue;
        const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
        const exitCode = want === 'Succeeded' ? 0 : 1;
        await pods
          .updateStatus({
            ...p,
            status: {
              ...p.status,
              phase: want,
              conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: now }],
              containerStatuses: [{ name: 'c', restartCount: 0, state: { terminated: { exitCode, finishedAt: now } } }],
            },
          })
          .catch(() => {});
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
}

function newJob(name: string, spec: Record<string, unknown>): Job {
  return {
    metadata: { name },
    spec: { ...spec, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
  } as Job;
}

describe('job controller against an in-process API server', () => {
  let server: InProcessServer;
  let client: Client;
  const ac = new AbortController();
  let running: Promise<void>;
  let informers: SharedInformerFactory;
  let recorder: EventRecorder;

  before(async () => {
    server = await startInProcessServer();
    client = server.client('test');
    const cm = server.client('kube-controller-manager');
    informers = new SharedInformerFactory(cm);
    recorder = new EventRecorder(cm, { component: 'job-controller' });
    const ctx: ControllerContext = {
      client: cm,
      informers,
      recorder: () => recorder,
      clock: realClock,
      signal: ac.signal,
      log: () => {},
      options: { 'concurrent-job-syncs': '2' },
    };
    running = jobDescriptor.start(ctx);
    informers.start(ac.signal);
  });

  after(async () => {
    ac.abort();
    await running;
    await informers.shutdown();
    await recorder.shutdown();
    await server.stop();
  });

  it('runs a Job with completions=3 to completion', async () => {
    await client.resource('namespaces').create({ metadata: { name: 'ok' } });
    const kubelet = new AbortController();
    const k = fakeKubelet(client, 'ok', () => 'Succeeded', kubelet.signal);
    try {
      const jobs = client.resource<Job>('jobs.batch', 'ok');
      await jobs.create(newJob('pi', { completions: 3, parallelism: 2 }));
      const done = await eventually(async () => {
        const j = await jobs.get('pi');
        return (j.status?.conditions ?? []).some((c) => c.type === 'Complete' && c.status === 'True') && j;
      }, 'the Job to complete');
      const st = done.status!;
      assert.equal(st.succeeded, 3);
      assert.equal(st.active, undefined);
      assert.equal(st.ready, 0);
      assert.equal(st.terminating, 0);
      assert.deepEqual(st.uncountedTerminatedPods, {});
      assert.ok(st.startTime && st.completionTime);
      assert.deepEqual(
        st.conditions!.map((c) => [c.type, c.status, c.reason, c.message]),
        [
          ['SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
          ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
        ],
      );
      const pods = (await client.resource<Pod>('pods', 'ok').list()).items;
      assert.equal(pods.length, 3);
      for (const p of pods) {
        assert.match(p.metadata.name!, /^pi-[a-z0-9]{5}$/);
        assert.equal(p.metadata.labels?.['batch.kubernetes.io/job-name'], 'pi');
        assert.equal(p.metadata.labels?.['batch.kubernetes.io/controller-uid'], done.metadata.uid);
        assert.deepEqual(p.metadata.finalizers ?? [], [], 'the tracking finalizer is removed once counted');
        assert.equal(p.metadata.ownerReferences?.[0]?.kind, 'Job');
      }
      await recorder.flush();
      const events = (await client.resource<KubeObject>('events', 'ok').list()).items as Array<KubeObject & { reason: string; message: string }>;
      const reasons = events.map((e) => `${e.reason}: ${e.message}`);
      assert.equal(reasons.filter((r) => r.startsWith('SuccessfulCreate: Created pod: pi-')).length, 3);
      assert.ok(reasons.includes('Completed: Job completed'), reasons.join('\n'));
    } finally {
      kubelet.abort();
      await k;
    }
  });

  it('fails an index past backoffLimitPerIndex while the other indexes complete', async () => {
    await client.resource('namespaces').create({ metadata: { name: 'perindex' } });
    const kubelet = new AbortController();
    const ix = (p: Pod) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'];
    const k = fakeKubelet(client, 'perindex', (p) => (ix(p) === '1' ? 'Failed' : 'Succeeded'), kubelet.signal);
    try {
      const jobs = client.resource<Job>('jobs.batch', 'perindex');
      const created = await jobs.create(newJob('pi', { completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimitPerIndex: 0 }));
      assert.equal(created.spec?.backoffLimit, 2147483647, 'backoffLimit defaults to MaxInt32 with backoffLimitPerIndex');
      const failed = await eventually(async () => {
        const j = await jobs.get('pi');
        return (j.status?.conditions ?? []).some((c) => c.type === 'Failed' && c.status === 'True') && j;
      }, 'the Job to fail');
      const st = failed.status!;
      assert.equal(st.failedIndexes, '1');
      assert.equal(st.completedIndexes, '0,2');
      assert.equal(st.succeeded, 2);
      assert.equal(st.failed, 1);
      assert.deepEqual(
        st.conditions!.map((c) => [c.type, c.reason, c.message]),
        [
          ['FailureTarget', 'FailedIndexes', 'Job has failed indexes'],
          ['Failed', 'FailedIndexes', 'Job has failed indexes'],
        ],
      );
      const pods = (await client.resource<Pod>('pods', 'perindex').list()).items;
      assert.equal(pods.length, 3, 'index 1 is not retried');
      for (const p of pods) assert.equal(p.metadata.annotations?.['batch.kubernetes.io/job-index-failure-count'], '0');
    } finally {
      kubelet.abort();
      await k;
    }
  });

  it('fails a Job whose pods fail once backoffLimit is exceeded', async () => {
    await client.resource('namespaces').create({ metadata: { name: 'bad' } });
    const kubelet = new AbortController();
    const k = fakeKubelet(client, 'bad', () => 'Failed', kubelet.signal);
    try {
      const jobs = client.resource<Job>('jobs.batch', 'bad');
      await jobs.create(newJob('boom', { completions: 2, parallelism: 2, backoffLimit: 1 }));
      const failed = await eventually(async () => {
        const j = await jobs.get('boom');
        return (j.status?.conditions ?? []).some((c) => c.type === 'Failed' && c.status === 'True') && j;
      }, 'the Job to fail');
      assert.equal(failed.status?.failed, 2);
      assert.equal(failed.status?.completionTime, undefined);
      assert.deepEqual(
        failed.status!.conditions!.map((c) => [c.type, c.reason, c.message]),
        [
          ['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
          ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
        ],
      );
      await recorder.flush();
      const events = (await client.resource<KubeObject>('events', 'bad').list()).items as Array<KubeObject & { reason: string; message: string; type: string }>;
      assert.ok(events.some((e) => e.type === 'Warning' && e.reason === 'BackoffLimitExceeded' && e.message === 'Job has reached the specified backoff limit'));
    } finally {
      kubelet.abort();
      await k;
    }
  });
});
