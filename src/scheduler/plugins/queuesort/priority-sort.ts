// PrioritySort: higher priority first; equal priority in the order pods entered the queue.

import type { QueuedPodInfo, QueueSortPlugin } from '../../framework/interface.js';
import { Names } from '../names.js';

export function prioritySortLess(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  const p1 = a.podInfo.priority;
  const p2 = b.podInfo.priority;
  return p1 > p2 || (p1 === p2 && a.timestamp < b.timestamp);
}

export class PrioritySort implements QueueSortPlugin {
  readonly name = Names.PrioritySort;
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    return prioritySortLess(a, b);
  }
}
