// A Handle for plugin unit tests: a snapshot built from nodes and pods, deterministic randomness, and
// recorders for what the plugin asked of the outside world.

import { type Clock, FakeClock } from '../../machinery/clock/index.js';
import { Snapshot } from '../cache/snapshot.js';
import type { Node, Pod, PodCondition } from '../framework/api.js';
import { type CycleState, CycleState as CycleStateImpl } from '../framework/cycle-state.js';
import { Framework, type PluginSpec, type Registry } from '../framework/framework.js';
import type { NamespaceLister, PDBLister, PodNominatorReader, VolumeBinder, VolumeLister } from '../framework/interface.js';
import { type PodInfo, PodInfo as PodInfoImpl } from '../framework/pod-info.js';
import type { PodDisruptionBudget } from '../framework/api.js';
import { defaultRegistry } from '../plugins/registry.js';

export interface TestFrameworkOptions {
  nodes?: Node[];
  pods?: Pod[];
  /** Plugins to enable besides PrioritySort and DefaultBinder. */
  plugins?: PluginSpec[];
  registry?: Registry;
  nominated?: Map<string, PodInfo[]>;
  pdbs?: PodDisruptionBudget[];
  namespaces?: Record<string, Record<string, string>>;
  /** PVCs, PVs and StorageClasses (e.g. a FakeVolumeAPI from ./volumes.js). */
  volumeLister?: VolumeLister;
  volumeBinder?: VolumeBinder;
  /** Default: a new FakeClock. */
  clock?: Clock;
}

export interface TestFramework {
  fwk: Framework;
  snapshot: Snapshot;
  deleted: { pod: Pod; condition: PodCondition }[];
  events: { pod: Pod; type: string; reason: string; message: string }[];
  statusPatches: { pod: Pod; nominatedNodeName?: string }[];
}

/** A framework over a fixed snapshot, for plugin tests that need the Handle (affinity, spread, preemption). */
export function testFramework(o: TestFrameworkOptions = {}): TestFramework {
  const snapshot = Snapshot.fromObjects(o.pods ?? [], o.nodes ?? []);
  const deleted: TestFramework['deleted'] = [];
  const events: TestFramework['events'] = [];
  const statusPatches: TestFramework['statusPatches'] = [];
  const nominated = o.nominated ?? new Map<string, PodInfo[]>();
  const nominator: PodNominatorReader = { nominatedPodsForNode: (n) => nominated.get(n) ?? [] };
  const pdbLister: PDBLister | undefined = o.pdbs ? { list: () => o.pdbs! } : undefined;
  const ns = o.namespaces ?? {};
  const namespaceLister: NamespaceLister = { labels: (n) => ns[n], list: () => Object.entries(ns) };
  let seed = 1;
  const fwk = new Framework({
    registry: o.registry ?? defaultRegistry(),
    profile: {
      schedulerName: 'default-scheduler',
      plugins: [{ name: 'PrioritySort' }, ...(o.plugins ?? []), { name: 'DefaultBinder' }],
    },
    snapshot: () => snapshot,
    nominator,
    clock: o.clock ?? new FakeClock(),
    random: () => {
      seed = (seed * 16807) % 2147483647;
      return (seed - 1) / 2147483646;
    },
    recorder: { event: (pod, type, reason, message) => events.push({ pod, type, reason, message }) },
    binder: { bind: async () => {} },
    statusUpdater: {
      updatePodStatus: async (pod, patch) => {
        statusPatches.push({ pod, ...(patch.nominatedNodeName !== undefined ? { nominatedNodeName: patch.nominatedNodeName } : {}) });
      },
    },
    podDeleter: {
      deletePod: async (pod, { condition }) => {
        deleted.push({ pod, condition });
      },
    },
    ...(pdbLister ? { pdbLister } : {}),
    namespaceLister,
    ...(o.volumeLister ? { volumeLister: o.volumeLister } : {}),
    ...(o.volumeBinder ? { volumeBinder: o.volumeBinder } : {}),
  });
  return { fwk, snapshot, deleted, events, statusPatches };
}

/** Runs PreFilter then Filter of the framework's plugins for one node; returns the status message or "" on success. */
export function filterMessage(t: TestFramework, state: CycleState, pod: PodInfo, nodeName: string): string {
  const s = t.fwk.runFilterPlugins(state, pod, t.snapshot.get(nodeName)!);
  return s === null ? '' : s.message();
}

/** PreFilter + Filter for every node of the snapshot: node name → "" (fits) or the status message. */
export function filterAll(t: TestFramework, pod: Pod): Record<string, string> {
  const state = new CycleStateImpl();
  const pi = new PodInfoImpl(pod);
  const pre = t.fwk.runPreFilterPlugins(state, pi, t.snapshot.list());
  const out: Record<string, string> = {};
  for (const ni of t.snapshot.list()) {
    if (pre.status) out[ni.name] = pre.status.message();
    else if (pre.result && !pre.result.nodeNames.has(ni.name)) out[ni.name] = 'filtered by PreFilter';
    else out[ni.name] = filterMessage(t, state, pi, ni.name);
  }
  return out;
}

/** PreScore + Score + NormalizeScore of the framework's plugins (unweighted, one plugin expected): node name → score. */
export function scoreAll(t: TestFramework, pod: Pod, nodeNames?: string[]): Record<string, number> {
  const state = new CycleStateImpl();
  const pi = new PodInfoImpl(pod);
  const nodes = nodeNames ? nodeNames.map((n) => t.snapshot.get(n)!) : [...t.snapshot.list()];
  const pre = t.fwk.runPreScorePlugins(state, pi, nodes);
  if (pre) throw pre.asError();
  const per = new Map<string, Float64Array>();
  const totals = t.fwk.runScorePlugins(state, pi, nodes, per);
  if (!(totals instanceof Float64Array)) throw totals.asError();
  const out: Record<string, number> = {};
  nodes.forEach((n, i) => (out[n.name] = totals[i]!));
  return out;
}
