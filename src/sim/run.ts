// runSimNodes: N simulated nodes (like kwok) driven through the client machinery only — Nodes, Leases
// and pod statuses written as kubelets write them, so the control plane cannot tell them from real
// ones. Built to scale to thousands of nodes and 100k+ pods: one pod informer, one node informer, one
// timer wheel, one work queue and a bound on requests in flight.

import { setMaxListeners } from 'node:events';
import type { KubeObject } from '../api/types.js';
import type { Client } from '../machinery/client/index.js';
import { realClock, type Clock } from '../machinery/clock/index.js';
import { dropManagedFields, objectOf, SharedIndexInformer } from '../machinery/informers/index.js';
import { NodeAgents } from './agents.js';
import { Semaphore } from './limiter.js';
import type { Capacity } from './objects.js';
import { PodSim } from './pods.js';
import { TimerWheel } from './wheel.js';

export interface SimNodesOptions {
  client: Client;
  count: number;
  /** Node names are <namePrefix><i> (default "sim-"). */
  namePrefix?: string;
  /** First index (default 0), for several simulators side by side. */
  startIndex?: number;
  capacity?: Partial<Capacity>;
  signal: AbortSignal;
  clock?: Clock;
  /** Requests in flight at most (default 64). */
  maxInFlight?: number;
  /** Pod workers (default: maxInFlight). */
  podWorkers?: number;
  leaseIntervalMs?: number;
  statusIntervalMs?: number;
  /** How long containers with sim.kts.io/exit run before exiting (default 1000). */
  exitAfterMs?: number;
  /** Wheel resolution (default 100 ms). */
  tickMs?: number;
  log?: (m: string) => void;
  /** Where the informers report relists and broken watches (default: log). */
  informerLog?: (m: string) => void;
}

export interface SimNodes {
  /** The node names. */
  names: string[];
  /** Resolves once every node is registered (with its Lease). */
  ready: Promise<void>;
  /** Resolves once the simulator stopped (after the signal aborted). */
  done: Promise<void>;
  stats(): { nodes: number; alive: number; leaseRenewals: number; statusUpdates: number; podsKnown: number; podsStarted: number; podsExited: number; podsDeleted: number; inFlight: number; errors: number };
}

export const DEFAULT_CAPACITY: Capacity = { cpu: '32', memory: '256Gi', pods: '110' };

export function runSimNodes(o: SimNodesOptions): SimNodes {
  const clock = o.clock ?? realClock;
  const log = o.log ?? (() => {});
  const prefix = o.namePrefix ?? 'sim-';
  const start = o.startIndex ?? 0;
  const names = Array.from({ length: o.count }, (_, i) => `${prefix}${start + i}`);
  const sem = new Semaphore(o.maxInFlight ?? 64);
  setMaxListeners(0, o.signal);
  let agents: NodeAgents;
  let pods: PodSim;
  const wheel = new TimerWheel<string>({
    clock,
    tickMs: o.tickMs ?? 100,
    onDue: (keys) => {
      for (const k of keys) {
        if (k.startsWith('p:')) pods.due(k.slice(2));
        else agents.due(k);
      }
    },
  });
  const informerLog = o.informerLog ?? log;
  const nodeInformer = new SharedIndexInformer<KubeObject>({ client: o.client.resource('nodes'), transform: dropManagedFields, clock, log: informerLog });
  agents = new NodeAgents({
    client: o.client,
    names,
    capacity: { ...DEFAULT_CAPACITY, ...o.capacity },
    clock,
    sem,
    wheel,
    cachedNode: (n) => nodeInformer.lister.get('', n),
    onRegistered: (n) => pods?.wakeNode(n),
    ...(o.leaseIntervalMs !== undefined ? { leaseIntervalMs: o.leaseIntervalMs } : {}),
    ...(o.statusIntervalMs !== undefined ? { statusIntervalMs: o.statusIntervalMs } : {}),
    log,
  });
  pods = new PodSim({
    client: o.client,
    agents,
    clock,
    sem,
    wheel,
    workers: o.podWorkers ?? o.maxInFlight ?? 64,
    ...(o.exitAfterMs !== undefined ? { exitAfterMs: o.exitAfterMs } : {}),
    log,
    informerLog,
  });
  nodeInformer.addEventHandler({
    onAdd: (n) => agents.observe(n) && pods.wakeNode(n.metadata.name ?? ''),
    onUpdate: (_old, n) => agents.observe(n) && pods.wakeNode(n.metadata.name ?? ''),
    onDelete: (n) => agents.forget(objectOf(n).metadata.name ?? ''),
  });
  const nodesRunning = nodeInformer.run(o.signal);
  const ready = agents.registerAll(o.signal);
  const done = (async () => {
    try {
      // Pod CIDRs and heartbeat annotations of the synced nodes are known before any pod is looked at.
      const nodesSynced = nodeInformer.waitForSync(o.signal).then((ok) => {
        for (const n of nodeInformer.lister.list()) agents.observe(n);
        return ok;
      });
      await Promise.all([pods.run(o.signal, nodesSynced), ready.catch(() => {})]);
    } finally {
      wheel.stop();
      await nodesRunning;
    }
  })();
  o.signal.addEventListener('abort', () => wheel.stop(), { once: true });
  return {
    names,
    ready,
    done,
    stats: () => ({
      nodes: names.length,
      alive: [...agents.byName.values()].filter((a) => agents.alive(a)).length,
      leaseRenewals: agents.stats.leaseRenewals,
      statusUpdates: agents.stats.statusUpdates,
      podsKnown: pods.informer.indexer.size,
      podsStarted: pods.stats.started,
      podsExited: pods.stats.exited,
      podsDeleted: pods.stats.deleted,
      inFlight: sem.inFlight,
      errors: agents.stats.errors,
    }),
  };
}
