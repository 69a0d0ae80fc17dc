// Node selector matching (upstream component-helpers nodeaffinity): a pod's spec.nodeSelector and its
// required node affinity, compiled once per pod so that matching a node is a few map lookups.
// Terms are ORed; within a term expressions and fields are ANDed; an empty or invalid term matches nothing.

import type { Node, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, Pod } from '../../framework/api.js';

type LabelTest = (labels: Readonly<Record<string, string>>) => boolean;
type FieldTest = (nodeName: string) => boolean;

interface CompiledTerm {
  labels: LabelTest[];
  fields: FieldTest[];
}

const INT_RE = /^[+-]?\d+$/;

function compileExpression(r: NodeSelectorRequirement): LabelTest | null {
  const values = r.values ?? [];
  const key = r.key;
  switch (r.operator) {
    case 'In': {
      if (values.length === 0) return null;
      if (values.length === 1) {
        const v = values[0];
        return (l) => l[key] === v;
      }
      const set = new Set(values);
      return (l) => {
        const v = l[key];
        return v !== undefined && set.has(v);
      };
    }
    case 'NotIn': {
      if (values.length === 0) return null;
      const set = new Set(values);
      return (l) => {
        const v = l[key];
        return v === undefined || !set.has(v);
      };
    }
    case 'Exists':
      if (values.length !== 0) return null;
      return (l) => l[key] !== undefined;
    case 'DoesNotExist':
      if (values.length !== 0) return null;
      return (l) => l[key] === undefined;
    case 'Gt':
    case 'Lt': {
      if (values.length !== 1 || !INT_RE.test(values[0]!)) return null;
      const bound = Number(values[0]);
      const gt = r.operator === 'Gt';
      return (l) => {
        const v = l[key];
        if (v === undefined || !INT_RE.test(v)) return false;
        const n = Number(v);
        return gt ? n > bound : n < bound;
      };
    }
    default:
      return null;
  }
}

function compileField(r: NodeSelectorRequirement): FieldTest | null {
  const values = r.values ?? [];
  if (values.length !== 1) return null;
  const want = values[0]!;
  const isName = r.key === 'metadata.name';
  if (r.operator === 'In') return (name) => (isName ? name : '') === want;
  if (r.operator === 'NotIn') return (name) => (isName ? name : '') !== want;
  return null;
}

function compileTerm(t: NodeSelectorTerm): CompiledTerm | null {
  const exprs = t.matchExpressions ?? [];
  const fields = t.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return null;
  const out: CompiledTerm = { labels: [], fields: [] };
  for (const e of exprs) {
    const c = compileExpression(e);
    if (!c) return null;
    out.labels.push(c);
  }
  for (const f of fields) {
    const c = compileField(f);
    if (!c) return null;
    out.fields.push(c);
  }
  return out;
}

function termMatches(t: CompiledTerm, labels: Readonly<Record<string, string>>, nodeName: string): boolean {
  for (const l of t.labels) if (!l(labels)) return false;
  for (const f of t.fields) if (!f(nodeName)) return false;
  return true;
}

/** A compiled v1.NodeSelector (ORed terms). */
export class CompiledNodeSelector {
  private readonly terms: CompiledTerm[];

  constructor(ns: NodeSelector) {
    this.terms = [];
    for (const t of ns.nodeSelectorTerms ?? []) {
      const c = compileTerm(t);
      if (c) this.terms.push(c);
    }
  }

  matches(labels: Readonly<Record<string, string>>, nodeName: string): boolean {
    for (const t of this.terms) if (termMatches(t, labels, nodeName)) return true;
    return false;
  }
}

/** One compiled NodeSelectorTerm (preferred terms); an empty or invalid term matches nothing. */
export class CompiledNodeSelectorTerm {
  private readonly term: CompiledTerm | null;
  constructor(t: NodeSelectorTerm) {
    this.term = compileTerm(t);
  }
  matches(labels: Readonly<Record<string, string>>, nodeName: string): boolean {
    return this.term !== null && termMatches(this.term, labels, nodeName);
  }
}

/** nodeaffinity.RequiredNodeAffinity: spec.nodeSelector AND required node affinity. */
export class RequiredNodeAffinity {
  private readonly selector: [string, string][] | null;
  private readonly affinity: CompiledNodeSelector | null;

  constructor(pod: Pod) {
    const ns = pod.spec.nodeSelector;
    this.selector = ns && Object.keys(ns).length > 0 ? Object.entries(ns) : null;
    const req = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    this.affinity = req ? new CompiledNodeSelector(req) : null;
  }

  /** True when the pod places no node constraint. */
  get isEmpty(): boolean {
    return this.selector === null && this.affinity === null;
  }

  matches(labels: Readonly<Record<string, string>>, nodeName: string): boolean {
    if (this.selector !== null) for (const [k, v] of this.selector) if (labels[k] !== v) return false;
    return this.affinity === null || this.affinity.matches(labels, nodeName);
  }

  matchesNode(node: Node): boolean {
    return this.matches(node.metadata.labels ?? {}, node.metadata.name ?? '');
  }
}
