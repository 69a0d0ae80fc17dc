import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import { Client } from '../client/client.js';
import { FakeTransport } from '../client/fake/index.js';
import { FakeClock, flushAsync } from '../clock/clock.js';
import { statusErrors } from '../errors/status.js';
import { LeaderElector } from './elector.js';
import { LeaseLock, microTime } from './lock.js';

interface Candidate {
  id: string;
  log: string[];
  ac: AbortController;
  done: Promise<void>;
  elector: LeaderElector;
  leaderSignal: AbortSignal | undefined;
}

function candidate(fake: FakeTransport, clock: FakeClock, id: string, o: { releaseOnCancel?: boolean } = {}): Candidate {
  const client = new Client({ transport: fake, clock, component: id, retry: false });
  const c: Partial<Candidate> & { log: string[] } = { id, log: [], ac: new AbortController() };
  c.elector = new LeaderElector({
    lock: new LeaseLock({ client, namespace: 'kube-system', name: 'ctrl', identity: id }),
    clock,
    ...o,
    onStartedLeading: (signal) => {
      c.leaderSignal = signal;
      c.log.push('started');
    },
    onStoppedLeading: () => c.log.push('stopped'),
    onNewLeader: (who) => c.log.push(`leader ${who}`),
  });
  c.done = c.elector.run(c.ac!.signal);
  return c as Candidate;
}

type Lease = KubeObject & { spec: { holderIdentity: string; leaseDurationSeconds: number; leaseTransitions: number; acquireTime: string; renewTime: string } };

function lease(fake: FakeTransport): Lease {
  return fake.tracker.get('coordination.k8s.io/leases', 'kube-system', 'ctrl') as Lease;
}

describe('LeaderElector (fake transport, fake clock)', () => {
  it('acquires a free lock, records it in a Lease and renews it', async () => {
    const clock = new FakeClock();
    const fake = new FakeTransport({ clock });
    const a = candidate(fake, clock, 'a');
    await flushAsync();
    assert.deepEqual(a.log, ['leader a', 'started']);
    assert.equal(a.elector.isLeader(), true);
    const l = lease(fake);
    assert.equal(l.spec.holderIdentity, 'a');
    assert.equal(l.spec.leaseDurationSeconds, 15);
    assert.equal(l.spec.leaseTransitions, 0);
    assert.equal(l.spec.acquireTime, microTime(clock.now()));
    assert.match(l.spec.renewTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    await clock.advance(2000);
    const renewed = lease(fake);
    assert.equal(renewed.spec.renewTime, microTime(clock.now()));
    assert.equal(renewed.spec.acquireTime, l.spec.acquireTime, 'acquireTime kept on renew');
    a.ac.abort();
    await a.done;
    assert.deepEqual(a.log, ['leader a', 'started', 'stopped']);
    assert.equal(a.leaderSignal?.aborted, true);
  });

  it('lets only one of two candidates lead; the other takes over once renewals stop', async () => {
    const clock = new FakeClock();
    const fake = new FakeTransport({ clock });
    const a = candidate(fake, clock, 'a');
    await flushAsync();
    const b = candidate(fake, clock, 'b');
    await flushAsync();
    assert.equal(a.elector.isLeader(), true);
    assert.equal(b.elector.isLeader(), false);
    assert.deepEqual(b.log, ['leader a']);
    await clock.advance(10_000);
    assert.deepEqual(b.log, ['leader a'], 'b keeps waiting while a renews');
    // a stops renewing (cancelled without releasing): b must wait out the lease duration.
    a.ac.abort();
    await a.done;
    assert.equal(lease(fake).spec.holderIdentity, 'a');
    await clock.advance(10_000);
    assert.equal(b.elector.isLeader(), false, 'not before the lease expires on b\'s clock');
    // b saw a's last renewal at most one jittered retry (4.4 s) after it; 15 s later it may take over.
    await clock.advance(15_000);
    assert.equal(b.elector.isLeader(), true);
    assert.deepEqual(b.log, ['leader a', 'leader b', 'started']);
    assert.equal(lease(fake).spec.leaseTransitions, 1);
    b.ac.abort();
    await b.done;
  });

  it('releases on cancel so the next candidate need not wait the full lease', async () => {
    const clock = new FakeClock();
    const fake = new FakeTransport({ clock });
    const a = candidate(fake, clock, 'a', { releaseOnCancel: true });
    await flushAsync();
    const b = candidate(fake, clock, 'b');
    await flushAsync();
    a.ac.abort();
    await a.done;
    const released = lease(fake);
    assert.equal(released.spec.holderIdentity, '');
    assert.equal(released.spec.leaseDurationSeconds, 1);
    await clock.advance(5_000);
    assert.equal(b.elector.isLeader(), true);
    b.ac.abort();
    await b.done;
  });

  it('gives up leadership when it cannot renew within the renew deadline', async () => {
    const clock = new FakeClock();
    const fake = new FakeTransport({ clock });
    const a = candidate(fake, clock, 'a');
    await flushAsync();
    assert.equal(a.elector.isLeader(), true);
    fake.prependReactor((act) => {
      if (act.resource === 'leases') throw statusErrors.unavailable('etcd is down');
      return undefined;
    });
    await clock.advance(12_000);
    await a.done;
    assert.deepEqual(a.log, ['leader a', 'started', 'stopped']);
    assert.equal(a.leaderSignal?.aborted, true, 'the leader work is told to stop');
  });

  it('notices another holder took the lock and stops leading', async () => {
    const clock = new FakeClock();
    const fake = new FakeTransport({ clock });
    const a = candidate(fake, clock, 'a');
    await flushAsync();
    const cur = lease(fake);
    const client = new Client({ transport: fake });
    await client.resource('leases.coordination.k8s.io', 'kube-system').update({ ...cur, spec: { ...cur.spec, holderIdentity: 'intruder', renewTime: microTime(clock.now()) } });
    await clock.advance(12_000);
    await a.done;
    assert.deepEqual(a.log, ['leader a', 'started', 'leader intruder', 'stopped']);
  });

  it('validates its timings', () => {
    const fake = new FakeTransport();
    const lock = new LeaseLock({ client: new Client({ transport: fake }), namespace: 'x', name: 'y', identity: 'z' });
    const cb = { onStartedLeading: () => {} };
    assert.throws(() => new LeaderElector({ lock, leaseDurationMs: 10_000, renewDeadlineMs: 10_000, ...cb }), /leaseDuration must be greater/);
    assert.throws(() => new LeaderElector({ lock, renewDeadlineMs: 2_000, retryPeriodMs: 2_000, ...cb }), /renewDeadline must be greater/);
    assert.throws(() => new LeaderElector({ lock: new LeaseLock({ client: new Client({ transport: fake }), namespace: 'x', name: 'y', identity: '' }), ...cb }), /identity/);
  });
});
