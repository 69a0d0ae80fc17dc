// Pod volumes as upstream's ValidateVolumes / validateVolumeSource check them: unique DNS-label
// names, exactly one source, and each source's own rules.

import {
  type FieldError,
  type FieldPath,
  duplicate,
  forbidden,
  invalid,
  isDNS1123Label,
  isDNS1123Subdomain,
  notSupported,
  required,
  tooLong,
} from '../../../machinery/validation/index.js';
import { validateLabels, validateAnnotations } from '../../../machinery/validation/index.js';
import { validatePVCSpec } from './pvcspec.js';
import { q } from './resources-validate.js';
import { sign } from './quantity.js';
import { validateObjectFieldSelector, validateResourceFieldSelector } from './downward.js';
import { int, isObj, type Obj, objs, str, strMap, strs } from './util.js';

export const FILE_MODE_ERROR = 'must be a number between 0 and 0777 (octal), both inclusive';

export function dns1123Label(value: string, p: FieldPath): FieldError[] {
  return isDNS1123Label(value).map((m) => invalid(p, value, m));
}

export function dns1123Subdomain(value: string, p: FieldPath): FieldError[] {
  return isDNS1123Subdomain(value).map((m) => invalid(p, value, m));
}

export function validatePathNoBacksteps(target: string, p: FieldPath): FieldError[] {
  return target.split('/').includes('..') ? [invalid(p, target, "must not contain '..'")] : [];
}

export function validateLocalDescendingPath(target: string, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (target.startsWith('/')) errs.push(invalid(p, target, 'must be a relative path'));
  errs.push(...validatePathNoBacksteps(target, p));
  return errs;
}

export function validateLocalNonReservedPath(target: string, p: FieldPath): FieldError[] {
  const errs = validateLocalDescendingPath(target, p);
  if (target.startsWith('..') && !target.startsWith('../')) errs.push(invalid(p, target, "must not start with '..'"));
  return errs;
}

function mode(v: unknown, p: FieldPath): FieldError[] {
  if (v === undefined || v === null) return [];
  const n = int(v);
  return n > 0o777 || n < 0 ? [invalid(p, n, FILE_MODE_ERROR)] : [];
}

function keyToPath(kp: Obj, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(kp.key)) errs.push(required(p.child('key')));
  if (!str(kp.path)) errs.push(required(p.child('path')));
  errs.push(...validateLocalNonReservedPath(str(kp.path), p.child('path')), ...mode(kp.mode, p.child('mode')));
  return errs;
}

function downwardFile(f: Obj, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(f.path)) errs.push(required(p.child('path')));
  errs.push(...validateLocalNonReservedPath(str(f.path), p.child('path')));
  if (isObj(f.fieldRef)) {
    errs.push(...validateObjectFieldSelector(f.fieldRef, 'volume', p.child('fieldRef')));
    if (isObj(f.resourceFieldRef)) errs.push(invalid(p, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
  } else if (isObj(f.resourceFieldRef)) {
    errs.push(...validateResourceFieldSelector(f.resourceFieldRef, p.child('resourceFieldRef'), true));
  } else {
    errs.push(required(p, 'one of fieldRef and resourceFieldRef is required'));
  }
  errs.push(...mode(f.mode, p.child('mode')));
  return errs;
}

function projected(src: Obj, p: FieldPath): FieldError[] {
  const errs = mode(src.defaultMode, p.child('defaultMode'));
  const paths = new Set<string>();
  const track = (path: string, shown: string) => {
    if (!path) return;
    if (paths.has(path)) errs.push(invalid(p, shown, 'conflicting duplicate paths'));
    paths.add(path);
  };
  objs(src.sources).forEach((s, i) => {
    let n = 0;
    const sp = p.child('sources').index(i);
    for (const kind of ['secret', 'configMap'] as const) {
      const x = s[kind];
      if (!isObj(x)) continue;
      n++;
      const pp = sp.child(kind);
      if (!str(x.name)) errs.push(required(pp.child('name')));
      objs(x.items).forEach((kp, j) => {
        errs.push(...keyToPath(kp, pp.child('items').index(j)));
        track(str(kp.path), str(x.name));
      });
    }
    if (isObj(s.downwardAPI)) {
      n++;
      for (const f of objs(s.downwardAPI.items)) {
        errs.push(...downwardFile(f, sp.child('downwardAPI')));
        track(str(f.path), str(f.path));
      }
    }
    if (isObj(s.serviceAccountToken)) {
      n++;
      const t = s.serviceAccountToken;
      const exp = int(t.expirationSeconds);
      const tp = sp.child('serviceAccountToken');
      if (exp < 600) errs.push(invalid(tp.child('expirationSeconds'), exp, 'may not specify a duration less than 10 minutes'));
      if (exp > 2 ** 32) errs.push(invalid(tp.child('expirationSeconds'), exp, 'may not specify a duration larger than 2^32 seconds'));
      if (!str(t.path)) errs.push(required(p.child('path')));
      else errs.push(...validateLocalNonReservedPath(str(t.path), p.child('path')));
    }
    if (isObj(s.clusterTrustBundle)) {
      n++;
      const c = s.clusterTrustBundle;
      const cp = sp.child('clusterTrustBundle');
      if (!str(c.path)) errs.push(required(cp.child('path')));
      errs.push(...validateLocalNonReservedPath(str(c.path), cp.child('path')));
      track(str(c.path), str(c.path));
    }
    if (n > 1) errs.push(forbidden(sp, 'may not specify more than 1 volume type per source'));
  });
  return errs;
}

const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

/** Volume sources in upstream's checking order, with the path name its "more than 1" error uses. */
const SOURCES: Array<[string, string]> = [
  ['emptyDir', 'emptyDir'], ['hostPath', 'hostPath'], ['gitRepo', 'gitRepo'], ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'], ['secret', 'secret'], ['nfs', 'nfs'], ['iscsi', 'iscsi'], ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'], ['persistentVolumeClaim', 'persistentVolumeClaim'], ['rbd', 'rbd'], ['cinder', 'cinder'], ['cephfs', 'cephFS'],
  ['quobyte', 'quobyte'], ['downwardAPI', 'downwarAPI'], ['fc', 'fc'], ['flexVolume', 'flexVolume'], ['configMap', 'configMap'],
  ['azureFile', 'azureFile'], ['vsphereVolume', 'vsphereVolume'], ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'], ['azureDisk', 'azureDisk'], ['storageos', 'storageos'], ['projected', 'projected'],
  ['scaleIO', 'scaleIO'], ['csi', 'csi'], ['ephemeral', 'ephemeral'], ['image', 'image'],
];

function requireFields(src: Obj, p: FieldPath, fields: string[]): FieldError[] {
  return fields.filter((f) => !src[f] || (Array.isArray(src[f]) && (src[f] as unknown[]).length === 0)).map((f) => required(p.child(f)));
}

function validateSource(kind: string, src: Obj, p: FieldPath, volName: string, podName: string | undefined): FieldError[] {
  const errs: FieldError[] = [];
  switch (kind) {
    case 'emptyDir': {
      const lim = q(src.sizeLimit);
      if (lim && sign(lim) < 0) errs.push(forbidden(p.child('sizeLimit'), 'SizeLimit field must be a valid resource quantity'));
      break;
    }
    case 'hostPath':
      if (!str(src.path)) return [required(p.child('path'))];
      errs.push(...validatePathNoBacksteps(str(src.path), p.child('path')));
      if (src.type !== undefined && src.type !== null && !HOST_PATH_TYPES.includes(str(src.type))) errs.push(notSupported(p.child('type'), str(src.type), HOST_PATH_TYPES));
      break;
    case 'gitRepo':
      if (!str(src.repository)) errs.push(required(p.child('repository')));
      errs.push(...validateLocalDescendingPath(str(src.directory), p.child('directory')));
      break;
    case 'gcePersistentDisk':
      if (!str(src.pdName)) errs.push(required(p.child('pdName')));
      if (int(src.partition) < 0 || int(src.partition) > 255) errs.push(invalid(p.child('partition'), int(src.partition), 'must be between 1 and 255, inclusive'));
      break;
    case 'awsElasticBlockStore':
      errs.push(...requireFields(src, p, ['volumeID']));
      if (int(src.partition) < 0 || int(src.partition) > 255) errs.push(invalid(p.child('partition'), int(src.partition), 'must be between 1 and 255, inclusive'));
      break;
    case 'secret':
      if (!str(src.secretName)) errs.push(required(p.child('secretName')));
      errs.push(...mode(src.defaultMode, p.child('defaultMode')));
      objs(src.items).forEach((kp, i) => errs.push(...keyToPath(kp, p.child('items').index(i))));
      break;
    case 'configMap':
      if (!str(src.name)) errs.push(required(p.child('name')));
      errs.push(...mode(src.defaultMode, p.child('defaultMode')));
      objs(src.items).forEach((kp, i) => errs.push(...keyToPath(kp, p.child('items').index(i))));
      break;
    case 'nfs':
      errs.push(...requireFields(src, p, ['server', 'path']));
      if (!str(src.path).startsWith('/')) errs.push(invalid(p.child('path'), str(src.path), 'must be an absolute path'));
      break;
    case 'iscsi':
      errs.push(...requireFields(src, p, ['targetPortal', 'iqn']));
      if (int(src.lun) < 0 || int(src.lun) > 255) errs.push(invalid(p.child('lun'), int(src.lun), 'must be between 0 and 255, inclusive'));
      if ((src.chapAuthDiscovery === true || src.chapAuthSession === true) && !isObj(src.secretRef)) errs.push(required(p.child('secretRef')));
      break;
    case 'glusterfs':
      errs.push(...requireFields(src, p, ['endpoints', 'path']));
      break;
    case 'flocker':
      if (!str(src.datasetName) && !str(src.datasetUUID)) errs.push(required(p, 'one of datasetName and datasetUUID is required'));
      if (str(src.datasetName) && str(src.datasetUUID)) errs.push(invalid(p, 'resource', 'datasetName and datasetUUID can not be specified simultaneously'));
      if (str(src.datasetName).includes('/')) errs.push(invalid(p.child('datasetName'), str(src.datasetName), "must not contain '/'"));
      break;
    case 'persistentVolumeClaim':
      errs.push(...requireFields(src, p, ['claimName']));
      break;
    case 'rbd':
      errs.push(...requireFields(src, p, ['monitors', 'image']));
      break;
    case 'cinder':
      errs.push(...requireFields(src, p, ['volumeID']));
      if (isObj(src.secretRef) && !str(src.secretRef.name)) errs.push(required(p.child('secretRef', 'name')));
      break;
    case 'cephfs':
      errs.push(...requireFields(src, p, ['monitors']));
      break;
    case 'quobyte':
      if (!str(src.registry)) errs.push(required(p.child('registry'), 'must be a host:port pair or multiple pairs separated by commas'));
      if (!str(src.volume)) errs.push(required(p.child('volume')));
      break;
    case 'downwardAPI':
      errs.push(...mode(src.defaultMode, p.child('defaultMode')));
      for (const f of objs(src.items)) errs.push(...downwardFile(f, p));
      break;
    case 'fc':
      if (strs(src.targetWWNs).length < 1 && strs(src.wwids).length < 1) errs.push(required(p.child('targetWWNs'), 'must specify either targetWWNs or wwids, but not both'));
      if (strs(src.targetWWNs).length && strs(src.wwids).length) errs.push(invalid(p.child('targetWWNs'), strs(src.targetWWNs), 'targetWWNs and wwids can not be specified simultaneously'));
      if (strs(src.targetWWNs).length && (src.lun === undefined || src.lun === null)) errs.push(required(p.child('lun'), 'lun is required if targetWWNs is specified'));
      break;
    case 'flexVolume':
      errs.push(...requireFields(src, p, ['driver']));
      for (const k of Object.keys(strMap(src.options))) {
        const ns = '.' + (k.includes('/') ? k.slice(0, k.indexOf('/')) : k).toLowerCase();
        if (ns.endsWith('.kubernetes.io') || ns.endsWith('.k8s.io')) errs.push(invalid(p.child('options').key(k), k, 'kubernetes.io and k8s.io namespaces are reserved'));
      }
      break;
    case 'azureFile':
      errs.push(...requireFields(src, p, ['secretName', 'shareName']));
      break;
    case 'vsphereVolume':
      errs.push(...requireFields(src, p, ['volumePath']));
      break;
    case 'photonPersistentDisk':
      errs.push(...requireFields(src, p, ['pdID']));
      break;
    case 'portworxVolume':
      errs.push(...requireFields(src, p, ['volumeID']));
      break;
    case 'azureDisk':
      if (!str(src.diskName)) errs.push(required(p.child('diskName')));
      if (!str(src.diskURI)) errs.push(required(p.child('diskURI')));
      if (src.cachingMode && !['None', 'ReadOnly', 'ReadWrite'].includes(str(src.cachingMode))) errs.push(notSupported(p.child('cachingMode'), str(src.cachingMode), ['None', 'ReadOnly', 'ReadWrite']));
      if (src.kind && !['Dedicated', 'Managed', 'Shared'].includes(str(src.kind))) errs.push(notSupported(p.child('kind'), str(src.kind), ['Dedicated', 'Managed', 'Shared']));
      break;
    case 'storageos':
      if (!str(src.volumeName)) errs.push(required(p.child('volumeName')));
      else errs.push(...dns1123Label(str(src.volumeName), p.child('volumeName')));
      if (str(src.volumeNamespace)) errs.push(...dns1123Label(str(src.volumeNamespace), p.child('volumeNamespace')));
      break;
    case 'projected':
      errs.push(...projected(src, p));
      break;
    case 'scaleIO':
      errs.push(...requireFields(src, p, ['gateway', 'system', 'volumeName']));
      break;
    case 'csi': {
      const driver = str(src.driver);
      if (!driver) errs.push(required(p.child('driver')));
      if (driver.length > 63) errs.push(tooLong(p.child('driver'), 63));
      errs.push(...isDNS1123Subdomain(driver.toLowerCase()).map((m) => invalid(p.child('driver'), driver, m)));
      if (isObj(src.nodePublishSecretRef) && !str(src.nodePublishSecretRef.name)) errs.push(required(p.child('nodePublishSecretRef', 'name')));
      break;
    }
    case 'ephemeral': {
      const t = src.volumeClaimTemplate;
      if (!isObj(t)) {
        errs.push(required(p.child('volumeClaimTemplate')));
        break;
      }
      const tp = p.child('volumeClaimTemplate');
      const meta = isObj(t.metadata) ? t.metadata : {};
      errs.push(...validateAnnotations(strMap(meta.annotations), tp.child('metadata', 'annotations')));
      errs.push(...validateLabels(strMap(meta.labels), tp.child('metadata', 'labels')));
      for (const k of Object.keys(meta)) if (k !== 'labels' && k !== 'annotations' && meta[k] !== undefined && meta[k] !== null) errs.push(forbidden(tp.child('metadata', k), 'cannot be set'));
      errs.push(...validatePVCSpec(isObj(t.spec) ? t.spec : {}, tp.child('spec')));
      if (podName && volName) {
        const pvcName = `${podName}-${volName}`;
        for (const m of isDNS1123Subdomain(pvcName)) errs.push(invalid(p.child('name'), volName, `PVC name ${JSON.stringify(pvcName)}: ${m}`));
      }
      break;
    }
    case 'image':
      if (src.pullPolicy && !['Always', 'IfNotPresent', 'Never'].includes(str(src.pullPolicy))) errs.push(notSupported(p.child('pullPolicy'), str(src.pullPolicy), ['Always', 'IfNotPresent', 'Never']));
      break;
  }
  return errs;
}

export function validateVolumeSource(v: Obj, p: FieldPath, volName: string, podName: string | undefined): FieldError[] {
  let n = 0;
  const errs: FieldError[] = [];
  for (const [key, errName] of SOURCES) {
    const src = v[key];
    if (src === undefined || src === null) continue;
    if (n > 0) {
      errs.push(forbidden(p.child(errName), 'may not specify more than 1 volume type'));
      continue;
    }
    n++;
    errs.push(...validateSource(key, isObj(src) ? src : {}, p.child(key === 'gcePersistentDisk' ? 'persistentDisk' : key), volName, podName));
  }
  if (n === 0) errs.push(required(p, 'must specify a volume type'));
  return errs;
}

/** ValidateVolumes: the volumes by name (only those without errors) and the errors. */
export function validateVolumes(volumes: unknown, p: FieldPath, podName?: string): { vols: Map<string, Obj>; errs: FieldError[] } {
  const errs: FieldError[] = [];
  const vols = new Map<string, Obj>();
  const list = objs(volumes);
  const createdPVCs = new Set<string>();
  if (podName) for (const v of list) if (isObj(v.ephemeral)) createdPVCs.add(`${podName}-${str(v.name)}`);
  list.forEach((v, i) => {
    const ip = p.index(i);
    const np = ip.child('name');
    const name = str(v.name);
    const el = validateVolumeSource(v, ip, name, podName);
    if (!name) el.push(required(np));
    else el.push(...dns1123Label(name, np));
    if (vols.has(name)) el.push(duplicate(np, name));
    if (el.length === 0) vols.set(name, v);
    else errs.push(...el);
    if (isObj(v.persistentVolumeClaim) && createdPVCs.has(str(v.persistentVolumeClaim.claimName))) {
      errs.push(invalid(ip.child('persistentVolumeClaim', 'claimName'), str(v.persistentVolumeClaim.claimName), 'must not reference a PVC that gets created for an ephemeral volume'));
    }
  });
  return { vols, errs };
}
