// kube-controller-manager: one client, shared informers and event recorders for every controller,
// leader election on the kube-system/kube-controller-manager Lease, and the controllers' lifecycles.

import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { realClock, type Clock } from '../machinery/clock/clock.js';
import type { Client } from '../machinery/client/index.js';
import type { ControllerContext, ControllerDescriptor } from '../machinery/controller/index.js';
import { EventRecorder } from '../machinery/events/index.js';
import { SharedInformerFactory } from '../machinery/informers/index.js';
import { runLeaderElection } from '../machinery/leaderelection/index.js';

export interface LeaderElectionOptions {
  enabled: boolean;
  namespace?: string;
  name?: string;
  identity?: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
}

export interface ControllerManagerOptions {
  client: Client;
  controllers: ControllerDescriptor[];
  /** Controller names to run ("*" for all, "-name" to disable), as upstream's --controllers. */
  enabled?: string[];
  options?: Record<string, string>;
  leaderElection: LeaderElectionOptions;
  signal: AbortSignal;
  clock?: Clock;
  log?: (m: string) => void;
}

export function isEnabled(name: string, list: string[] | undefined): boolean {
  if (!list || list.length === 0) return true;
  if (list.includes(`-${name}`)) return false;
  return list.includes(name) || list.includes('*');
}

/** Runs the enabled controllers while this process leads (or always, without leader election). */
export async function runControllerManager(o: ControllerManagerOptions): Promise<void> {
  const log = o.log ?? (() => {});
  const run = async (signal: AbortSignal) => {
    setMaxListeners(0, signal);
    const clock = o.clock ?? realClock;
    const informers = new SharedInformerFactory(o.client, { clock, log });
    const recorders = new Map<string, EventRecorder>();
    const ctx: ControllerContext = {
      client: o.client,
      informers,
      recorder: (component) => {
        let r = recorders.get(component);
        if (!r) {
          r = new EventRecorder(o.client, { component, clock, log });
          recorders.set(component, r);
        }
        return r;
      },
      clock,
      signal,
      log,
      options: o.options ?? {},
    };
    const selected = o.controllers.filter((c) => isEnabled(c.name, o.enabled));
    log(`controller-manager: starting ${selected.map((c) => c.name).join(', ')}`);
    const running = selected.map((c) =>
      c.start(ctx).catch((err: Error) => {
        if (!signal.aborted) log(`controller ${c.name} stopped: ${err.stack ?? err.message}`);
      }),
    );
    informers.start(signal);
    await Promise.all(running);
    await informers.shutdown();
    for (const r of recorders.values()) await r.shutdown();
  };
  if (!o.leaderElection.enabled) return run(o.signal);
  const le = o.leaderElection;
  await runLeaderElection({
    client: o.client,
    namespace: le.namespace ?? 'kube-system',
    name: le.name ?? 'kube-controller-manager',
    identity: le.identity ?? `${hostname()}_${randomUUID()}`,
    leaseDurationMs: le.leaseDurationMs ?? 15_000,
    renewDeadlineMs: le.renewDeadlineMs ?? 10_000,
    retryPeriodMs: le.retryPeriodMs ?? 2_000,
    releaseOnCancel: true,
    signal: o.signal,
    onStartedLeading: (signal) => run(signal),
    onStoppedLeading: () => log('controller-manager: lost leadership'),
    onNewLeader: (id) => log(`controller-manager: the leader is ${id}`),
  });
}
