// PersistentVolumes: defaults (Retain, Filesystem, status Pending with its transition time),
// ValidatePersistentVolume(Update): access modes, capacity, exactly one source, immutable source.

import type { KubeObject } from '../../../api/types.js';
import {
  type FieldError,
  forbidden,
  invalid,
  isDNS1123Subdomain,
  notSupported,
  path,
  required,
  semanticDeepEqual,
} from '../../../machinery/validation/index.js';
import type { FieldErr, RequestContext, Strategy } from '../strategy.js';
import { goMap } from './gorender.js';
import { defaultVolume } from './podspec-defaults.js';
import { VOLUME_MODES, validateAccessModes } from './pvcspec.js';
import { value } from './quantity.js';
import { canonicalList } from './resourcelist.js';
import { validatePositiveQuantity, q } from './resources-validate.js';
import { validateNodeSelector } from './scheduling-validate.js';
import { clone, isObj, type Obj, sortedKeys, specOf, str, strs, toErrs } from './util.js';
import { validateVolumeSource } from './volumes-validate.js';

const PV_SOURCES = [
  'gcePersistentDisk', 'awsElasticBlockStore', 'hostPath', 'glusterfs', 'nfs', 'rbd', 'iscsi', 'cinder', 'cephfs', 'fc', 'flocker',
  'flexVolume', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'local',
  'storageos', 'csi',
];
const NOT_SOURCE = new Set(['capacity', 'accessModes', 'claimRef', 'persistentVolumeReclaimPolicy', 'storageClassName', 'mountOptions', 'volumeMode', 'nodeAffinity', 'volumeAttributesClassName']);

function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function defaultPV(o: KubeObject): void {
  const spec = specOf(o);
  if (!spec.persistentVolumeReclaimPolicy) spec.persistentVolumeReclaimPolicy = 'Retain';
  if (!spec.volumeMode) spec.volumeMode = 'Filesystem';
  canonicalList(o, spec.capacity, true);
  // Source defaults shared with pod volumes (rbd, iscsi, azureDisk, scaleIO, hostPath type).
  defaultVolume(o, { ...spec, emptyDir: {} });
  if (isObj(o.status) && !o.status.phase) o.status.phase = 'Pending';
}

function validateSpec(o: KubeObject): FieldError[] {
  const spec = isObj(o.spec) ? o.spec : {};
  const sp = path('spec');
  const errs: FieldError[] = [];
  const modes = strs(spec.accessModes);
  if (modes.length === 0) errs.push(required(sp.child('accessModes')));
  errs.push(...validateAccessModes(modes, sp.child('accessModes')));
  const cap = isObj(spec.capacity) ? spec.capacity : {};
  if (Object.keys(cap).length === 0) errs.push(required(sp.child('capacity')));
  if (!('storage' in cap) || Object.keys(cap).length > 1) errs.push(notSupported(sp.child('capacity'), goMap(cap), ['storage']));
  for (const r of sortedKeys(cap)) {
    const qty = q(cap[r]);
    if (qty && qty.unscaled < 0n) errs.push(invalid(sp.child('capacity').key(r), Number(value(qty)), 'must be a valid resource quantity'));
    errs.push(...validatePositiveQuantity(cap[r], sp.child('capacity').key(r)));
  }
  const rp = str(spec.persistentVolumeReclaimPolicy);
  if (rp && !['Delete', 'Recycle', 'Retain'].includes(rp)) errs.push(notSupported(sp.child('persistentVolumeReclaimPolicy'), rp, ['Delete', 'Recycle', 'Retain']));
  let affinity = false;
  if (isObj(spec.nodeAffinity)) {
    affinity = true;
    if (isObj(spec.nodeAffinity.required)) errs.push(...validateNodeSelector(spec.nodeAffinity.required, sp.child('nodeAffinity', 'required')));
    else errs.push(required(sp.child('nodeAffinity', 'required'), 'must specify required node constraints'));
  }
  // Exactly one source: reuse the pod volume source checks for the shared kinds.
  const sources: Obj = {};
  for (const k of Object.keys(spec)) if (!NOT_SOURCE.has(k)) sources[k] = spec[k];
  const n = PV_SOURCES.filter((k) => spec[k] !== undefined && spec[k] !== null).length;
  if (n === 0) errs.push(required(sp, 'must specify a volume type'));
  else if (!isObj(spec.local)) errs.push(...validateVolumeSource(sources, sp, str(o.metadata.name), undefined).filter((e) => e.detail !== 'must specify a volume type'));
  else {
    if (!str(spec.local.path)) errs.push(required(sp.child('local', 'path')));
    if (!affinity) errs.push(required(sp.child('nodeAffinity'), 'Local volume requires node affinity'));
  }
  if (isObj(spec.hostPath) && str(spec.hostPath.path).replace(/\/+$/, '') === '' && str(spec.hostPath.path).startsWith('/') && rp === 'Recycle') {
    errs.push(forbidden(sp.child('persistentVolumeReclaimPolicy'), "may not be 'recycle' for a hostPath mount of '/'"));
  }
  const sc = str(spec.storageClassName);
  if (sc) errs.push(...isDNS1123Subdomain(sc).map((m) => invalid(sp.child('storageClassName'), sc, m)));
  if (spec.volumeMode !== undefined && spec.volumeMode !== null && !VOLUME_MODES.includes(str(spec.volumeMode))) errs.push(notSupported(sp.child('volumeMode'), str(spec.volumeMode), VOLUME_MODES));
  return errs;
}

function source(spec: Obj): Obj {
  const out: Obj = {};
  for (const k of PV_SOURCES) if (spec[k] !== undefined) out[k] = spec[k];
  return out;
}

export function persistentVolumeStrategy(): Strategy {
  return {
    defaults: defaultPV,
    prepareForCreate(o: KubeObject, ctx: RequestContext) {
      o.status = { phase: 'Pending', lastPhaseTransitionTime: rfc3339(ctx.now) };
    },
    validate: (o: KubeObject): FieldErr[] => toErrs(validateSpec(o)),
    validateUpdate(o: KubeObject, old: KubeObject, ctx: RequestContext): FieldErr[] {
      if (ctx.subresource === 'status') {
        const st = isObj(o.status) ? o.status : undefined;
        const ost = isObj(old.status) ? old.status : {};
        if (st && str(st.phase) !== str(ost.phase) && st.lastPhaseTransitionTime === ost.lastPhaseTransitionTime) st.lastPhaseTransitionTime = rfc3339(ctx.now);
        return [];
      }
      const errs = validateSpec(o);
      const a = clone(isObj(o.spec) ? o.spec : {});
      const b = isObj(old.spec) ? old.spec : {};
      if (isObj(b.csi) && !isObj(b.csi.controllerExpandSecretRef) && isObj(a.csi)) delete a.csi.controllerExpandSecretRef;
      if (!semanticDeepEqual(source(a), source(b))) errs.push(forbidden(path('spec', 'persistentvolumesource'), 'spec.persistentvolumesource is immutable after creation\n'));
      if (str(a.volumeMode) !== str(b.volumeMode)) errs.push(invalid(path('volumeMode'), a.volumeMode === undefined ? null : str(a.volumeMode), 'field is immutable'));
      if (isObj(b.nodeAffinity) && !semanticDeepEqual(a.nodeAffinity, b.nodeAffinity)) errs.push(invalid(path('nodeAffinity'), null, 'field is immutable, except for updating from beta label to GA'));
      return toErrs(errs);
    },
  };
}
