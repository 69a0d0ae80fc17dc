// The pod lifecycle event generator (upstream pkg/kubelet/pleg/generic.go): relists the runtime's
// sandboxes and containers every period, compares each with the previous relist, and reports per pod
// what changed — a container started, died or was removed, a sandbox changed — so the pod's worker
// syncs at once instead of at its next periodic resync.

import { realClock, type Clock } from '../../machinery/clock/index.js';
import { CRI_LABELS, type Runtime } from '../cri/types.js';

export type PodLifecycleEventType = 'ContainerStarted' | 'ContainerDied' | 'ContainerRemoved' | 'ContainerChanged' | 'PodSync';

export interface PodLifecycleEvent {
  podUid: string;
  type: PodLifecycleEventType;
  /** Container or sandbox id. */
  data: string;
}

export interface GenericPLEGOptions {
  runtime: Runtime;
  /** Relist period (upstream 1 s; default 500 ms). */
  relistPeriodMs?: number;
  clock?: Clock;
  log?: (m: string) => void;
}

type State = 'running' | 'exited' | 'unknown' | 'created' | 'non-existent';

export class GenericPLEG {
  private readonly handlers: ((e: PodLifecycleEvent) => void)[] = [];
  private previous = new Map<string, { uid: string; state: State }>();
  private lastRelist = 0;
  private readonly clock: Clock;
  private readonly log: (m: string) => void;

  constructor(private readonly o: GenericPLEGOptions) {
    this.clock = o.clock ?? realClock;
    this.log = o.log ?? (() => {});
  }

  watch(h: (e: PodLifecycleEvent) => void): void {
    this.handlers.push(h);
  }

  /** Healthy when a relist completed within the last 3 minutes (upstream relistThreshold). */
  healthy(): boolean {
    return this.clock.now() - this.lastRelist < 3 * 60_000;
  }

  /** One relist; returns the events it emitted. */
  async relist(): Promise<PodLifecycleEvent[]> {
    const current = new Map<string, { uid: string; state: State }>();
    for (const s of await this.o.runtime.listPodSandbox()) {
      const uid = s.labels[CRI_LABELS.podUid];
      if (uid) current.set(`s:${s.id}`, { uid, state: s.state === 'SANDBOX_READY' ? 'running' : 'exited' });
    }
    for (const c of await this.o.runtime.listContainers()) {
      const uid = c.labels[CRI_LABELS.podUid];
      if (!uid) continue;
      const state: State = c.state === 'CONTAINER_RUNNING' ? 'running' : c.state === 'CONTAINER_EXITED' ? 'exited' : c.state === 'CONTAINER_CREATED' ? 'created' : 'unknown';
      current.set(`c:${c.id}`, { uid, state });
    }
    const events: PodLifecycleEvent[] = [];
    const ids = new Set([...this.previous.keys(), ...current.keys()]);
    for (const key of ids) {
      const before = this.previous.get(key)?.state ?? 'non-existent';
      const after = current.get(key)?.state ?? 'non-existent';
      if (before === after) continue;
      const uid = (current.get(key) ?? this.previous.get(key))!.uid;
      const id = key.slice(2);
      if (key.startsWith('s:')) {
        events.push({ podUid: uid, type: 'PodSync', data: id });
        continue;
      }
      if (after === 'running') events.push({ podUid: uid, type: 'ContainerStarted', data: id });
      else if (after === 'exited') events.push({ podUid: uid, type: 'ContainerDied', data: id });
      else if (after === 'non-existent') events.push({ podUid: uid, type: before === 'running' ? 'ContainerDied' : 'ContainerRemoved', data: id });
      else events.push({ podUid: uid, type: 'ContainerChanged', data: id });
    }
    this.previous = current;
    this.lastRelist = this.clock.now();
    for (const e of events) for (const h of this.handlers) h(e);
    return events;
  }

  /** Relists every period until the signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const period = this.o.relistPeriodMs ?? 500;
    while (!signal.aborted) {
      try {
        await this.relist();
      } catch (err) {
        this.log(`PLEG relist failed: ${(err as Error).message}`);
      }
      if (!(await this.clock.sleep(period, signal))) break;
    }
  }
}
