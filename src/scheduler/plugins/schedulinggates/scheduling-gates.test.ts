import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Code } from '../../framework/status.js';
import { makePod } from '../../testing/wrappers.js';
import { SchedulingGates } from './scheduling-gates.js';

describe('SchedulingGates', () => {
  const pl = new SchedulingGates();
  it('lets ungated pods in', () => {
    assert.equal(pl.preEnqueue(makePod('p')), null);
  });
  it('holds gated pods with upstream message', () => {
    const s = pl.preEnqueue(makePod('p', { schedulingGates: ['foo', 'bar'] }));
    assert.equal(s?.code, Code.UnschedulableAndUnresolvable);
    assert.equal(s?.message(), 'waiting for scheduling gates: [foo bar]');
  });
  it('requeues when the gates are removed', () => {
    const gated = makePod('p', { schedulingGates: ['foo'] });
    const hint = pl.eventsToRegister()[0]!.hint!;
    assert.equal(hint(gated, gated, makePod('p')), 'Queue');
    assert.equal(hint(gated, gated, gated), 'QueueSkip');
  });
});
