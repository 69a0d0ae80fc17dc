// The scheduling-related parts of a PodSpec: affinity, node selector terms, tolerations, topology
// spread constraints, DNS config, host aliases, pod security context, OS.

import {
  type FieldError,
  type FieldPath,
  duplicate,
  forbidden,
  GoValue,
  invalid,
  isQualifiedName,
  isValidGroupID,
  isValidIP,
  isValidLabelValue,
  isValidUserID,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  notSupported,
  required,
  validateLabelName,
  validateLabelSelector,
} from '../../../machinery/validation/index.js';
import { appArmorProfile, seccompProfile } from './containers-validate.js';
import { dns1123Subdomain } from './volumes-validate.js';
import { int, isObj, type Obj, objs, str, strs } from './util.js';

export function validateNodeSelectorRequirement(rq: Obj, allowInvalidValues: boolean, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const values = strs(rq.values);
  const op = str(rq.operator);
  switch (op) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(required(p.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(forbidden(p.child('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) errs.push(required(p.child('values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(invalid(p.child('operator'), op, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(str(rq.key), p.child('key')));
  if (!allowInvalidValues) values.forEach((v, i) => errs.push(...isValidLabelValue(v).map((m) => invalid(p.child('values').index(i), v, m))));
  return errs;
}

function nodeFieldSelectorRequirement(rq: Obj, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const op = str(rq.operator);
  const values = strs(rq.values);
  if (op === 'In' || op === 'NotIn') {
    if (values.length !== 1) errs.push(required(p.child('values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
  } else errs.push(invalid(p.child('operator'), op, 'not a valid selector operator'));
  if (str(rq.key) !== 'metadata.name') errs.push(invalid(p.child('key'), str(rq.key), 'not a valid field selector key'));
  else values.forEach((v, i) => errs.push(...nameIsDNSSubdomain(v, false).map((m) => invalid(p.child('values').index(i), v, m))));
  return errs;
}

export function validateNodeSelectorTerm(term: Obj, allowInvalidValues: boolean, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  objs(term.matchExpressions).forEach((r, j) => errs.push(...validateNodeSelectorRequirement(r, allowInvalidValues, p.child('matchExpressions').index(j))));
  objs(term.matchFields).forEach((r, j) => errs.push(...nodeFieldSelectorRequirement(r, p.child('matchFields').index(j))));
  return errs;
}

export function validateNodeSelector(ns: Obj, p: FieldPath): FieldError[] {
  const terms = objs(ns.nodeSelectorTerms);
  const tp = p.child('nodeSelectorTerms');
  if (terms.length === 0) return [required(tp, 'must have at least one node selector term')];
  return terms.flatMap((t, i) => validateNodeSelectorTerm(t, false, tp.index(i)));
}

function labelKeys(keys: string[], selector: unknown, p: FieldPath): FieldError[] {
  if (keys.length === 0) return [];
  if (!isObj(selector)) return [forbidden(p, 'must not be specified when labelSelector is not set')];
  return keys.flatMap((k, i) => validateLabelName(k, p.index(i)));
}

function podAffinityTerm(t: Obj, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateLabelSelector(isObj(t.labelSelector) ? (t.labelSelector as never) : null, p.child('labelSelector')));
  errs.push(...validateLabelSelector(isObj(t.namespaceSelector) ? (t.namespaceSelector as never) : null, p.child('namespaceSelector')));
  for (const ns of strs(t.namespaces)) errs.push(...nameIsDNSLabel(ns, false).map((m) => invalid(p.child('namespace'), ns, m)));
  const match = strs(t.matchLabelKeys);
  const mismatch = strs(t.mismatchLabelKeys);
  errs.push(...labelKeys(match, t.labelSelector, p.child('matchLabelKeys')));
  errs.push(...labelKeys(mismatch, t.labelSelector, p.child('mismatchLabelKeys')));
  if (isObj(t.labelSelector)) {
    const idx = new Map(match.map((k, i) => [k, i]));
    const keys = new Set(Object.keys(isObj(t.labelSelector.matchLabels) ? t.labelSelector.matchLabels : {}));
    for (const e of objs(t.labelSelector.matchExpressions)) {
      const k = str(e.key);
      const i = idx.get(k);
      if (i !== undefined && keys.has(k)) errs.push(invalid(p.index(i), k, 'exists in both matchLabelKeys and labelSelector'));
      keys.add(k);
    }
  }
  const mm = new Set(mismatch);
  match.forEach((k, i) => {
    if (mm.has(k)) errs.push(invalid(p.child('matchLabelKeys').index(i), k, 'exists in both matchLabelKeys and mismatchLabelKeys'));
  });
  const tk = str(t.topologyKey);
  if (!tk) errs.push(required(p.child('topologyKey'), 'can not be empty'));
  errs.push(...validateLabelName(tk, p.child('topologyKey')));
  return errs;
}

function podAffinity(a: Obj, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  objs(a.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => errs.push(...podAffinityTerm(t, p.child('requiredDuringSchedulingIgnoredDuringExecution').index(i))));
  objs(a.preferredDuringSchedulingIgnoredDuringExecution).forEach((w, j) => {
    const wp = p.child('preferredDuringSchedulingIgnoredDuringExecution').index(j);
    const weight = int(w.weight);
    if (weight <= 0 || weight > 100) errs.push(invalid(wp.child('weight'), weight, 'must be in the range 1-100'));
    errs.push(...podAffinityTerm(isObj(w.podAffinityTerm) ? w.podAffinityTerm : {}, wp.child('podAffinityTerm')));
  });
  return errs;
}

export function validateAffinity(aff: unknown, p: FieldPath): FieldError[] {
  if (!isObj(aff)) return [];
  const errs: FieldError[] = [];
  if (isObj(aff.nodeAffinity)) {
    const na = aff.nodeAffinity;
    const np = p.child('nodeAffinity');
    if (isObj(na.requiredDuringSchedulingIgnoredDuringExecution)) errs.push(...validateNodeSelector(na.requiredDuringSchedulingIgnoredDuringExecution, np.child('requiredDuringSchedulingIgnoredDuringExecution')));
    objs(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      const tp = np.child('preferredDuringSchedulingIgnoredDuringExecution').index(i);
      const weight = int(t.weight);
      if (weight <= 0 || weight > 100) errs.push(invalid(tp.child('weight'), weight, 'must be in the range 1-100'));
      errs.push(...validateNodeSelectorTerm(isObj(t.preference) ? t.preference : {}, true, tp.child('preference')));
    });
  }
  if (isObj(aff.podAffinity)) errs.push(...podAffinity(aff.podAffinity, p.child('podAffinity')));
  if (isObj(aff.podAntiAffinity)) errs.push(...podAffinity(aff.podAntiAffinity, p.child('podAntiAffinity')));
  return errs;
}

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function validateTaintEffect(effect: string, allowEmpty: boolean, p: FieldPath): FieldError[] {
  if (!allowEmpty && !effect) return [required(p)];
  return TAINT_EFFECTS.includes(effect) ? [] : [notSupported(p, effect, TAINT_EFFECTS)];
}

export function validateTolerations(tols: unknown, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  objs(tols).forEach((t, i) => {
    const ip = p.index(i);
    const key = str(t.key);
    const op = str(t.operator);
    const effect = str(t.effect);
    const value = str(t.value);
    if (key) errs.push(...validateLabelName(key, ip.child('key')));
    if (!key && op !== 'Exists') errs.push(invalid(ip.child('operator'), op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && effect !== 'NoExecute') errs.push(invalid(ip.child('effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    switch (op) {
      case 'Equal':
      case '': {
        const m = isValidLabelValue(value);
        if (m.length) errs.push(invalid(ip.child('operator'), value, m.join(';')));
        break;
      }
      case 'Exists':
        if (value) errs.push(invalid(ip.child('operator'), value, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(notSupported(ip.child('operator'), op, ['Equal', 'Exists']));
    }
    if (effect) errs.push(...validateTaintEffect(effect, true, ip.child('effect')));
  });
  return errs;
}

export function validateTopologySpreadConstraints(list: unknown, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const cs = objs(list);
  cs.forEach((c, i) => {
    const sp = p.index(i);
    const maxSkew = int(c.maxSkew);
    if (maxSkew <= 0) errs.push(invalid(sp.child('maxSkew'), maxSkew, 'must be greater than zero'));
    if (!str(c.topologyKey)) errs.push(required(sp.child('topologyKey'), 'can not be empty'));
    const wu = str(c.whenUnsatisfiable);
    if (wu !== 'DoNotSchedule' && wu !== 'ScheduleAnyway') errs.push(notSupported(sp.child('whenUnsatisfiable'), wu, ['DoNotSchedule', 'ScheduleAnyway']));
    const dup = cs.slice(i + 1).find((o) => str(o.topologyKey) === str(c.topologyKey) && str(o.whenUnsatisfiable) === wu);
    if (dup) errs.push(duplicate(sp.child('{topologyKey, whenUnsatisfiable}'), `{${str(c.topologyKey)}, ${wu}}`));
    if (c.minDomains !== undefined && c.minDomains !== null) {
      const md = int(c.minDomains);
      if (md <= 0) errs.push(invalid(sp.child('minDomains'), md, 'must be greater than zero'));
      if (wu !== 'DoNotSchedule') errs.push(invalid(sp.child('minDomains'), md, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${wu}`));
    }
    for (const k of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      if (c[k] !== undefined && c[k] !== null && !['Honor', 'Ignore'].includes(str(c[k]))) errs.push(notSupported(sp.child(k), str(c[k]), ['Honor', 'Ignore']));
    }
    const mlk = strs(c.matchLabelKeys);
    if (mlk.length) {
      const mp = sp.child('matchLabelKeys');
      const keys = new Set<string>();
      if (isObj(c.labelSelector)) {
        for (const k of Object.keys(isObj(c.labelSelector.matchLabels) ? c.labelSelector.matchLabels : {})) keys.add(k);
        for (const e of objs(c.labelSelector.matchExpressions)) keys.add(str(e.key));
      } else errs.push(forbidden(mp, 'must not be specified when labelSelector is not set'));
      mlk.forEach((k, j) => {
        errs.push(...validateLabelName(k, mp.index(j)));
        if (keys.has(k)) errs.push(invalid(mp.index(j), k, 'exists in both matchLabelKeys and labelSelector'));
      });
    }
    errs.push(...validateLabelSelector(isObj(c.labelSelector) ? (c.labelSelector as never) : null, sp.child('labelSelector')));
  });
  return errs;
}

export function validateDNSConfig(cfg: unknown, dnsPolicy: string, p: FieldPath): FieldError[] {
  if (dnsPolicy === 'None') {
    if (!isObj(cfg)) return [required(p, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (strs(cfg.nameservers).length === 0) return [required(p.child('nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
  }
  if (!isObj(cfg)) return [];
  const errs: FieldError[] = [];
  const ns = strs(cfg.nameservers);
  if (ns.length > 3) errs.push(invalid(p.child('nameservers'), ns, 'must not have more than 3 nameservers'));
  ns.forEach((n, i) => errs.push(...isValidIP(p.child('nameservers').index(i), n)));
  const searches = strs(cfg.searches);
  if (searches.length > 32) errs.push(invalid(p.child('searches'), searches, 'must not have more than 32 search paths'));
  if (searches.join(' ').length > 2048) errs.push(invalid(p.child('searches'), searches, 'must not have more than 2048 characters (including spaces) in the search list'));
  searches.forEach((s, i) => {
    if (s === '.') return;
    const t = s.endsWith('.') ? s.slice(0, -1) : s;
    // RelaxedDNSSearchValidation is off in 1.32: a strict DNS subdomain.
    errs.push(...dns1123Subdomain(t, p.child('searches').index(i)));
  });
  objs(cfg.options).forEach((o, i) => {
    if (!str(o.name)) errs.push(required(p.child('options').index(i), 'must not be empty'));
  });
  return errs;
}

export function validateHostAliases(list: unknown, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  objs(list).forEach((h, i) => {
    errs.push(...isValidIP(p.index(i).child('ip'), str(h.ip)));
    strs(h.hostnames).forEach((hn, j) => errs.push(...dns1123Subdomain(hn, p.index(i).child('hostnames').index(j))));
  });
  return errs;
}

const SYSCTL_RE = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;

export function validatePodSecurityContext(sc: unknown, spec: Obj, p: FieldPath): FieldError[] {
  if (!isObj(sc)) return [];
  const errs: FieldError[] = [];
  for (const [k, f] of [['fsGroup', isValidGroupID], ['runAsUser', isValidUserID], ['runAsGroup', isValidGroupID]] as const) {
    if (sc[k] !== undefined && sc[k] !== null) for (const m of f(int(sc[k]))) errs.push(invalid(p.child(k), int(sc[k]), m));
  }
  (Array.isArray(sc.supplementalGroups) ? sc.supplementalGroups : []).forEach((g, i) => {
    for (const m of isValidGroupID(int(g))) errs.push(invalid(p.child('supplementalGroups').index(i), int(g), m));
  });
  if (sc.shareProcessNamespace === true && spec.hostPID === true) errs.push(invalid(p.child('shareProcessNamespace'), true, 'ShareProcessNamespace and HostPID cannot both be enabled'));
  const names = new Set<string>();
  objs(sc.sysctls).forEach((s, i) => {
    const np = p.child('sysctls').index(i).child('name');
    const name = str(s.name);
    if (!name) errs.push(required(np));
    else if (name.length > 253 || !SYSCTL_RE.test(name)) errs.push(invalid(np, name, `must have at most 253 characters and match regex ${SYSCTL_RE.source}`));
    else if (names.has(name)) errs.push(duplicate(np, name));
    if (spec.hostNetwork === true && (name.startsWith('net.'))) errs.push(invalid(np, name, "may not be specified when 'hostNetwork' is true"));
    if (spec.hostIPC === true && (name.startsWith('kernel.shm') || name.startsWith('kernel.msg') || name.startsWith('kernel.sem') || name.startsWith('fs.mqueue.'))) {
      errs.push(invalid(np, name, "may not be specified when 'hostIPC' is true"));
    }
    names.add(name);
  });
  if (sc.fsGroupChangePolicy !== undefined && sc.fsGroupChangePolicy !== null && !['Always', 'OnRootMismatch'].includes(str(sc.fsGroupChangePolicy))) {
    errs.push(notSupported(p.child('fsGroupChangePolicy'), str(sc.fsGroupChangePolicy), ['Always', 'OnRootMismatch']));
  }
  errs.push(...seccompProfile(sc.seccompProfile, p.child('seccompProfile')));
  errs.push(...appArmorProfile(sc.appArmorProfile, p.child('appArmorProfile')));
  if (sc.supplementalGroupsPolicy !== undefined && sc.supplementalGroupsPolicy !== null && !['Merge', 'Strict'].includes(str(sc.supplementalGroupsPolicy))) {
    errs.push(notSupported(p.child('supplementalGroupsPolicy'), str(sc.supplementalGroupsPolicy), ['Merge', 'Strict']));
  }
  return errs;
}

export function validateReadinessGates(list: unknown, p: FieldPath): FieldError[] {
  return objs(list).flatMap((g, i) => isQualifiedName(str(g.conditionType)).map((m) => invalid(p.index(i).child('conditionType'), str(g.conditionType), m)));
}

export function validateSchedulingGates(list: unknown, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  objs(list).forEach((g, i) => {
    const n = str(g.name);
    errs.push(...isQualifiedName(n).map((m) => invalid(p.index(i), n, m)));
    if (seen.has(n)) errs.push(duplicate(p.index(i), n));
    seen.add(n);
  });
  return errs;
}

export function validateImagePullSecrets(list: unknown, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  objs(list).forEach((r, i) => {
    if (Object.keys(r).some((k) => k !== 'name' && r[k] !== undefined)) {
      errs.push(invalid(p.index(i), new GoValue(`core.LocalObjectReference{Name:${JSON.stringify(str(r.name))}}`), 'only name may be set'));
    }
  });
  return errs;
}

export function validateOS(spec: Obj, specPath: FieldPath): FieldError[] {
  const os = spec.os;
  const p = specPath.child('os');
  if (!isObj(os)) return [];
  const name = str(os.name);
  if (!name) return [required(p.child('name'), 'cannot be empty')];
  if (name !== 'linux' && name !== 'windows') return [notSupported(p, name, ['linux', 'windows'])];
  const errs: FieldError[] = [];
  const sc = isObj(spec.securityContext) ? spec.securityContext : {};
  if (name === 'linux') {
    if (isObj(sc.windowsOptions)) errs.push(forbidden(specPath.child('securityContext', 'windowsOptions'), 'windows options cannot be set for a linux pod'));
  } else {
    for (const k of ['appArmorProfile', 'seLinuxOptions', 'seccompProfile', 'fsGroup', 'fsGroupChangePolicy', 'sysctls', 'runAsUser', 'runAsGroup', 'supplementalGroups', 'supplementalGroupsPolicy', 'seLinuxChangePolicy']) {
      const v = sc[k];
      if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) errs.push(forbidden(specPath.child('securityContext', k), 'cannot be set for a windows pod'));
    }
    if (spec.hostPID === true) errs.push(forbidden(specPath.child('hostPID'), 'cannot be set for a windows pod'));
    if (spec.hostIPC === true) errs.push(forbidden(specPath.child('hostIPC'), 'cannot be set for a windows pod'));
    if (spec.hostUsers !== undefined && spec.hostUsers !== null) errs.push(forbidden(specPath.child('hostUsers'), 'cannot be set for a windows pod'));
  }
  return errs;
}
