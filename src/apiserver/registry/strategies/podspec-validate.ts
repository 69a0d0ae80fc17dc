// ValidatePodSpec and ValidatePodTemplateSpec, in upstream's order of checks.

import {
  type FieldError,
  type FieldPath,
  duplicate,
  forbidden,
  invalid,
  notSupported,
  required,
  validateAnnotations,
  validateLabels,
  nameIsDNSSubdomain,
  inclusiveRangeError,
} from '../../../machinery/validation/index.js';
import { validateContainers, validateEphemeralContainers, validateInitContainers, type PodContext } from './containers-validate.js';
import { validateResourceRequirements } from './resources-validate.js';
import {
  validateAffinity,
  validateDNSConfig,
  validateHostAliases,
  validateImagePullSecrets,
  validateOS,
  validatePodSecurityContext,
  validateReadinessGates,
  validateSchedulingGates,
  validateTolerations,
  validateTopologySpreadConstraints,
} from './scheduling-validate.js';
import { dns1123Label, validateVolumes } from './volumes-validate.js';
import { int, isObj, type Obj, objs, str, strMap } from './util.js';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

function claimNames(spec: Obj): Set<string> {
  return new Set(objs(spec.resourceClaims).map((c) => str(c.name)).filter((n) => n));
}

function validateResourceClaims(list: unknown, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  objs(list).forEach((c, i) => {
    const ip = p.index(i);
    const name = str(c.name);
    if (!name) errs.push(required(ip.child('name')));
    else if (names.has(name)) errs.push(duplicate(ip.child('name'), name));
    else {
      errs.push(...dns1123Label(name, ip.child('name')));
      names.add(name);
    }
  });
  return errs;
}

export interface PodSpecOptions {
  /** The spec belongs to a Pod (not a template): hostPort must equal containerPort with hostNetwork. */
  isPod: boolean;
  podName?: string;
}

export function validatePodSpec(specV: unknown, p: FieldPath, opts: PodSpecOptions): FieldError[] {
  const spec = isObj(specV) ? specV : {};
  const errs: FieldError[] = [];
  const tgps = spec.terminationGracePeriodSeconds;
  if (tgps === undefined || tgps === null) errs.push(required(p.child('terminationGracePeriodSeconds')));
  const grace = typeof tgps === 'number' ? tgps : undefined;
  const hostUsers = spec.hostUsers !== false;
  const { vols, errs: vErrs } = validateVolumes(spec.volumes, p.child('volumes'), opts.podName);
  errs.push(...vErrs);
  const ctx: PodContext = { vols, claimNames: claimNames(spec), gracePeriod: grace, restartPolicy: str(spec.restartPolicy), hostUsers };
  errs.push(...validateResourceClaims(spec.resourceClaims, p.child('resourceClaims')));
  errs.push(...validateContainers(spec.containers, ctx, p.child('containers')));
  errs.push(...validateInitContainers(spec.initContainers, spec.containers, ctx, p.child('initContainers')));
  errs.push(...validateEphemeralContainers(spec.ephemeralContainers, spec.containers, spec.initContainers, ctx, p.child('ephemeralContainers')));
  if (spec.hostNetwork === true) {
    objs(spec.containers).forEach((c, i) => {
      objs(c.ports).forEach((port, j) => {
        const hp = int(port.hostPort);
        const cp = int(port.containerPort);
        if ((opts.isPod || hp !== 0) && hp !== cp) errs.push(invalid(p.child('containers').index(i).child('ports').index(j).child('hostPort'), hp, 'must match `containerPort` when `hostNetwork` is true'));
      });
    });
  }
  const rp = str(spec.restartPolicy);
  if (!rp) errs.push(required(p.child('restartPolicy')));
  else if (!RESTART_POLICIES.includes(rp)) errs.push(notSupported(p.child('restartPolicy'), rp, RESTART_POLICIES));
  const dp = str(spec.dnsPolicy);
  if (!dp) errs.push(required(p.child('dnsPolicy')));
  else if (!DNS_POLICIES.includes(dp)) errs.push(notSupported(p.child('dnsPolicy'), dp, DNS_POLICIES));
  errs.push(...validateLabels(strMap(spec.nodeSelector), p.child('nodeSelector')));
  errs.push(...validatePodSecurityContext(spec.securityContext, spec, p.child('securityContext')));
  errs.push(...validateImagePullSecrets(spec.imagePullSecrets, p.child('imagePullSecrets')));
  errs.push(...validateAffinity(spec.affinity, p.child('affinity')));
  errs.push(...validateDNSConfig(spec.dnsConfig, dp, p.child('dnsConfig')));
  errs.push(...validateReadinessGates(spec.readinessGates, p.child('readinessGates')));
  errs.push(...validateSchedulingGates(spec.schedulingGates, p.child('schedulingGates')));
  errs.push(...validateTopologySpreadConstraints(spec.topologySpreadConstraints, p.child('topologySpreadConstraints')));
  if (spec.hostUsers === false) {
    if (spec.hostNetwork === true) errs.push(forbidden(p.child('hostNetwork'), 'when `pod.Spec.HostUsers` is false'));
    if (spec.hostPID === true) errs.push(forbidden(p.child('HostPID'), 'when `pod.Spec.HostUsers` is false'));
    if (spec.hostIPC === true) errs.push(forbidden(p.child('HostIPC'), 'when `pod.Spec.HostUsers` is false'));
  }
  const sa = str(spec.serviceAccountName);
  if (sa) errs.push(...nameIsDNSSubdomain(sa, false).map((m) => invalid(p.child('serviceAccountName'), sa, m)));
  const node = str(spec.nodeName);
  if (node) errs.push(...nameIsDNSSubdomain(node, false).map((m) => invalid(p.child('nodeName'), node, m)));
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    const v = int(spec.activeDeadlineSeconds);
    if (v < 1 || v > 2147483647) errs.push(invalid(p.child('activeDeadlineSeconds'), v, inclusiveRangeError(1, 2147483647)));
  }
  if (str(spec.hostname)) errs.push(...dns1123Label(str(spec.hostname), p.child('hostname')));
  if (str(spec.subdomain)) errs.push(...dns1123Label(str(spec.subdomain), p.child('subdomain')));
  errs.push(...validateTolerations(spec.tolerations, p.child('tolerations')));
  errs.push(...validateHostAliases(spec.hostAliases, p.child('hostAliases')));
  const pc = str(spec.priorityClassName);
  if (pc) errs.push(...nameIsDNSSubdomain(pc, false).map((m) => invalid(p.child('priorityClassName'), pc, m)));
  if (spec.runtimeClassName !== undefined && spec.runtimeClassName !== null) {
    const rc = str(spec.runtimeClassName);
    errs.push(...nameIsDNSSubdomain(rc, false).map((m) => invalid(p.child('runtimeClassName'), rc, m)));
  }
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== null) {
    const pp = str(spec.preemptionPolicy);
    if (!pp) errs.push(required(p.child('preemptionPolicy')));
    else if (pp !== 'PreemptLowerPriority' && pp !== 'Never') errs.push(notSupported(p.child('preemptionPolicy'), pp, ['PreemptLowerPriority', 'Never']));
  }
  if (isObj(spec.overhead)) errs.push(...validateResourceRequirements({ limits: spec.overhead }, p.child('overhead'), new Set()));
  errs.push(...validateOS(spec, p));
  return errs;
}

/** Annotations with meaning on pods (and pod templates). */
export function validatePodAnnotations(annotations: Record<string, string>, spec: Obj, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const mirror = annotations['kubernetes.io/config.mirror'];
  if (mirror !== undefined && !str(spec.nodeName)) errs.push(invalid(p.key('kubernetes.io/config.mirror'), mirror, 'must set spec.nodeName if mirror pod annotation is set'));
  const cost = annotations['controller.kubernetes.io/pod-deletion-cost'];
  if (cost !== undefined && !(/^[+-]?\d+$/.test(cost) && Number(cost) >= -2147483648 && Number(cost) <= 2147483647)) {
    errs.push(invalid(p.key('controller.kubernetes.io/pod-deletion-cost'), cost, 'must be a 32bit integer'));
  }
  return errs;
}

export function validatePodTemplateSpec(templateV: unknown, p: FieldPath): FieldError[] {
  const t = isObj(templateV) ? templateV : {};
  const meta = isObj(t.metadata) ? t.metadata : {};
  const spec = isObj(t.spec) ? t.spec : {};
  const errs: FieldError[] = [];
  errs.push(...validateLabels(strMap(meta.labels), p.child('labels')));
  errs.push(...validateAnnotations(strMap(meta.annotations), p.child('annotations')));
  errs.push(...validatePodAnnotations(strMap(meta.annotations), spec, p.child('annotations')));
  errs.push(...validatePodSpec(spec, p.child('spec'), { isPod: false }));
  if (objs(spec.ephemeralContainers).length > 0) errs.push(forbidden(p.child('spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  return errs;
}
