// Defaults of a PodSpec as upstream's core/v1 SetDefaults_PodSpec, _Container, _Probe, _Volume and
// the volume sources (plus the declarative `+default` markers), applied to pods and to every pod
// template; and SetDefaults_Pod, applied to pods only.

import type { KubeObject } from '../../../api/types.js';
import { canonicalField, canonicalList } from './resourcelist.js';
import { isObj, type Obj, objs, str } from './util.js';

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$/;

/** Whether docker's reference parser accepts the repository part of an image name. */
function validRepository(repo: string): boolean {
  const parts = repo.split('/');
  const first = parts[0]!;
  const hasDomain = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase());
  if (hasDomain && !DOMAIN.test(first)) return false;
  return (hasDomain ? parts.slice(1) : parts).every((c) => PATH_COMPONENT.test(c));
}

/** Upstream's PullPolicy default: Always for `:latest` or no tag (and no digest), else IfNotPresent. */
export function defaultPullPolicy(image: string): string {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const digest = at >= 0 ? image.slice(at + 1) : '';
  const slash = name.lastIndexOf('/');
  const last = name.slice(slash + 1);
  const colon = last.indexOf(':');
  const repo = name.slice(0, slash + 1) + (colon >= 0 ? last.slice(0, colon) : last);
  let tag = colon >= 0 ? last.slice(colon + 1) : '';
  // A name docker's parser rejects leaves the tag empty upstream: IfNotPresent.
  if (!validRepository(repo)) return 'IfNotPresent';
  if (colon >= 0 && !/^[\w][\w.-]{0,127}$/.test(tag)) return 'IfNotPresent';
  if (at >= 0 && !/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/.test(digest)) return 'IfNotPresent';
  if (!tag && !digest) tag = 'latest';
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultHTTPGet(h: unknown): void {
  if (!isObj(h)) return;
  if (!h.path) h.path = '/';
  if (!h.scheme) h.scheme = 'HTTP';
}

function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  defaultHTTPGet(p.httpGet);
}

function defaultFieldRef(fr: unknown): void {
  if (isObj(fr) && !fr.apiVersion) fr.apiVersion = 'v1';
}

export function defaultContainer(o: KubeObject, c: Obj): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = defaultPullPolicy(str(c.image));
  if (!c.terminationMessagePath) c.terminationMessagePath = '/dev/termination-log';
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = 'File';
  for (const p of objs(c.ports)) if (!p.protocol) p.protocol = 'TCP';
  for (const e of objs(c.env)) if (isObj(e.valueFrom)) defaultFieldRef(e.valueFrom.fieldRef);
  if (!isObj(c.resources)) c.resources = {};
  const res = c.resources as Obj;
  canonicalList(o, res.limits, true);
  canonicalList(o, res.requests, true);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (isObj(c.lifecycle)) {
    for (const h of [c.lifecycle.postStart, c.lifecycle.preStop]) if (isObj(h)) defaultHTTPGet(h.httpGet);
  }
}

/** Default of a PersistentVolumeClaimSpec (volumeMode Filesystem) and its quantities. */
export function defaultPVCSpec(o: KubeObject, spec: Obj): void {
  if (!spec.volumeMode) spec.volumeMode = 'Filesystem';
  if (isObj(spec.resources)) {
    canonicalList(o, spec.resources.requests, true);
    canonicalList(o, spec.resources.limits, true);
  }
}

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi',
  'ephemeral', 'image',
];

export function defaultVolume(o: KubeObject, v: Obj): void {
  if (!VOLUME_SOURCES.some((k) => v[k] !== undefined && v[k] !== null)) v.emptyDir = {};
  for (const k of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const s = v[k];
    if (isObj(s) && (s.defaultMode === undefined || s.defaultMode === null)) s.defaultMode = 420;
  }
  if (isObj(v.downwardAPI)) for (const it of objs(v.downwardAPI.items)) defaultFieldRef(it.fieldRef);
  if (isObj(v.projected)) {
    for (const src of objs(v.projected.sources)) {
      if (isObj(src.serviceAccountToken) && !src.serviceAccountToken.expirationSeconds) src.serviceAccountToken.expirationSeconds = 3600;
      if (isObj(src.downwardAPI)) for (const it of objs(src.downwardAPI.items)) defaultFieldRef(it.fieldRef);
    }
  }
  if (isObj(v.hostPath) && v.hostPath.type === undefined) v.hostPath.type = '';
  if (isObj(v.emptyDir)) canonicalField(o, v.emptyDir, 'sizeLimit');
  if (isObj(v.iscsi) && !v.iscsi.iscsiInterface) v.iscsi.iscsiInterface = 'default';
  if (isObj(v.rbd)) {
    if (!v.rbd.pool) v.rbd.pool = 'rbd';
    if (!v.rbd.user) v.rbd.user = 'admin';
    if (!v.rbd.keyring) v.rbd.keyring = '/etc/ceph/keyring';
  }
  if (isObj(v.azureDisk)) {
    if (!v.azureDisk.cachingMode) v.azureDisk.cachingMode = 'ReadWrite';
    if (!v.azureDisk.fsType) v.azureDisk.fsType = 'ext4';
    if (v.azureDisk.readOnly === undefined) v.azureDisk.readOnly = false;
    if (!v.azureDisk.kind) v.azureDisk.kind = 'Shared';
  }
  if (isObj(v.scaleIO)) {
    if (!v.scaleIO.storageMode) v.scaleIO.storageMode = 'ThinProvisioned';
    if (!v.scaleIO.fsType) v.scaleIO.fsType = 'xfs';
  }
  if (isObj(v.ephemeral) && isObj(v.ephemeral.volumeClaimTemplate)) {
    const t = v.ephemeral.volumeClaimTemplate;
    if (!isObj(t.spec)) t.spec = {};
    defaultPVCSpec(o, t.spec as Obj);
  }
}

/** SetDefaults_PodSpec and the defaults of everything a PodSpec contains. */
export function defaultPodSpec(o: KubeObject, spec: Obj): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst';
  if (!spec.restartPolicy) spec.restartPolicy = 'Always';
  if (!isObj(spec.securityContext)) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) spec.terminationGracePeriodSeconds = 30;
  if (!spec.schedulerName) spec.schedulerName = 'default-scheduler';
  // v1's deprecated serviceAccount mirrors serviceAccountName (conversion through the internal type).
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  else delete spec.serviceAccount;
  for (const v of objs(spec.volumes)) defaultVolume(o, v);
  for (const c of objs(spec.initContainers)) defaultContainer(o, c);
  for (const c of objs(spec.containers)) defaultContainer(o, c);
  for (const c of objs(spec.ephemeralContainers)) defaultContainer(o, c);
  canonicalList(o, spec.overhead, true);
}

/** SetDefaults_Pod: what only Pods (not templates) get, applied before the PodSpec defaults. */
export function defaultPodOnly(spec: Obj): void {
  for (const list of [spec.containers, spec.initContainers]) {
    for (const c of objs(list)) {
      const res = c.resources;
      if (!isObj(res) || !isObj(res.limits)) continue;
      const req = isObj(res.requests) ? res.requests : (res.requests = {});
      for (const [k, v] of Object.entries(res.limits)) if (!(k in (req as Obj))) (req as Obj)[k] = v;
    }
  }
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  if (spec.hostNetwork === true) {
    for (const list of [spec.containers, spec.initContainers]) {
      for (const c of objs(list)) for (const p of objs(c.ports)) if (!p.hostPort) p.hostPort = p.containerPort;
    }
  }
}

/** Defaults of a PodTemplateSpec (in controllers and PodTemplates). */
export function defaultPodTemplate(o: KubeObject, template: unknown): void {
  if (!isObj(template)) return;
  if (!isObj(template.spec)) template.spec = {};
  defaultPodSpec(o, template.spec as Obj);
}
