// networking.k8s.io/v1 NetworkPolicies: policyTypes defaulted from the rules, port protocol TCP;
// selectors, ports, peers and ipBlocks validated as upstream.

import type { KubeObject } from '../../../api/types.js';
import { type FieldError, forbidden, GoValue, invalid, isValidPortName, isValidPortNum, notSupported, parseCIDRSloppy, path, required, validateLabelSelector } from '../../../machinery/validation/index.js';
import type { FieldErr, Strategy } from '../strategy.js';
import { int, isObj, type Obj, objs, specOf, str, strs, toErrs } from './util.js';

type P = ReturnType<typeof path>;

export function defaultNetworkPolicy(o: KubeObject): void {
  const spec = specOf(o);
  for (const rule of [...objs(spec.ingress), ...objs(spec.egress)]) for (const p of objs(rule.ports)) if (!p.protocol) p.protocol = 'TCP';
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
    spec.policyTypes = objs(spec.egress).length ? ['Ingress', 'Egress'] : ['Ingress'];
  }
  if (!isObj(spec.podSelector)) spec.podSelector = {};
}

function port(pt: Obj, p: P): FieldError[] {
  const errs: FieldError[] = [];
  if (pt.protocol !== undefined && pt.protocol !== null && !['TCP', 'UDP', 'SCTP'].includes(str(pt.protocol))) errs.push(notSupported(p.child('protocol'), str(pt.protocol), ['TCP', 'UDP', 'SCTP']));
  if (pt.port !== undefined && pt.port !== null) {
    if (typeof pt.port === 'string') errs.push(...isValidPortName(pt.port).map((m) => invalid(p.child('port'), pt.port as string, m)));
    else errs.push(...isValidPortNum(int(pt.port)).map((m) => invalid(p.child('port'), int(pt.port), m)));
  }
  if (pt.endPort !== undefined && pt.endPort !== null) {
    const end = int(pt.endPort);
    if (pt.port === undefined || pt.port === null) errs.push(required(p.child('port'), 'when endPort is specified'));
    else if (typeof pt.port === 'string') errs.push(forbidden(p.child('endPort'), 'may not be specified when `port` is non-numeric'));
    else if (end < int(pt.port)) errs.push(invalid(p.child('endPort'), end, 'must be greater than or equal to `port`'));
  }
  return errs;
}

function ipBlock(b: Obj, p: P): FieldError[] {
  const cidr = str(b.cidr);
  if (!cidr) return [required(p.child('cidr'))];
  const base = parseCIDRSloppy(cidr);
  if (!base) return [invalid(p.child('cidr'), cidr, 'not a valid CIDR')];
  const errs: FieldError[] = [];
  for (const [i, ex] of strs(b.except).entries()) {
    const e = parseCIDRSloppy(ex);
    if (!e) return [...errs, invalid(p.child('except').index(i), ex, 'not a valid CIDR')];
    const strict = e.ip.family === base.ip.family && e.prefixLength > base.prefixLength && sameNetwork({ bytes: base.ip.bytes, prefix: base.prefixLength }, e.ip);
    if (!strict) errs.push(invalid(p.child('except').index(i), ex, 'must be a strict subset of `cidr`'));
  }
  return errs;
}

function sameNetwork(outer: { bytes: Uint8Array; prefix: number }, inner: { bytes: Uint8Array }): boolean {
  for (let bit = 0; bit < outer.prefix; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((outer.bytes[byte]! & mask) !== (inner.bytes[byte]! & mask)) return false;
  }
  return true;
}

function peer(pe: Obj, p: P): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  if (isObj(pe.podSelector)) {
    n++;
    errs.push(...validateLabelSelector(pe.podSelector as never, p.child('podSelector')));
  }
  if (isObj(pe.namespaceSelector)) {
    n++;
    errs.push(...validateLabelSelector(pe.namespaceSelector as never, p.child('namespaceSelector')));
  }
  if (isObj(pe.ipBlock)) {
    n++;
    errs.push(...ipBlock(pe.ipBlock, p.child('ipBlock')));
  }
  if (n === 0) errs.push(required(p, 'must specify a peer'));
  else if (n > 1 && isObj(pe.ipBlock)) errs.push(forbidden(p, 'may not specify both ipBlock and another peer'));
  return errs;
}

export function validateNetworkPolicySpec(specV: unknown): FieldError[] {
  const spec = isObj(specV) ? specV : {};
  const p = path('spec');
  const errs = validateLabelSelector(isObj(spec.podSelector) ? (spec.podSelector as never) : {}, p.child('podSelector'));
  for (const [key, peers] of [['ingress', 'from'], ['egress', 'to']] as const) {
    objs(spec[key]).forEach((rule, i) => {
      const rp = p.child(key).index(i);
      objs(rule.ports).forEach((pt, j) => errs.push(...port(pt, rp.child('ports').index(j))));
      objs(rule[peers]).forEach((pe, j) => errs.push(...peer(pe, rp.child(peers).index(j))));
    });
  }
  const types = strs(spec.policyTypes);
  if (types.length > 2) return [...errs, invalid(p.child('policyTypes'), new GoValue(`&[]networking.PolicyType{${types.map((t) => JSON.stringify(t)).join(', ')}}`), 'may not specify more than two policyTypes')];
  types.forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') errs.push(notSupported(p.child('policyTypes').index(i), t, ['Ingress', 'Egress']));
  });
  return errs;
}

export function networkPolicyStrategy(): Strategy {
  return {
    defaults: defaultNetworkPolicy,
    validate: (o: KubeObject): FieldErr[] => toErrs(validateNetworkPolicySpec(o.spec)),
    validateUpdate: (o: KubeObject): FieldErr[] => toErrs(validateNetworkPolicySpec(o.spec)),
  };
}
