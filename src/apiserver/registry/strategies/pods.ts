// Pods: defaults, the create-time status (Pending + QoS class), validation on create, update and the
// status / ephemeralcontainers / resize subresources, graceful deletion and field selectors.

import type { KubeObject } from '../../../api/types.js';
import {
  type FieldError,
  duplicate,
  forbidden,
  invalid,
  isQualifiedName,
  isValidIP,
  nameIsDNSSubdomain,
  path,
  required,
  semanticDeepEqual,
  validateImmutableField,
  inclusiveRangeError,
} from '../../../machinery/validation/index.js';
import type { FieldErr, RequestContext, Strategy } from '../strategy.js';
import { defaultPodOnly, defaultPodSpec } from './podspec-defaults.js';
import { validatePodAnnotations, validatePodSpec } from './podspec-validate.js';
import { computeQOS } from './qos.js';
import { validateTolerations } from './scheduling-validate.js';
import { clone, int, isObj, type Obj, objs, specOf, str, strMap, toErrs } from './util.js';

const s = (v: unknown): string => (v === undefined || v === null ? '' : String(v));


const UPDATABLE = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
].join(',');

/** v1 keeps podIP/podIPs and hostIP/hostIPs in step (conversion through the internal type). */
function syncIPs(status: unknown): void {
  if (!isObj(status)) return;
  for (const [one, many] of [['podIP', 'podIPs'], ['hostIP', 'hostIPs']] as const) {
    const list = objs(status[many]);
    if (status[one] && list.length === 0) status[many] = [{ ip: status[one] }];
    else if (!status[one] && list.length > 0) status[one] = list[0]!.ip;
  }
}

/** upstream's mutatePodAffinity: matchLabelKeys/mismatchLabelKeys become selector requirements. */
function mutatePodAffinity(o: KubeObject, spec: Obj): void {
  const aff = spec.affinity;
  if (!isObj(aff)) return;
  const labels = strMap(o.metadata.labels);
  const apply = (term: unknown) => {
    if (!isObj(term) || !isObj(term.labelSelector)) return;
    const sel = term.labelSelector;
    const exprs = Array.isArray(sel.matchExpressions) ? sel.matchExpressions : [];
    let changed = false;
    for (const [keys, op] of [[term.matchLabelKeys, 'In'], [term.mismatchLabelKeys, 'NotIn']] as const) {
      for (const k of Array.isArray(keys) ? keys : []) {
        const key = str(k);
        if (key in labels) {
          exprs.push({ key, operator: op, values: [labels[key]] });
          changed = true;
        }
      }
    }
    if (changed) sel.matchExpressions = exprs;
  };
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const a = aff[kind];
    if (!isObj(a)) continue;
    for (const w of objs(a.preferredDuringSchedulingIgnoredDuringExecution)) apply(w.podAffinityTerm);
    for (const t of objs(a.requiredDuringSchedulingIgnoredDuringExecution)) apply(t);
  }
}

/** Pod-only checks of validatePodMetadataAndSpec on top of ValidatePodSpec. */
function validatePodMetadataAndSpec(o: KubeObject): FieldError[] {
  const spec = isObj(o.spec) ? o.spec : {};
  const sp = path('spec');
  const errs = validatePodAnnotations(strMap(o.metadata.annotations), spec, path('metadata', 'annotations'));
  errs.push(...validatePodSpec(spec, sp, { isPod: true, podName: o.metadata.name ?? '' }));
  if (!str(spec.serviceAccountName)) {
    objs(spec.volumes).forEach((v, vi) => {
      if (!isObj(v.projected)) return;
      objs(v.projected.sources).forEach((src, si) => {
        if (isObj(src.serviceAccountToken)) {
          errs.push(forbidden(sp.child('volumes').index(vi).child('projected', 'sources').index(si).child('serviceAccountToken'), 'must not be specified when serviceAccountName is not set'));
        }
      });
    });
  }
  for (const kind of ['containers', 'initContainers']) {
    objs(spec[kind]).forEach((c, i) => {
      const image = str(c.image);
      if (image.length !== image.trim().length) errs.push(invalid(sp.child(kind).index(i).child('image'), image, 'must not have leading or trailing whitespace'));
    });
  }
  return errs;
}

export function validatePodCreate(o: KubeObject): FieldError[] {
  const spec = isObj(o.spec) ? o.spec : {};
  const errs = validatePodMetadataAndSpec(o);
  if (objs(spec.ephemeralContainers).length > 0) errs.push(forbidden(path('spec', 'ephemeralContainers'), 'cannot be set on create'));
  if (str(spec.nodeName) && objs(spec.schedulingGates).length > 0) errs.push(forbidden(path('spec', 'nodeName'), 'cannot be set until all schedulingGates have been cleared'));
  return errs;
}

function goName(k: string): string {
  return k.charAt(0).toUpperCase() + k.slice(1);
}

/** A short rendering of how two specs differ, shaped like the cmp.Diff upstream appends. */
function specDiff(oldSpec: Obj, newSpec: Obj): string {
  const keys = [...new Set([...Object.keys(oldSpec), ...Object.keys(newSpec)])];
  const lines = ['  core.PodSpec{'];
  for (const k of keys) {
    if (semanticDeepEqual(oldSpec[k], newSpec[k])) continue;
    if (oldSpec[k] !== undefined) lines.push(`- \t${goName(k)}: ${JSON.stringify(oldSpec[k])},`);
    if (newSpec[k] !== undefined) lines.push(`+ \t${goName(k)}: ${JSON.stringify(newSpec[k])},`);
  }
  lines.push('  }');
  return lines.join('\n') + '\n';
}

function containerUpdates(newList: unknown, oldList: unknown, p: ReturnType<typeof path>): { errs: FieldError[]; stop: boolean } {
  const a = objs(newList);
  const b = objs(oldList);
  if (a.length !== b.length) return { errs: [forbidden(p, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  a.forEach((c, i) => {
    const image = str(c.image);
    if (!image) errs.push(required(p.index(i).child('image')));
    if (image.trim().length !== image.length) errs.push(invalid(p.index(i).child('image'), image, 'must not have leading or trailing whitespace'));
  });
  return { errs, stop: false };
}

export function validatePodUpdate(o: KubeObject, old: KubeObject): FieldError[] {
  const errs = validatePodMetadataAndSpec(o);
  const ma = strMap(o.metadata.annotations);
  const mb = strMap(old.metadata.annotations);
  const ap = path('metadata', 'annotations');
  for (const [k, v] of Object.entries(mb)) {
    if (ma[k] === v) continue;
    if (k.startsWith('container.apparmor.security.beta.kubernetes.io/')) errs.push(forbidden(ap.key(k), 'may not remove or update AppArmor annotations'));
    if (k === 'kubernetes.io/config.mirror') errs.push(forbidden(ap.key(k), 'may not remove or update mirror pod annotation'));
  }
  for (const k of Object.keys(ma)) {
    if (k in mb) continue;
    if (k.startsWith('container.apparmor.security.beta.kubernetes.io/')) errs.push(forbidden(ap.key(k), 'may not add AppArmor annotations'));
    if (k === 'kubernetes.io/config.mirror') errs.push(forbidden(ap.key(k), 'may not add mirror pod annotation'));
  }
  const a = isObj(o.spec) ? o.spec : {};
  const b = isObj(old.spec) ? old.spec : {};
  const sp = path('spec');
  for (const kind of ['containers', 'initContainers']) {
    const r = containerUpdates(a[kind], b[kind], sp.child(kind));
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  if (a.activeDeadlineSeconds !== undefined && a.activeDeadlineSeconds !== null) {
    const n = int(a.activeDeadlineSeconds);
    if (n < 0 || n > 2147483647) return [...errs, invalid(sp.child('activeDeadlineSeconds'), n, inclusiveRangeError(0, 2147483647))];
    if (b.activeDeadlineSeconds !== undefined && b.activeDeadlineSeconds !== null && int(b.activeDeadlineSeconds) < n) {
      return [...errs, invalid(sp.child('activeDeadlineSeconds'), n, 'must be less than or equal to previous value')];
    }
  } else if (b.activeDeadlineSeconds !== undefined && b.activeDeadlineSeconds !== null) {
    errs.push(invalid(sp.child('activeDeadlineSeconds'), null, 'must not update from a positive integer to nil value'));
  }
  // Tolerations: only additions (tolerationSeconds may change).
  const tp = sp.child('tolerations');
  let tolOK = true;
  for (const t of objs(b.tolerations)) {
    const found = objs(a.tolerations).some((n) => semanticDeepEqual({ ...t, tolerationSeconds: n.tolerationSeconds }, n));
    if (!found) {
      errs.push(forbidden(tp, 'existing toleration can not be modified except its tolerationSeconds'));
      tolOK = false;
      break;
    }
  }
  if (tolOK) errs.push(...validateTolerations(a.tolerations, tp));
  // Scheduling gates: only deletions.
  const oldGates = new Set(objs(b.schedulingGates).map((g) => str(g.name)));
  objs(a.schedulingGates).forEach((g, i) => {
    if (!oldGates.has(str(g.name))) errs.push(forbidden(sp.child('schedulingGates').index(i).child('name'), `only deletion is allowed, but found new scheduling gate '${str(g.name)}'`));
  });
  if (semanticDeepEqual(a, b)) return errs;
  const munged = clone(a);
  for (const kind of ['containers', 'initContainers']) {
    const olds = objs(b[kind]);
    objs(munged[kind]).forEach((c, i) => {
      c.image = olds[i]?.image;
    });
  }
  if (b.activeDeadlineSeconds === undefined) delete munged.activeDeadlineSeconds;
  else munged.activeDeadlineSeconds = b.activeDeadlineSeconds;
  munged.schedulingGates = b.schedulingGates;
  munged.tolerations = b.tolerations;
  if (typeof b.terminationGracePeriodSeconds === 'number' && b.terminationGracePeriodSeconds < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = b.terminationGracePeriodSeconds;
  }
  if (objs(b.schedulingGates).length > 0) {
    const ns = strMap(munged.nodeSelector);
    const os = strMap(b.nodeSelector);
    if (!semanticDeepEqual(munged.nodeSelector, b.nodeSelector)) {
      if (Object.entries(os).some(([k, v]) => ns[k] !== v)) {
        errs.push(invalid(sp.child('nodeSelector'), null, 'only additions to spec.nodeSelector are allowed (no mutations or deletions)'));
      }
      munged.nodeSelector = b.nodeSelector;
    }
    const na = isObj(munged.affinity) ? munged.affinity.nodeAffinity : undefined;
    const nb = isObj(b.affinity) ? b.affinity.nodeAffinity : undefined;
    if (!semanticDeepEqual(na, nb)) {
      if (isObj(munged.affinity)) munged.affinity.nodeAffinity = nb;
      if (isObj(munged.affinity) && !isObj(b.affinity) && Object.values(munged.affinity).every((v) => v === undefined)) delete munged.affinity;
    }
  }
  if (!semanticDeepEqual(munged, b)) {
    errs.push(forbidden(sp, `pod updates may not change fields other than ${UPDATABLE}\n${specDiff(b, munged)}`));
  }
  return errs;
}

function containerStateTransition(newList: unknown, oldList: unknown, p: ReturnType<typeof path>, restartPolicy: string, init: Obj[] | null): FieldError[] {
  if (restartPolicy === 'Always') return [];
  const errs: FieldError[] = [];
  objs(oldList).forEach((os, i) => {
    const term = isObj(os.state) ? os.state.terminated : undefined;
    if (!isObj(term)) return;
    if (int(term.exitCode) !== 0 && restartPolicy === 'OnFailure') return;
    if (init && init.some((c) => str(c.name) === str(os.name) && str(c.restartPolicy) === 'Always')) return;
    for (const ns of objs(newList)) {
      if (str(ns.name) === str(os.name) && !(isObj(ns.state) && isObj(ns.state.terminated))) {
        errs.push(forbidden(p.index(i).child('state'), 'may not be transitioned to non-terminated state'));
      }
    }
  });
  return errs;
}

export function validatePodStatusUpdate(o: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const st = isObj(o.status) ? o.status : {};
  const ost = isObj(old.status) ? old.status : {};
  const a = isObj(o.spec) ? o.spec : {};
  const b = isObj(old.spec) ? old.spec : {};
  objs(st.conditions).forEach((c, i) => {
    const t = str(c.type);
    if (['PodScheduled', 'Ready', 'Initialized'].includes(t)) return;
    errs.push(...isQualifiedName(t).map((m) => invalid(path('metadata', 'conditions').index(i).child('Type'), t, m)));
  });
  const sp = path('status');
  if (str(a.nodeName) !== str(b.nodeName)) errs.push(forbidden(sp.child('nodeName'), 'may not be changed directly'));
  const nn = str(st.nominatedNodeName);
  if (nn && nn !== str(ost.nominatedNodeName)) errs.push(...nameIsDNSSubdomain(nn, false).map((m) => invalid(sp.child('nominatedNodeName'), nn, m)));
  errs.push(...validateImmutableField(st.qosClass, ost.qosClass, sp.child('qosClass')));
  const rp = str(b.restartPolicy);
  errs.push(...containerStateTransition(st.containerStatuses, ost.containerStatuses, sp.child('containerStatuses'), rp, null));
  errs.push(...containerStateTransition(st.initContainerStatuses, ost.initContainerStatuses, sp.child('initContainerStatuses'), rp, objs(b.initContainers)));
  errs.push(...containerStateTransition(st.ephemeralContainerStatuses, ost.ephemeralContainerStatuses, sp.child('ephemeralContainerStatuses'), 'Never', null));
  for (const [key, one] of [['podIPs', null], ['hostIPs', 'hostIP']] as const) {
    const list = objs(st[key]);
    const lp = sp.child(key);
    if (key === 'hostIPs' && list.length > 0 && str(st.hostIP) !== str(list[0]!.ip)) errs.push(invalid(lp.index(0).child('ip'), str(list[0]!.ip), 'must be equal to `hostIP`'));
    void one;
    list.forEach((ip, i) => errs.push(...isValidIP(lp.index(i), str(ip.ip))));
    if (list.length > 1) {
      const fam = list.map((ip) => (str(ip.ip).includes(':') ? 6 : 4));
      if (list.length > 2 || fam[0] === fam[1]) errs.push(invalid(lp, null, 'may specify no more than one IP for each IP family'));
      const seen = new Set<string>();
      list.forEach((ip, i) => {
        if (seen.has(str(ip.ip))) errs.push(duplicate(lp.index(i), str(ip.ip)));
        seen.add(str(ip.ip));
      });
    }
  }
  return errs;
}

function validateEphemeralUpdate(o: KubeObject, old: KubeObject): FieldError[] {
  const errs = validatePodMetadataAndSpec(o);
  if (old.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) return [forbidden(null, 'static pods do not support ephemeral containers')];
  const byName = new Map(objs(isObj(o.spec) ? o.spec.ephemeralContainers : undefined).map((c) => [str(c.name), c]));
  const p = path('spec', 'ephemeralContainers');
  for (const c of objs(isObj(old.spec) ? old.spec.ephemeralContainers : undefined)) {
    const n = byName.get(str(c.name));
    if (!n) errs.push(forbidden(p, `existing ephemeral containers ${JSON.stringify(str(c.name))} may not be removed\n`));
    else if (!semanticDeepEqual(c, n)) errs.push(forbidden(p, `existing ephemeral containers ${JSON.stringify(str(c.name))} may not be changed\n`));
  }
  return errs;
}

export function podStrategy(): Strategy {
  return {
    defaults(o: KubeObject) {
      const spec = specOf(o);
      defaultPodOnly(spec);
      defaultPodSpec(o, spec);
      syncIPs(o.status);
    },
    prepareForCreate(o: KubeObject) {
      const spec = specOf(o);
      const status: Obj = { phase: 'Pending', qosClass: computeQOS(spec) };
      if (objs(spec.schedulingGates).length > 0) {
        status.conditions = [{ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: null, reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' }];
      }
      o.status = status;
      mutatePodAffinity(o, spec);
    },
    prepareForUpdate(o: KubeObject, old: KubeObject, ctx: RequestContext) {
      o.status = clone(old.status);
      if (o.status === undefined) delete o.status;
      if (ctx.subresource === 'ephemeralcontainers') {
        const ecs = isObj(o.spec) ? o.spec.ephemeralContainers : undefined;
        o.spec = clone(old.spec);
        if (ecs === undefined) delete specOf(o).ephemeralContainers;
        else specOf(o).ephemeralContainers = ecs;
        o.metadata = { ...o.metadata, labels: old.metadata.labels, annotations: old.metadata.annotations, finalizers: old.metadata.finalizers, ownerReferences: old.metadata.ownerReferences } as KubeObject['metadata'];
      } else if (ctx.subresource === 'resize') {
        const a = objs(isObj(o.spec) ? o.spec.containers : undefined);
        const ai = objs(isObj(o.spec) ? o.spec.initContainers : undefined);
        const b = objs(isObj(old.spec) ? old.spec.containers : undefined);
        const bi = objs(isObj(old.spec) ? old.spec.initContainers : undefined);
        if (a.length === b.length && ai.length === bi.length && a.every((c, i) => str(c.name) === str(b[i]!.name)) && ai.every((c, i) => str(c.name) === str(bi[i]!.name))) {
          const spec = clone(isObj(old.spec) ? old.spec : {});
          objs(spec.containers).forEach((c, i) => {
            c.resources = a[i]!.resources;
            c.resizePolicy = a[i]!.resizePolicy;
          });
          objs(spec.initContainers).forEach((c, i) => {
            c.resources = ai[i]!.resources;
            c.resizePolicy = ai[i]!.resizePolicy;
          });
          o.spec = spec;
        }
      }
    },
    validate(o: KubeObject): FieldErr[] {
      return toErrs(validatePodCreate(o));
    },
    validateUpdate(o: KubeObject, old: KubeObject, ctx: RequestContext): FieldErr[] {
      if (ctx.subresource === 'status') {
        // Upstream backfills the immutable QoS class an old kubelet may have dropped.
        const st = isObj(o.status) ? o.status : undefined;
        if (st && !st.qosClass && isObj(old.status) && old.status.qosClass) st.qosClass = old.status.qosClass;
        return toErrs(validatePodStatusUpdate(o, old));
      }
      if (ctx.subresource === 'ephemeralcontainers') return toErrs(validateEphemeralUpdate(o, old));
      if (ctx.subresource === 'resize') return toErrs(validatePodMetadataAndSpec(o));
      return toErrs(validatePodUpdate(o, old));
    },
    gracefulDelete(o: KubeObject, requested: number | undefined): number | null {
      const spec = isObj(o.spec) ? o.spec : {};
      const status = isObj(o.status) ? o.status : {};
      let grace = requested ?? (typeof spec.terminationGracePeriodSeconds === 'number' ? spec.terminationGracePeriodSeconds : 0);
      if (!str(spec.nodeName)) grace = 0; // never scheduled: nothing to stop
      if (status.phase === 'Failed' || status.phase === 'Succeeded') grace = 0;
      if (grace < 0) grace = 1;
      return grace;
    },
    selectableFields(o: KubeObject) {
      const spec = isObj(o.spec) ? o.spec : {};
      const st = isObj(o.status) ? o.status : {};
      const ips = objs(st.podIPs);
      return {
        'spec.nodeName': s(spec.nodeName),
        'spec.restartPolicy': s(spec.restartPolicy),
        'spec.schedulerName': s(spec.schedulerName),
        'spec.serviceAccountName': s(spec.serviceAccountName),
        'spec.hostNetwork': s(spec.hostNetwork ?? false),
        'status.phase': s(st.phase),
        'status.podIP': s(ips[0]?.ip ?? st.podIP),
        'status.podIPs': s(ips[0]?.ip),
        'status.nominatedNodeName': s(st.nominatedNodeName),
      };
    },
  };
}
