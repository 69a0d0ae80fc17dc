import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../machinery/clock/index.js';
import { PodIPs } from './ip.js';
import { Semaphore } from './limiter.js';
import { imageID, normalizeImage, nodeAddress } from './objects.js';
import { desiredReady, exitedStatus, runningStatus, type PodView } from './podstatus.js';
import { backoffMs } from './pods.js';
import { TimerWheel } from './wheel.js';

const T0 = Date.parse('2024-01-01T00:00:00Z');

describe('sim building blocks', () => {
  it('TimerWheel: one timer, keys fire once at their time, rescheduling moves them', async () => {
    const clock = new FakeClock(T0);
    const fired: string[] = [];
    const w = new TimerWheel<string>({ clock, tickMs: 100, onDue: (ks) => fired.push(...ks.map((k) => `${k}@${clock.now() - T0}`)) });
    w.schedule('a', T0 + 250);
    w.schedule('b', T0 + 1000);
    w.schedule('c', T0 + 5000);
    w.schedule('c', T0 + 300);
    assert.equal(clock.pending(), 1);
    await clock.advance(2000);
    assert.deepEqual(fired, ['a@300', 'c@300', 'b@1000']);
    w.schedule('d', T0 + 2500);
    w.cancel('d');
    await clock.advance(1000);
    assert.equal(fired.length, 3);
    assert.equal(clock.pending(), 0);
  });

  it('PodIPs: .2 upward, stable per owner, reused after release, restored addresses skipped', () => {
    const ips = new PodIPs('10.244.3.0/24');
    ips.occupy('old', '10.244.3.3');
    assert.equal(ips.allocate('a'), '10.244.3.2');
    assert.equal(ips.allocate('a'), '10.244.3.2');
    assert.equal(ips.allocate('b'), '10.244.3.4');
    ips.release('a');
    const small = new PodIPs('10.0.0.0/29');
    const got = ['1', '2', '3', '4', '5', '6'].map((o) => small.allocate(o));
    assert.deepEqual(got, ['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6', undefined]);
    small.release('3');
    assert.equal(small.allocate('7'), '10.0.0.4');
    assert.equal(new PodIPs('fd00:10:244:1::/64').allocate('x'), 'fd00:10:244:1::2');
  });

  it('Semaphore bounds concurrency', async () => {
    const sem = new Semaphore(2);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        sem.run(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setImmediate(r));
          active--;
        }),
      ),
    );
    assert.equal(peak, 2);
    assert.equal(sem.inFlight, 0);
  });

  it('names images as containerd does, and nodes get addresses from 198.18.0.0/15', () => {
    assert.equal(normalizeImage('nginx'), 'docker.io/library/nginx:latest');
    assert.equal(normalizeImage('bitnami/redis:7'), 'docker.io/bitnami/redis:7');
    assert.equal(normalizeImage('registry.k8s.io/pause:3.10'), 'registry.k8s.io/pause:3.10');
    assert.equal(normalizeImage('localhost:5000/app'), 'localhost:5000/app:latest');
    assert.match(imageID('nginx'), /^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    assert.equal(nodeAddress(0), '198.18.0.1');
    assert.equal(nodeAddress(4999), '198.18.19.136');
  });

  it('pod statuses: running, exits by restart policy, readiness gates', () => {
    const pod: PodView = {
      metadata: { name: 'p', namespace: 'd', uid: 'u1' },
      spec: { restartPolicy: 'OnFailure', readinessGates: [{ conditionType: 'example.com/lb' }], containers: [{ name: 'c', image: 'x' }], initContainers: [{ name: 'i', image: 'y' }] },
      status: { phase: 'Pending', qosClass: 'BestEffort', conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2023-12-31T00:00:00Z' }] },
    };
    const running = runningStatus(pod, { hostIP: '198.18.0.1', podIP: '10.244.0.2', nowMs: T0 });
    assert.equal(running.phase, 'Running');
    assert.equal(running.qosClass, 'BestEffort');
    const conds = running.conditions as Array<{ type: string; status: string; reason?: string; message?: string; lastTransitionTime: string }>;
    assert.deepEqual(conds.map((c) => `${c.type}=${c.status}`), ['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=False', 'ContainersReady=True', 'PodScheduled=True']);
    assert.equal(conds[2]!.reason, 'ReadinessGatesNotReady');
    assert.equal(conds[2]!.message, 'corresponding condition of pod readiness gate "example.com/lb" does not exist.');
    assert.equal(conds[4]!.lastTransitionTime, '2023-12-31T00:00:00Z');
    assert.equal(((running.initContainerStatuses as Array<{ state: { terminated: { reason: string } } }>)[0]!.state.terminated.reason), 'Completed');
    const gated: PodView = { ...pod, status: { ...running, conditions: [...conds, { type: 'example.com/lb', status: 'True' }] } };
    assert.equal(desiredReady(gated)?.status, 'True');
    const failedOnce = exitedStatus({ ...pod, status: running }, 2, T0 + 1000);
    assert.equal(failedOnce.phase, 'Running');
    const cs = (failedOnce.containerStatuses as Array<Record<string, unknown>>)[0]!;
    assert.equal(cs.restartCount, 1);
    assert.deepEqual((cs.lastState as { terminated: Record<string, unknown> }).terminated.exitCode, 2);
    const done = exitedStatus({ ...pod, status: running }, 0, T0 + 1000);
    assert.equal(done.phase, 'Succeeded');
    assert.equal((done.conditions as Array<{ type: string; reason?: string }>).find((c) => c.type === 'Ready')?.reason, 'PodCompleted');
    assert.deepEqual([1, 2, 3, 6, 10].map(backoffMs), [10_000, 20_000, 40_000, 300_000, 300_000]);
  });
});
