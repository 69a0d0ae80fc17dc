import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../machinery/clock/index.js';
import type { PermitOutput, PermitPlugin } from './framework/interface.js';
import { Code, Status } from './framework/status.js';
import { defaultProfile, defaultRegistry } from './plugins/registry.js';
import { FakeCluster } from './testing/fake-cluster.js';
import { makeNode, makePod } from './testing/wrappers.js';

class WaitForIt implements PermitPlugin {
  readonly name = 'WaitForIt';
  permit(): PermitOutput {
    return { status: new Status(Code.Wait), timeoutMs: 5000 };
  }
}

function cluster() {
  const clock = new FakeClock();
  const profile = defaultProfile();
  profile.plugins.push({ name: 'WaitForIt' });
  const c = new FakeCluster({ clock, profiles: [profile], registry: { ...defaultRegistry(), WaitForIt: () => new WaitForIt() } });
  c.addNode(makeNode('n1'));
  return { c, clock, fwk: c.scheduler.profiles.get('default-scheduler')! };
}

describe('Permit', () => {
  it('holds the binding until the plugin allows the pod', async () => {
    const { c, fwk } = cluster();
    c.addPod(makePod('p'));
    const r = await c.scheduler.scheduleOne();
    assert.equal(r.kind, 'scheduled');
    await new Promise((res) => setImmediate(res));
    assert.equal(c.bindCount, 0);
    assert.deepEqual(fwk.getWaitingPod('uid-default-p')?.pendingPlugins(), ['WaitForIt']);
    fwk.getWaitingPod('uid-default-p')!.allow('WaitForIt');
    await c.scheduler.waitForBindings();
    assert.equal(c.nodeOf('p'), 'n1');
  });
  it('rejects on timeout, forgets the pod and requeues it with the reason', async () => {
    const { c, clock } = cluster();
    c.addPod(makePod('p'));
    await c.scheduler.scheduleOne();
    assert.equal(c.scheduler.cache.nodeInfo('n1')!.pods.length, 1, 'assumed while waiting');
    await clock.advance(5000);
    await c.scheduler.waitForBindings();
    assert.equal(c.scheduler.cache.nodeInfo('n1')!.pods.length, 0);
    assert.equal(c.events.at(-1)?.message, '0/1 nodes are available: 1 rejected due to timeout after waiting 5s at plugin WaitForIt.');
    assert.notEqual(c.scheduler.queue.whereIs(c.pods.get('uid-default-p')!), undefined);
  });
});
