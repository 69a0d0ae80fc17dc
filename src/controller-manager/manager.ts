// kube-controller-manager: its own client for leader election (the kube-system/kube-controller-manager
// Lease) and the shared informers; each controller writes with a client of its own ServiceAccount
// (upstream's --use-service-account-credentials) when a factory for those is given, else with the
// manager's. Event recorders per controller identity, and the controllers' lifecycles.

import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { realClock, type Clock } from '../machinery/clock/clock.js';
import type { Client } from '../machinery/client/index.js';
import type { ControllerContext, ControllerDescriptor } from '../machinery/controller/index.js';
import { EventRecorder } from '../machinery/events/index.js';
import { SharedInformerFactory } from '../machinery/informers/index.js';
import { runLeaderElection } from '../machinery/leaderelection/index.js';
import { ensureServiceAccount, serviceAccountFor } from './serviceaccounts.js';

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
  /** kube-controller-manager's own identity: leader election, shared informers, ServiceAccount creation. */
  client: Client;
  /**
   * A client acting as kube-system/<serviceAccount> (upstream's --use-service-account-credentials).
   * Each controller gets the one of its ServiceAccount, which is created first if missing; the manager
   * closes these clients when the controllers stop. Absent: every controller uses `client`.
   */
  clientFor?: (serviceAccount: string) => Client | Promise<Client>;
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
    const selected = o.controllers.filter((c) => isEnabled(c.name, o.enabled));
    const clients = await controllerClients(o, selected, signal, log);
    const recorders = new Map<string, EventRecorder>();
    const contextFor = (client: Client, key: string): ControllerContext => ({
      client,
      informers,
      recorder: (component) => {
        const id = `${key}/${component}`;
        let r = recorders.get(id);
        if (!r) {
          r = new EventRecorder(client, { component, clock, log });
          recorders.set(id, r);
        }
        return r;
      },
      clock,
      signal,
      log,
      options: o.options ?? {},
    });
    log(`controller-manager: starting ${selected.map((c) => c.name).join(', ')}`);
    const running = selected.map((c) => {
      const sa = o.clientFor ? serviceAccountFor(c.name) : '';
      return c.start(contextFor(clients.get(sa) ?? o.client, sa)).catch((err: Error) => {
        if (!signal.aborted) log(`controller ${c.name} stopped: ${err.stack ?? err.message}`);
      });
    });
    informers.start(signal);
    await Promise.all(running);
    await informers.shutdown();
    for (const r of recorders.values()) await r.shutdown();
    for (const c of clients.values()) await c.close();
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

/** The clients of the selected controllers' ServiceAccounts (none without o.clientFor), each account
 *  made sure of first — as upstream's client builder does before it asks for a token. */
async function controllerClients(o: ControllerManagerOptions, selected: ControllerDescriptor[], signal: AbortSignal, log: (m: string) => void): Promise<Map<string, Client>> {
  const clients = new Map<string, Client>();
  if (!o.clientFor) return clients;
  const accounts = [...new Set(selected.map((c) => serviceAccountFor(c.name)))];
  await Promise.all(
    accounts.map((sa) =>
      ensureServiceAccount(o.client, sa, signal).catch((err: Error) => {
        if (!signal.aborted) log(`controller-manager: cannot make sure of ServiceAccount kube-system/${sa}: ${err.message}`);
      }),
    ),
  );
  for (const sa of accounts) clients.set(sa, await o.clientFor(sa));
  return clients;
}
