// Two kube-schedulers against one cluster: only the leader binds; when it dies the other takes over.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { eventually, KTS, startCluster, type Cluster } from './harness.js';

describe('scheduler leader election', () => {
  let c: Cluster;
  const procs: Array<{ p: ChildProcess; out: string }> = [];
  before(async () => {
    c = await startCluster({ args: ['--sim-nodes', '1', '--disable-scheduler'] });
    for (let i = 0; i < 2; i++) {
      const p = spawn(process.execPath, [KTS, 'scheduler', '--kubeconfig', c.kubeconfig, '--leader-elect-lease-duration', '4s', '--leader-elect-renew-deadline', '3s', '--leader-elect-retry-period', '1s'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const entry = { p, out: '' };
      p.stdout!.on('data', (d: Buffer) => (entry.out += d));
      p.stderr!.on('data', (d: Buffer) => (entry.out += d));
      procs.push(entry);
    }
  });
  after(async () => {
    for (const { p } of procs) p.kill('SIGKILL');
    await c?.stop();
  });

  it('binds only through the leader, and fails over', async () => {
    await eventually(async () => (await c.k(['get', 'nodes'])).includes(' Ready '), { what: 'a Ready node' });
    await eventually(async () => procs.filter((x) => x.out.includes('caches synced, scheduling')).length === 1, { what: 'one leading scheduler' });
    const holder = await c.k(['get', 'lease', 'kube-scheduler', '-n', 'kube-system', '-o', 'jsonpath={.spec.holderIdentity}']);
    assert.ok(holder);
    await c.k(['run', 'first', '--image=busybox:1.35']);
    await eventually(async () => (await c.k(['get', 'pod', 'first', '-o', 'jsonpath={.spec.nodeName}'])) === 'sim-0', { what: 'first bound' });
    assert.equal(procs.filter((x) => x.out.includes('caches synced, scheduling')).length, 1, 'the follower never started scheduling');
    const leader = procs.find((x) => x.out.includes('caches synced, scheduling'))!;
    const follower = procs.find((x) => x !== leader)!;
    leader.p.kill('SIGKILL');
    await eventually(async () => follower.out.includes('caches synced, scheduling'), { what: 'the follower takes over', timeoutMs: 30_000 });
    await c.k(['run', 'second', '--image=busybox:1.35']);
    await eventually(async () => (await c.k(['get', 'pod', 'second', '-o', 'jsonpath={.spec.nodeName}'])) === 'sim-0', { what: 'second bound by the new leader' });
    assert.notEqual(await c.k(['get', 'lease', 'kube-scheduler', '-n', 'kube-system', '-o', 'jsonpath={.spec.holderIdentity}']), holder);
  });
});
