// Turning a service's existing EndpointSlices into the desired ones with as few writes as possible
// (upstream's endpointslice Reconciler): per address type and port list, endpoints that are no
// longer wanted leave their slice, changed ones are rewritten in place, new ones fill slices that
// are being rewritten anyway (fullest first), then an unchanged slice they fit in exactly or best,
// and only then new slices (at most maxEndpointsPerSlice each). A service without endpoints keeps one
// empty placeholder slice. A slice that would be deleted while another is created is reused instead.

import { canonical } from './util/canon.js';
import { addressTypesFor, desiredEndpoints, endpointKey, endpointsEqualBeyondKey, portsKey, type AddressType } from './desired.js';
import { LABEL_HEADLESS, LABEL_MANAGED_BY, LABEL_SERVICE_NAME, isServiceIPSet, type Endpoint, type EndpointPort, type EndpointSlice, type Node, type Pod, type Service } from './util/index.js';

export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';

export interface ReconcileInput {
  service: Service;
  pods: Pod[];
  /** The service's slices managed by this controller (not being deleted). */
  existing: EndpointSlice[];
  nodeOf(name: string): Node | undefined;
  maxEndpointsPerSlice: number;
  controllerName?: string;
}

export interface Plan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
  /** Pods skipped because their node is not known (worth a retry). */
  missingNodes: string[];
}

function isReservedLabel(k: string): boolean {
  return k === LABEL_SERVICE_NAME || k === LABEL_MANAGED_BY || k === LABEL_HEADLESS;
}

/** The labels a slice should carry, and whether the service's own labels differ from the slice's. */
export function sliceLabels(slice: EndpointSlice, svc: Service, controllerName: string): { labels: Record<string, string>; changed: boolean } {
  const cur: Record<string, string> = {};
  for (const [k, v] of Object.entries(slice.metadata.labels ?? {})) if (!isReservedLabel(k)) cur[k] = v;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) if (!isReservedLabel(k)) labels[k] = v;
  const changed = canonical(cur) !== canonical(labels);
  if (!isServiceIPSet(svc)) labels[LABEL_HEADLESS] = '';
  labels[LABEL_SERVICE_NAME] = svc.metadata.name!;
  labels[LABEL_MANAGED_BY] = controllerName;
  return { labels, changed };
}

export function ownedBy(slice: EndpointSlice, svc: Service): boolean {
  return (slice.metadata.ownerReferences ?? []).some((r) => r.uid === svc.metadata.uid && r.kind === 'Service' && r.apiVersion === 'v1');
}

export function newSlice(svc: Service, ports: EndpointPort[], addressType: AddressType, controllerName: string): EndpointSlice {
  const slice: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${svc.metadata.name}-`,
      namespace: svc.metadata.namespace!,
      labels: {},
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: svc.metadata.name!, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    addressType,
    endpoints: [],
    ports,
  };
  slice.metadata.labels = sliceLabels(slice, svc, controllerName).labels;
  return slice;
}

function isPlaceholder(slice: EndpointSlice, placeholder: EndpointSlice): boolean {
  return (
    slice.metadata.namespace === placeholder.metadata.namespace &&
    canonical(slice.metadata.labels ?? {}) === canonical(placeholder.metadata.labels) &&
    canonical(slice.metadata.ownerReferences ?? []) === canonical(placeholder.metadata.ownerReferences) &&
    slice.addressType === placeholder.addressType &&
    !(slice.endpoints?.length) &&
    !(slice.ports?.length)
  );
}

/** Pops the endpoints in a stable order (by pod name), so equal inputs give equal slices. */
function popSorted(desired: Map<string, Endpoint>, n: number): Endpoint[] {
  const keys = [...desired.keys()].sort((a, b) => {
    const na = desired.get(a)!.targetRef?.name ?? '';
    const nb = desired.get(b)!.targetRef?.name ?? '';
    return na < nb ? -1 : na > nb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  });
  const out: Endpoint[] = [];
  for (const k of keys.slice(0, n)) {
    out.push(desired.get(k)!);
    desired.delete(k);
  }
  return out;
}

interface PortPlan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

function reconcilePortGroup(svc: Service, existing: EndpointSlice[], desired: Map<string, Endpoint>, ports: EndpointPort[], at: AddressType, max: number, name: string): PortPlan {
  const byName = new Map<string, EndpointSlice>();
  const unchanged = new Set<string>();
  const toUpdate = new Set<string>();
  const toDelete = new Set<string>();
  // 1. Drop endpoints no longer wanted, rewrite the ones that changed.
  for (const slice of existing) {
    const sname = slice.metadata.name!;
    byName.set(sname, slice);
    const kept: Endpoint[] = [];
    let changed = false;
    for (const ep of slice.endpoints ?? []) {
      const key = endpointKey(ep);
      const want = desired.get(key);
      if (!want) continue;
      kept.push(want);
      if (!endpointsEqualBeyondKey(want, ep)) changed = true;
      desired.delete(key);
    }
    const { labels, changed: labelsChanged } = sliceLabels(slice, svc, name);
    if (changed || kept.length !== (slice.endpoints?.length ?? 0)) {
      if (kept.length === 0) toDelete.add(sname);
      else {
        byName.set(sname, { ...structuredClone(slice), endpoints: kept, metadata: { ...structuredClone(slice.metadata), labels } });
        toUpdate.add(sname);
      }
    } else if (labelsChanged) {
      byName.set(sname, { ...structuredClone(slice), metadata: { ...structuredClone(slice.metadata), labels } });
      toUpdate.add(sname);
    } else unchanged.add(sname);
  }
  // 2. Fill the slices being rewritten anyway, fullest first.
  if (desired.size && toUpdate.size) {
    const slices = [...toUpdate].map((n) => byName.get(n)!).sort((a, b) => (b.endpoints?.length ?? 0) - (a.endpoints?.length ?? 0));
    for (const s of slices) {
      const room = max - (s.endpoints?.length ?? 0);
      if (room > 0) s.endpoints = [...(s.endpoints ?? []), ...popSorted(desired, room)];
    }
  }
  // 3. The rest: into the unchanged slice it fills best, else new slices.
  const create: EndpointSlice[] = [];
  while (desired.size) {
    let fill: EndpointSlice | undefined;
    if (desired.size < max && unchanged.size) {
      let best = max;
      for (const n of unchanged) {
        const s = byName.get(n)!;
        const diff = max - (desired.size + (s.endpoints?.length ?? 0));
        if (diff >= 0 && diff < best) {
          best = diff;
          fill = s;
          if (diff === 0) break;
        }
      }
    }
    if (fill) {
      fill = structuredClone(fill);
      byName.set(fill.metadata.name!, fill);
    } else fill = newSlice(svc, ports, at, name);
    const room = max - (fill.endpoints?.length ?? 0);
    fill.endpoints = [...(fill.endpoints ?? []), ...popSorted(desired, room)];
    if (fill.metadata.name) {
      toUpdate.add(fill.metadata.name);
      unchanged.delete(fill.metadata.name);
    } else create.push(fill);
  }
  return { create, update: [...toUpdate].map((n) => byName.get(n)!), delete: [...toDelete].map((n) => byName.get(n)!) };
}

function reconcileAddressType(input: ReconcileInput, existing: EndpointSlice[], at: AddressType, name: string): PortPlan & { missingNodes: string[] } {
  const svc = input.service;
  const plan: PortPlan = { create: [], update: [], delete: [] };
  const byPorts = new Map<string, EndpointSlice[]>();
  for (const s of existing) {
    if (!ownedBy(s, svc)) {
      plan.delete.push(s);
      continue;
    }
    const k = portsKey(s.ports);
    byPorts.set(k, [...(byPorts.get(k) ?? []), s]);
  }
  const desired = desiredEndpoints(svc, input.pods, input.nodeOf, at);
  for (const [k, g] of desired.groups) {
    const p = reconcilePortGroup(svc, byPorts.get(k) ?? [], g.endpoints, g.ports, at, input.maxEndpointsPerSlice, name);
    plan.create.push(...p.create);
    plan.update.push(...p.update);
    plan.delete.push(...p.delete);
  }
  for (const [k, slices] of byPorts) if (!desired.groups.has(k)) plan.delete.push(...slices);
  // Nothing left: keep (or make) one empty placeholder slice.
  if (existing.length === plan.delete.length && plan.create.length === 0) {
    const placeholder = newSlice(svc, [], at, name);
    if (plan.delete.length === 1 && isPlaceholder(plan.delete[0]!, placeholder)) plan.delete = [];
    else plan.create.push(placeholder);
  }
  return { ...plan, missingNodes: desired.missingNodes };
}

/** The creates, updates and deletes that bring a service's slices to the desired state. */
export function reconcile(input: ReconcileInput): Plan {
  const name = input.controllerName ?? CONTROLLER_NAME;
  const svc = input.service;
  const types = addressTypesFor(svc);
  const out: Plan = { create: [], update: [], delete: [], missingNodes: [] };
  const byType = new Map<AddressType, EndpointSlice[]>();
  for (const s of input.existing) {
    if (!types.includes(s.addressType as AddressType)) {
      out.delete.push(s);
      continue;
    }
    const t = s.addressType as AddressType;
    byType.set(t, [...(byType.get(t) ?? []), s]);
  }
  const deleteOther = out.delete;
  out.delete = [];
  for (const t of types) {
    const p = reconcileAddressType(input, byType.get(t) ?? [], t, name);
    // Reuse slices about to be deleted for slices about to be created (fewer objects churn).
    const create = [...p.create];
    const del = [...p.delete];
    for (let i = 0; i < del.length && create.length; ) {
      const victim = del[i]!;
      const slice = create[create.length - 1]!;
      if (victim.addressType === slice.addressType && ownedBy(victim, svc)) {
        create.pop();
        p.update.push({ ...slice, metadata: { ...victim.metadata, labels: slice.metadata.labels, ownerReferences: slice.metadata.ownerReferences } });
        del.splice(i, 1);
      } else i++;
    }
    out.create.push(...create);
    out.update.push(...p.update);
    out.delete.push(...del);
    out.missingNodes.push(...p.missingNodes);
  }
  out.delete.push(...deleteOther);
  return out;
}
