// The statuses a kubelet writes for a pod, computed from the pod alone (pure functions): started
// (Running, IPs, conditions, container statuses), containers exited with a code (Succeeded/Failed by
// restartPolicy, or restarted with restartCount+1 and lastState.terminated), and the Ready condition
// with readiness gates.

import type { KubeObject } from '../api/types.js';
import { containerID, imageID, normalizeImage, rfc3339, type Condition } from './objects.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const objs = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

export interface PodView extends KubeObject {
  spec?: Obj;
  status?: Obj;
}

function conditionsOf(pod: PodView): Condition[] {
  return objs(pod.status?.conditions) as unknown as Condition[];
}

/** Upserts by type; the transition time stays when the status did not change. */
export function setConditions(existing: Condition[], wanted: Condition[], nowMs: number): Condition[] {
  const now = rfc3339(nowMs);
  const out = existing.map((c) => ({ ...c }));
  for (const w of wanted) {
    const i = out.findIndex((c) => c.type === w.type);
    const old = i >= 0 ? out[i] : undefined;
    const next: Condition = { ...w, lastProbeTime: null, lastTransitionTime: old && old.status === w.status ? (old.lastTransitionTime ?? now) : now };
    if (!next.reason) delete next.reason;
    if (!next.message) delete next.message;
    if (i >= 0) out[i] = next;
    else out.push(next);
  }
  // Kubelet order, others (DisruptionTarget, readiness gates) after.
  const order = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];
  const rank = (c: Condition) => {
    const r = order.indexOf(c.type);
    return r < 0 ? order.length : r;
  };
  return out.sort((a, b) => rank(a) - rank(b));
}

/** upstream's GeneratePodReadyCondition for containers that are all ready (or not). */
function readyCondition(spec: Obj, conds: Condition[], containersReady: Condition): Condition {
  if (containersReady.status !== 'True') return { type: 'Ready', status: 'False', ...(containersReady.reason ? { reason: containersReady.reason } : {}), ...(containersReady.message ? { message: containersReady.message } : {}) };
  const msgs: string[] = [];
  for (const g of objs(spec.readinessGates)) {
    const t = String(g.conditionType ?? '');
    const c = conds.find((x) => x.type === t);
    if (!c) msgs.push(`corresponding condition of pod readiness gate "${t}" does not exist.`);
    else if (c.status !== 'True') msgs.push(`the status of pod readiness gate "${t}" is not "True", but ${c.status}`);
  }
  if (msgs.length) return { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: msgs.join('') };
  return { type: 'Ready', status: 'True' };
}

/** The Ready condition the pod should have now (readiness gates may have changed). */
export function desiredReady(pod: PodView): Condition | undefined {
  const conds = conditionsOf(pod);
  const cr = conds.find((c) => c.type === 'ContainersReady');
  if (!cr) return undefined;
  return readyCondition(pod.spec ?? {}, conds, cr);
}

function isSidecar(c: Obj): boolean {
  return c.restartPolicy === 'Always';
}

function containerStatus(pod: PodView, c: Obj, restart: number, nowMs: number): Obj {
  const image = String(c.image ?? '');
  return {
    name: c.name,
    state: { running: { startedAt: rfc3339(nowMs) } },
    lastState: {},
    ready: true,
    restartCount: restart,
    image: normalizeImage(image),
    imageID: imageID(image),
    containerID: containerID(pod.metadata.uid ?? '', String(c.name ?? ''), restart),
    started: true,
  };
}

export function runningStatus(pod: PodView, o: { hostIP: string; podIP: string; nowMs: number }): Obj {
  const spec = pod.spec ?? {};
  const now = rfc3339(o.nowMs);
  const initStatuses = objs(spec.initContainers).map((c) =>
    isSidecar(c)
      ? containerStatus(pod, c, 0, o.nowMs)
      : {
          ...containerStatus(pod, c, 0, o.nowMs),
          state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now, containerID: containerID(pod.metadata.uid ?? '', String(c.name ?? ''), 0) } },
          ready: true,
          started: false,
        },
  );
  const statuses = objs(spec.containers).map((c) => containerStatus(pod, c, 0, o.nowMs));
  const containersReady: Condition = { type: 'ContainersReady', status: 'True' };
  const base = conditionsOf(pod);
  const wanted: Condition[] = [
    { type: 'PodReadyToStartContainers', status: 'True' },
    { type: 'Initialized', status: 'True' },
    containersReady,
    { type: 'PodScheduled', status: 'True' },
  ];
  const conds = setConditions(base, wanted, o.nowMs);
  const status: Obj = {
    ...(pod.status ?? {}),
    phase: 'Running',
    conditions: setConditions(conds, [readyCondition(spec, conds, containersReady)], o.nowMs),
    hostIP: o.hostIP,
    hostIPs: [{ ip: o.hostIP }],
    podIP: o.podIP,
    podIPs: [{ ip: o.podIP }],
    startTime: (pod.status?.startTime as string | undefined) ?? now,
    containerStatuses: statuses,
  };
  if (initStatuses.length) status.initContainerStatuses = initStatuses;
  return status;
}

/** When the current container instances started (ms), from the running states. */
export function startedAtMs(pod: PodView): number | undefined {
  let min: number | undefined;
  for (const cs of objs(pod.status?.containerStatuses)) {
    const run = isObj(cs.state) && isObj(cs.state.running) ? cs.state.running : undefined;
    const t = run ? Date.parse(String(run.startedAt ?? '')) : NaN;
    if (Number.isFinite(t)) min = min === undefined ? t : Math.min(min, t);
  }
  return min;
}

export function restartCountOf(pod: PodView): number {
  return Math.max(0, ...objs(pod.status?.containerStatuses).map((c) => Number(c.restartCount ?? 0)));
}

/** Does an exit with this code restart the containers (restartPolicy Always, or OnFailure and non-zero)? */
export function restarts(pod: PodView, code: number): boolean {
  const policy = String(pod.spec?.restartPolicy ?? 'Always');
  return policy === 'Always' || (policy === 'OnFailure' && code !== 0);
}

/** Every app container exits with `code`: terminal, or restarted. */
export function exitedStatus(pod: PodView, code: number, nowMs: number): Obj {
  const now = rfc3339(nowMs);
  const reason = code === 0 ? 'Completed' : 'Error';
  const status = pod.status ?? {};
  const old = objs(status.containerStatuses);
  if (restarts(pod, code)) {
    const statuses = old.map((cs) => {
      const run = isObj(cs.state) && isObj(cs.state.running) ? cs.state.running : {};
      const n = Number(cs.restartCount ?? 0) + 1;
      return {
        ...cs,
        state: { running: { startedAt: now } },
        lastState: { terminated: { exitCode: code, reason, startedAt: run.startedAt ?? now, finishedAt: now, containerID: cs.containerID } },
        restartCount: n,
        containerID: containerID(pod.metadata.uid ?? '', String(cs.name ?? ''), n),
        ready: true,
        started: true,
      };
    });
    return { ...status, containerStatuses: statuses };
  }
  const phase = code === 0 ? 'Succeeded' : 'Failed';
  const statuses = old.map((cs) => {
    const run = isObj(cs.state) && isObj(cs.state.running) ? cs.state.running : {};
    return { ...cs, state: { terminated: { exitCode: code, reason, startedAt: run.startedAt ?? now, finishedAt: now, containerID: cs.containerID } }, ready: false, started: false };
  });
  const why = phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed';
  const conds = setConditions(
    objs(status.conditions) as unknown as Condition[],
    [
      { type: 'PodReadyToStartContainers', status: 'False' },
      { type: 'Ready', status: 'False', reason: why },
      { type: 'ContainersReady', status: 'False', reason: why },
    ],
    nowMs,
  );
  return { ...status, phase, conditions: conds, containerStatuses: statuses };
}
