// core/v1 Pod: READY, STATUS (the aggregate reason kubectl users know), RESTARTS with the time of
// the last restart, AGE; wide: IP, NODE, NOMINATED NODE, READINESS GATES.

import { ageColumn, nameColumn, text, wide } from './columns.js';
import { humanDuration, parseTime, translateTimestampSince } from './duration.js';
import { bool, created, deleting, n, name, obj, objs, s, str, type Json } from './fields.js';
import type { KubeObject, TablePrinter, TableRowCondition } from './types.js';

const columns = [
  nameColumn(),
  text('Ready', 'Ready containers out of all containers the pod runs (sidecars included).'),
  text('Status', 'A one-word summary of the pod: its phase, or the reason a container is waiting or stopped.'),
  text('Restarts', 'Container restarts in total, with how long ago the latest one happened.'),
  ageColumn(),
  wide('IP', 'The first IP address assigned to the pod.'),
  wide('Node', 'The node the pod is bound to.'),
  wide('Nominated Node', 'The node the scheduler nominated while preempting for this pod.'),
  wide('Readiness Gates', 'Readiness gates that are met, out of those the pod declares.'),
];

/** Tracks the restart count and the newest termination time over a set of containers. */
class Restarts {
  count = 0;
  last: number | undefined;

  add(status: Json): void {
    this.count += n(status, 'restartCount');
    const finished = parseTime(str(status, 'lastState', 'terminated', 'finishedAt'));
    if (finished !== undefined && (this.last === undefined || finished > this.last)) this.last = finished;
  }
}

/** "Signal:9" / "ExitCode:1" for a terminated state without a reason; prefixed for init containers. */
function exitText(terminated: Json, prefix: string): string {
  const signal = n(terminated, 'signal');
  return signal !== 0 ? `${prefix}Signal:${signal}` : `${prefix}ExitCode:${n(terminated, 'exitCode')}`;
}

function conditionTrue(pod: KubeObject, type: string): boolean {
  return objs(pod, 'status', 'conditions').some((c) => s(c, 'type') === type && s(c, 'status') === 'True');
}

interface PodSummary {
  ready: number;
  total: number;
  reason: string;
  restarts: Restarts;
}

/** Walks the init container statuses; returns whether the pod is still initializing. */
function scanInitContainers(pod: KubeObject, sum: PodSummary, sidecars: Restarts): boolean {
  const specs = objs(pod, 'spec', 'initContainers');
  const restartable = new Set(specs.filter((c) => s(c, 'restartPolicy') === 'Always').map((c) => s(c, 'name')));
  sum.total += restartable.size;
  const statuses = objs(pod, 'status', 'initContainerStatuses');
  for (let i = 0; i < statuses.length; i++) {
    const st = statuses[i]!;
    const isSidecar = restartable.has(s(st, 'name'));
    sum.restarts.add(st);
    if (isSidecar) sidecars.add(st);
    const terminated = obj(st, 'state', 'terminated');
    const waitingReason = s(st, 'state', 'waiting', 'reason');
    if (terminated !== undefined && n(terminated, 'exitCode') === 0) continue;
    if (isSidecar && bool(st, 'started') === true) {
      if (bool(st, 'ready') === true) sum.ready++;
      continue;
    }
    if (terminated !== undefined) {
      const why = s(terminated, 'reason');
      sum.reason = why === '' ? exitText(terminated, 'Init:') : `Init:${why}`;
    } else if (obj(st, 'state', 'waiting') !== undefined && waitingReason !== '' && waitingReason !== 'PodInitializing') {
      sum.reason = `Init:${waitingReason}`;
    } else {
      sum.reason = `Init:${i}/${specs.length}`;
    }
    return true;
  }
  return false;
}

/** Walks the app container statuses, last to first, so the first container's state wins. */
function scanContainers(pod: KubeObject, sum: PodSummary): void {
  let hasRunning = false;
  const statuses = objs(pod, 'status', 'containerStatuses');
  for (let i = statuses.length - 1; i >= 0; i--) {
    const st = statuses[i]!;
    sum.restarts.add(st);
    const waiting = obj(st, 'state', 'waiting');
    const terminated = obj(st, 'state', 'terminated');
    if (waiting !== undefined && s(waiting, 'reason') !== '') {
      sum.reason = s(waiting, 'reason');
    } else if (terminated !== undefined) {
      const why = s(terminated, 'reason');
      sum.reason = why !== '' ? why : exitText(terminated, '');
    } else if (bool(st, 'ready') === true && obj(st, 'state', 'running') !== undefined) {
      hasRunning = true;
      sum.ready++;
    }
  }
  if (sum.reason === 'Completed' && hasRunning) {
    sum.reason = conditionTrue(pod, 'Ready') ? 'Running' : 'NotReady';
  }
}

function summarize(pod: KubeObject): PodSummary {
  const phase = str(pod, 'status', 'phase') ?? 'Pending';
  const sum: PodSummary = {
    ready: 0,
    total: objs(pod, 'spec', 'containers').length,
    reason: s(pod, 'status', 'reason') || phase,
    restarts: new Restarts(),
  };
  const gated = objs(pod, 'status', 'conditions').some(
    (c) => s(c, 'type') === 'PodScheduled' && s(c, 'reason') === 'SchedulingGated',
  );
  if (gated) sum.reason = 'SchedulingGated';

  const sidecars = new Restarts();
  const initializing = scanInitContainers(pod, sum, sidecars);
  if (!initializing || conditionTrue(pod, 'Initialized')) {
    // Once initialized, only sidecar restarts count among the init containers.
    sum.restarts = sidecars;
    scanContainers(pod, sum);
  }

  if (deleting(pod)) {
    if (s(pod, 'status', 'reason') === 'NodeLost') sum.reason = 'Unknown';
    else if (phase !== 'Succeeded' && phase !== 'Failed') sum.reason = 'Terminating';
  }
  return sum;
}

function restartsCell(r: Restarts, now: Date): string {
  if (r.count === 0 || r.last === undefined) return String(r.count);
  return `${r.count} (${humanDuration(now.getTime() - r.last)} ago)`;
}

function readinessGates(pod: KubeObject): string {
  const gates = objs(pod, 'spec', 'readinessGates');
  if (gates.length === 0) return '<none>';
  const conditions = objs(pod, 'status', 'conditions');
  let met = 0;
  for (const gate of gates) {
    const cond = conditions.find((c) => s(c, 'type') === s(gate, 'conditionType'));
    if (cond !== undefined && s(cond, 'status') === 'True') met++;
  }
  return `${met}/${gates.length}`;
}

function podIP(pod: KubeObject): string {
  const ips = objs(pod, 'status', 'podIPs');
  // A v1 object may carry only status.podIP; conversion turns it into podIPs[0].
  const ip = ips.length > 0 ? s(ips[0], 'ip') : s(pod, 'status', 'podIP');
  return ip || '<none>';
}

function conditions(pod: KubeObject): TableRowCondition[] | undefined {
  switch (str(pod, 'status', 'phase')) {
    case 'Succeeded':
      return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
    case 'Failed':
      return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    default:
      return undefined;
  }
}

export const podPrinter: TablePrinter = {
  columns,
  cells(pod, now) {
    const sum = summarize(pod);
    return [
      name(pod),
      `${sum.ready}/${sum.total}`,
      sum.reason,
      restartsCell(sum.restarts, now),
      translateTimestampSince(created(pod), now),
      podIP(pod),
      s(pod, 'spec', 'nodeName') || '<none>',
      s(pod, 'status', 'nominatedNodeName') || '<none>',
      readinessGates(pod),
    ];
  },
  conditions,
};
