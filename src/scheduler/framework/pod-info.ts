// framework.PodInfo: a pod plus what the scheduler derives from it once (requests, affinity terms, host
// ports), so that Filter and Score never re-parse the pod per node.

import { fromLabelSelector, type Labels, Selector } from '../../machinery/labels/index.js';
import type { ContainerPort, Pod, PodAffinityTerm, WeightedPodAffinityTerm } from './api.js';
import { podKey, podPriority } from './api.js';
import { podRequests, type Resource } from './resource.js';

/** A parsed PodAffinityTerm (upstream's framework.AffinityTerm). */
export class AffinityTerm {
  constructor(
    /** Namespaces named by the term (the pod's own when neither namespaces nor namespaceSelector are set). */
    readonly namespaces: Set<string>,
    readonly selector: Selector,
    readonly topologyKey: string,
    /** Selects namespaces by their labels; "nothing" when the term has no namespaceSelector. */
    public namespaceSelector: Selector,
  ) {}

  /** True when pod is in one of the term's namespaces and its labels match the selector. */
  matches(pod: Pod, nsLabels: Labels): boolean {
    if (this.namespaces.has(pod.metadata.namespace ?? '') || this.namespaceSelector.matches(nsLabels)) {
      return this.selector.matches(pod.metadata.labels);
    }
    return false;
  }
}

export interface WeightedAffinityTerm {
  term: AffinityTerm;
  weight: number;
}

/** A host port a pod asks for: ip ("0.0.0.0" when unset), protocol ("TCP" when unset), port. */
export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

export function newAffinityTerm(pod: Pod, t: PodAffinityTerm): AffinityTerm {
  const selector = fromLabelSelector(t.labelSelector);
  let namespaces: Set<string>;
  if ((t.namespaces ?? []).length === 0 && t.namespaceSelector == null) namespaces = new Set([pod.metadata.namespace ?? '']);
  else namespaces = new Set(t.namespaces ?? []);
  const nsSelector = t.namespaceSelector == null ? Selector.nothing() : fromLabelSelector(t.namespaceSelector);
  return new AffinityTerm(namespaces, selector, t.topologyKey, nsSelector);
}

function hostPortsOf(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  const add = (ports: ContainerPort[] | null | undefined) => {
    for (const p of ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  };
  for (const c of pod.spec.initContainers ?? []) if (c.restartPolicy === 'Always') add(c.ports);
  for (const c of pod.spec.containers ?? []) add(c.ports);
  return out;
}

const NO_TERMS: readonly AffinityTerm[] = Object.freeze([]);
const NO_WEIGHTED: readonly WeightedAffinityTerm[] = Object.freeze([]);

export class PodInfo {
  readonly pod: Pod;
  readonly key: string;
  readonly priority: number;
  /** Requests (the Fit filter's view). */
  readonly requests: Resource;
  /** cpu/memory requests with 100m / 200Mi for containers that set none (the scoring view). */
  readonly nonZeroCPU: number;
  readonly nonZeroMemory: number;
  readonly hostPorts: readonly HostPort[];
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
  /** Set when an affinity term has an invalid selector (the terms are then left out). */
  readonly parseError: Error | undefined;
  /** The pod has any pod (anti-)affinity (upstream's podWithAffinity). */
  readonly hasAffinity: boolean;
  /** The pod has required anti-affinity terms (upstream's podWithRequiredAntiAffinity). */
  readonly hasRequiredAntiAffinity: boolean;

  constructor(pod: Pod) {
    this.pod = pod;
    this.key = podKey(pod);
    this.priority = podPriority(pod);
    this.requests = podRequests(pod);
    const nz = podRequests(pod, { nonMissingDefaults: true });
    this.nonZeroCPU = nz.milliCPU;
    this.nonZeroMemory = nz.memory;
    this.hostPorts = hostPortsOf(pod);
    let req = NO_TERMS;
    let anti = NO_TERMS;
    let pref = NO_WEIGHTED;
    let prefAnti = NO_WEIGHTED;
    let parseError: Error | undefined;
    const a = pod.spec.affinity;
    if (a && (a.podAffinity || a.podAntiAffinity)) {
      const terms = (ts: PodAffinityTerm[] | null | undefined) => (ts ?? []).map((t) => newAffinityTerm(pod, t));
      const weighted = (ts: WeightedPodAffinityTerm[] | null | undefined) =>
        (ts ?? []).map((w) => ({ term: newAffinityTerm(pod, w.podAffinityTerm), weight: w.weight }));
      try {
        req = terms(a.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
        anti = terms(a.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
        pref = weighted(a.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
        prefAnti = weighted(a.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
      } catch (e) {
        parseError = e instanceof Error ? e : new Error(String(e));
        req = anti = NO_TERMS;
        pref = prefAnti = NO_WEIGHTED;
      }
    }
    this.requiredAffinityTerms = req;
    this.requiredAntiAffinityTerms = anti;
    this.preferredAffinityTerms = pref;
    this.preferredAntiAffinityTerms = prefAnti;
    this.parseError = parseError;
    this.hasAffinity = !!a && (!!a.podAffinity || !!a.podAntiAffinity);
    this.hasRequiredAntiAffinity = (a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).length > 0;
  }

  /** A PodInfo for a copy of the pod bound to nodeName (the assumed pod), reusing the derived data. */
  withNodeName(nodeName: string): PodInfo {
    const pod: Pod = { ...this.pod, spec: { ...this.pod.spec, nodeName } };
    const c = Object.create(PodInfo.prototype) as PodInfo;
    Object.assign(c, this);
    (c as { pod: Pod }).pod = pod;
    return c;
  }
}
