// Leader election against real API servers (real clock, short timings): two candidates, one leader;
// when the leader stops renewing the other takes over; with releaseOnCancel it takes over at once.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startInProcessServer, startKtsServer, type TestServer } from '../client/testenv.js';
import { runLeaderElection } from './elector.js';

async function eventually(cond: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Running {
  id: string;
  leading: boolean;
  ac: AbortController;
  done: Promise<void>;
}

function electionSuite(name: string, start: () => Promise<TestServer>): void {
  describe(`leader election against ${name}`, () => {
    let server: TestServer;
    const all: Running[] = [];
    before(async () => {
      server = await start();
    });
    after(async () => {
      // A failed test must not leave candidates running (they would keep the process alive).
      for (const r of all) r.ac.abort();
      await Promise.all(all.map((r) => r.done.catch(() => {})));
      await server?.stop();
    });

    const run = (id: string, lease: string, releaseOnCancel = false): Running => {
      const r: Partial<Running> & { id: string; leading: boolean } = { id, leading: false, ac: new AbortController() };
      r.done = runLeaderElection({
        client: server.client(id),
        namespace: 'kube-system',
        name: lease,
        identity: id,
        // A long lease when releasing, so "took over before the lease could expire" is unmistakable.
        leaseDurationMs: releaseOnCancel ? 10_000 : 4000,
        renewDeadlineMs: releaseOnCancel ? 8000 : 3000,
        retryPeriodMs: 250,
        releaseOnCancel,
        signal: r.ac!.signal,
        onStartedLeading: (signal) => {
          r.leading = true;
          signal.addEventListener('abort', () => (r.leading = false));
        },
      });
      all.push(r as Running);
      return r as Running;
    };

    for (const release of [false, true]) {
      it(`only one leads; the other takes over when the leader stops${release ? ' (releasing the lease)' : ''}`, async () => {
        const lease = `race-${release ? 'release' : 'expire'}`;
        const a = run('candidate-a', lease, release);
        const b = run('candidate-b', lease, release);
        await eventually(() => a.leading || b.leading, 'a leader');
        for (let i = 0; i < 40; i++) {
          assert.ok(!(a.leading && b.leading), 'never two leaders');
          await new Promise((r) => setTimeout(r, 25));
        }
        const [leader, follower] = a.leading ? [a, b] : [b, a];
        const stoppedAt = Date.now();
        leader.ac.abort();
        await leader.done;
        if (release) {
          // A released lease names no holder (or already the follower, if it was quick).
          const rel = await server.client('check').resource('leases.coordination.k8s.io', 'kube-system').get(lease);
          const holder = (rel.spec as { holderIdentity?: string }).holderIdentity ?? '';
          assert.ok(holder === '' || holder === follower.id, `the leader released the lease (holder ${JSON.stringify(holder)})`);
        }
        await eventually(() => follower.leading, `${follower.id} to take over`);
        const took = Date.now() - stoppedAt;
        // Without a release the follower waits out the lease (4 s from the last renewal it saw, which
        // was at most one renew period before the stop). With a release, the lease was checked above.
        if (!release) assert.ok(took >= 3000, `waited for the lease to expire (${took} ms)`);
        const l = await server.client('check').resource('leases.coordination.k8s.io', 'kube-system').get(lease);
        assert.equal((l.spec as { holderIdentity: string }).holderIdentity, follower.id);
        assert.equal((l.spec as { leaseTransitions: number }).leaseTransitions, 1);
        follower.ac.abort();
        await follower.done;
      });
    }
  });
}

electionSuite('an in-process APIServer', () => startInProcessServer());
electionSuite('a kts server over HTTPS', () => startKtsServer());
