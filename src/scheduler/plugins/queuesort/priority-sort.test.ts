import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { QueuedPodInfo } from '../../framework/interface.js';
import { PodInfo } from '../../framework/pod-info.js';
import { makePod } from '../../testing/wrappers.js';
import { PrioritySort } from './priority-sort.js';

function q(name: string, priority: number, timestamp: number): QueuedPodInfo {
  return {
    podInfo: new PodInfo(makePod(name, { priority })),
    timestamp,
    attempts: 0,
    initialAttemptTimestamp: null,
    unschedulablePlugins: new Set(),
    pendingPlugins: new Set(),
    gated: false,
    gatingPlugin: '',
  };
}

describe('PrioritySort', () => {
  const pl = new PrioritySort();
  it('orders by priority, higher first', () => {
    assert.equal(pl.less(q('a', 100, 2), q('b', 10, 1)), true);
    assert.equal(pl.less(q('a', 10, 1), q('b', 100, 2)), false);
  });
  it('orders equal priorities by queue timestamp', () => {
    assert.equal(pl.less(q('a', 0, 1), q('b', 0, 2)), true);
    assert.equal(pl.less(q('a', 0, 2), q('b', 0, 1)), false);
    assert.equal(pl.less(q('a', 0, 1), q('b', 0, 1)), false);
  });
});
