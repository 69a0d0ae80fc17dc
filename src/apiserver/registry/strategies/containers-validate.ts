// Containers of a PodSpec (regular, init, ephemeral) as upstream's validateContainers,
// validateInitContainers, validateEphemeralContainers and validateContainerCommon check them.

import {
  type FieldError,
  type FieldPath,
  duplicate,
  forbidden,
  GoValue,
  invalid,
  isConfigMapKey,
  isDNS1123Subdomain,
  isHTTPHeaderName,
  isRelaxedEnvVarName,
  isValidGroupID,
  isValidPortName,
  isValidPortNum,
  isValidUserID,
  nameIsDNSSubdomain,
  notFound,
  notSupported,
  required,
  validateNonnegativeField,
} from '../../../machinery/validation/index.js';
import { validateObjectFieldSelector, validateResourceFieldSelector } from './downward.js';
import { validateResourceRequirements } from './resources-validate.js';
import { validateLocalDescendingPath, validatePathNoBacksteps, dns1123Label } from './volumes-validate.js';
import { int, isObj, type Obj, objs, str } from './util.js';

export const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

export interface PodContext {
  vols: Map<string, Obj>;
  claimNames: Set<string>;
  gracePeriod: number | undefined;
  restartPolicy: string;
  hostUsers: boolean;
}

function validatePorts(ports: unknown, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  objs(ports).forEach((port, i) => {
    const ip = p.index(i);
    const name = str(port.name);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length) for (const m of msgs) errs.push(invalid(ip.child('name'), name, m));
      else if (names.has(name)) errs.push(duplicate(ip.child('name'), name));
      else names.add(name);
    }
    const cp = int(port.containerPort);
    if (cp === 0) errs.push(required(ip.child('containerPort')));
    else for (const m of isValidPortNum(cp)) errs.push(invalid(ip.child('containerPort'), cp, m));
    const hp = int(port.hostPort);
    if (hp !== 0) for (const m of isValidPortNum(hp)) errs.push(invalid(ip.child('hostPort'), hp, m));
    const proto = str(port.protocol);
    if (!proto) errs.push(required(ip.child('protocol')));
    else if (!PROTOCOLS.includes(proto)) errs.push(notSupported(ip.child('protocol'), proto, PROTOCOLS));
  });
  return errs;
}

function keySelector(s: Obj, p: FieldPath): FieldError[] {
  const errs = isDNS1123Subdomain(str(s.name)).map((m) => invalid(p.child('name'), str(s.name), m));
  const key = str(s.key);
  if (!key) errs.push(required(p.child('key')));
  else for (const m of isConfigMapKey(key)) errs.push(invalid(p.child('key'), key, m));
  return errs;
}

export function validateEnv(env: unknown, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  objs(env).forEach((ev, i) => {
    const ip = p.index(i);
    const name = str(ev.name);
    if (!name) errs.push(required(ip.child('name')));
    else for (const m of isRelaxedEnvVarName(name)) errs.push(invalid(ip.child('name'), name, m));
    const vf = ev.valueFrom;
    if (!isObj(vf)) return;
    const vp = ip.child('valueFrom');
    let n = 0;
    if (isObj(vf.fieldRef)) {
      n++;
      errs.push(...validateObjectFieldSelector(vf.fieldRef, 'env', vp.child('fieldRef')));
    }
    if (isObj(vf.resourceFieldRef)) {
      n++;
      errs.push(...validateResourceFieldSelector(vf.resourceFieldRef, vp.child('resourceFieldRef'), false));
    }
    if (isObj(vf.configMapKeyRef)) {
      n++;
      errs.push(...keySelector(vf.configMapKeyRef, vp.child('configMapKeyRef')));
    }
    if (isObj(vf.secretKeyRef)) {
      n++;
      errs.push(...keySelector(vf.secretKeyRef, vp.child('secretKeyRef')));
    }
    if (n === 0) errs.push(invalid(vp, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
    else if (str(ev.value)) errs.push(invalid(vp, '', 'may not be specified when `value` is not empty'));
    else if (n > 1) errs.push(invalid(vp, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

function validateEnvFrom(envFrom: unknown, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  objs(envFrom).forEach((ev, i) => {
    const ip = p.index(i);
    const prefix = str(ev.prefix);
    if (prefix) for (const m of isRelaxedEnvVarName(prefix)) errs.push(invalid(ip.child('prefix'), prefix, m));
    let n = 0;
    for (const kind of ['configMapRef', 'secretRef'] as const) {
      const ref = ev[kind];
      if (!isObj(ref)) continue;
      n++;
      const name = str(ref.name);
      if (!name) errs.push(required(ip.child(kind, 'name')));
      else for (const m of nameIsDNSSubdomain(name, true)) errs.push(invalid(ip.child(kind, 'name'), name, m));
    }
    if (n === 0) errs.push(invalid(p, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (n > 1) errs.push(invalid(p, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

function validateMounts(c: Obj, devices: Map<string, string>, vols: Map<string, Obj>, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const mountpoints = new Set<string>();
  const privileged = isObj(c.securityContext) && c.securityContext.privileged === true;
  objs(c.volumeMounts).forEach((m, i) => {
    const ip = p.index(i);
    const name = str(m.name);
    const mountPath = str(m.mountPath);
    if (!name) errs.push(required(ip.child('name')));
    if (!vols.has(name)) errs.push(notFound(ip.child('name'), name));
    if (!mountPath) errs.push(required(ip.child('mountPath')));
    if (mountpoints.has(mountPath)) errs.push(invalid(ip.child('mountPath'), mountPath, 'must be unique'));
    mountpoints.add(mountPath);
    if (devices.has(name)) errs.push(invalid(ip.child('name'), name, 'must not already exist in volumeDevices'));
    if ([...devices.values()].includes(mountPath)) errs.push(invalid(ip.child('mountPath'), mountPath, 'must not already exist as a path in volumeDevices'));
    const vol = vols.get(name);
    if (vol && isObj(vol.image)) {
      if (str(m.subPath)) errs.push(invalid(ip.child('subPath'), str(m.subPath), 'not allowed in image volume sources'));
      if (str(m.subPathExpr)) errs.push(invalid(ip.child('subPathExpr'), str(m.subPathExpr), 'not allowed in image volume sources'));
    }
    if (str(m.subPath)) errs.push(...validateLocalDescendingPath(str(m.subPath), p.child('subPath')));
    if (str(m.subPathExpr)) {
      if (str(m.subPath)) errs.push(invalid(ip.child('subPathExpr'), str(m.subPathExpr), 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...validateLocalDescendingPath(str(m.subPathExpr), p.child('subPathExpr')));
    }
    if (m.mountPropagation !== undefined && m.mountPropagation !== null) {
      const mp = str(m.mountPropagation);
      const supported = ['Bidirectional', 'HostToContainer', 'None'];
      if (!supported.includes(mp)) errs.push(notSupported(p.child('mountPropagation'), mp, supported));
      if (mp === 'Bidirectional' && !privileged) errs.push(forbidden(p.child('mountPropagation'), 'Bidirectional mount propagation is available only to privileged containers'));
    }
    if (m.recursiveReadOnly !== undefined && m.recursiveReadOnly !== null) {
      const rro = str(m.recursiveReadOnly);
      const rp = p.child('recursiveReadOnly');
      if (rro === 'Enabled' || rro === 'IfPossible') {
        if (m.readOnly !== true) errs.push(forbidden(rp, 'may only be specified when readOnly is true'));
        if (m.mountPropagation && str(m.mountPropagation) !== 'None') errs.push(forbidden(rp, 'may only be specified when mountPropagation is None or not specified'));
      } else if (rro !== 'Disabled') errs.push(notSupported(rp, rro, ['Disabled', 'Enabled', 'IfPossible']));
    }
  });
  return errs;
}

function validateDevices(c: Obj, mounts: Map<string, string>, vols: Map<string, Obj>, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const paths = new Set<string>();
  const names = new Set<string>();
  objs(c.volumeDevices).forEach((d, i) => {
    const ip = p.index(i);
    const name = str(d.name);
    const devPath = str(d.devicePath);
    const vol = vols.get(name);
    const isPVC = !!vol && (isObj(vol.persistentVolumeClaim) || isObj(vol.ephemeral));
    if (!name) errs.push(required(ip.child('name')));
    if (names.has(name)) errs.push(invalid(ip.child('name'), name, 'must be unique'));
    if (vol && !isPVC) errs.push(invalid(ip.child('name'), name, 'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode'));
    if (!vol) errs.push(notFound(ip.child('name'), name));
    if (!devPath) errs.push(required(ip.child('devicePath')));
    if (paths.has(devPath)) errs.push(invalid(ip.child('devicePath'), devPath, 'must be unique'));
    if (devPath && validatePathNoBacksteps(devPath, p).length) errs.push(invalid(ip.child('devicePath'), devPath, "can not contain backsteps ('..')"));
    else paths.add(devPath);
    if (mounts.has(name)) errs.push(invalid(ip.child('name'), name, 'must not already exist in volumeMounts'));
    if ([...mounts.values()].includes(devPath)) errs.push(invalid(ip.child('devicePath'), devPath, 'must not already exist as a path in volumeMounts'));
    if (name) names.add(name);
  });
  return errs;
}

function seccompProfile(sp: unknown, p: FieldPath): FieldError[] {
  if (!isObj(sp)) return [];
  const errs: FieldError[] = [];
  const t = str(sp.type);
  const types = ['Localhost', 'RuntimeDefault', 'Unconfined'];
  if (!t) errs.push(required(p.child('type'), 'type is required when seccompProfile is set'));
  else if (!types.includes(t)) errs.push(notSupported(p.child('type'), t, types));
  if (t === 'Localhost') {
    if (sp.localhostProfile === undefined || sp.localhostProfile === null) errs.push(required(p.child('localhostProfile'), 'must be set when seccomp type is Localhost'));
    else errs.push(...validateLocalDescendingPath(str(sp.localhostProfile), p.child('localhostProfile')));
  } else if (sp.localhostProfile !== undefined && sp.localhostProfile !== null) {
    errs.push(invalid(p.child('localhostProfile'), new GoValue(`core.SeccompProfile{Type:${JSON.stringify(t)}, LocalhostProfile:(*string)(0xc000000000)}`), 'can only be set when seccomp type is Localhost'));
  }
  return errs;
}

export function appArmorProfile(ap: unknown, p: FieldPath): FieldError[] {
  if (!isObj(ap)) return [];
  const t = str(ap.type);
  const lp = ap.localhostProfile;
  switch (t) {
    case 'Localhost':
      if (lp === undefined || lp === null) return [required(p.child('localhostProfile'), 'must be set when AppArmor type is Localhost')];
      if (str(lp).trim() !== str(lp)) return [invalid(p.child('localhostProfile'), str(lp), 'must not be padded with whitespace')];
      if (!str(lp)) return [required(p.child('localhostProfile'), 'must be set when AppArmor type is Localhost')];
      return [];
    case 'RuntimeDefault':
    case 'Unconfined':
      return lp === undefined || lp === null ? [] : [invalid(p.child('localhostProfile'), str(lp), 'can only be set when AppArmor type is Localhost')];
    case '':
      return [required(p.child('type'), 'type is required when appArmorProfile is set')];
    default:
      return [notSupported(p.child('type'), t, ['Localhost', 'RuntimeDefault', 'Unconfined'])];
  }
}

export { seccompProfile };

function securityContext(sc: unknown, p: FieldPath, hostUsers: boolean): FieldError[] {
  if (!isObj(sc)) return [];
  const errs: FieldError[] = [];
  if (sc.runAsUser !== undefined && sc.runAsUser !== null) for (const m of isValidUserID(int(sc.runAsUser))) errs.push(invalid(p.child('runAsUser'), int(sc.runAsUser), m));
  if (sc.runAsGroup !== undefined && sc.runAsGroup !== null) for (const m of isValidGroupID(int(sc.runAsGroup))) errs.push(invalid(p.child('runAsGroup'), int(sc.runAsGroup), m));
  if (sc.procMount !== undefined && sc.procMount !== null) {
    const pm = str(sc.procMount);
    if (pm !== 'Default' && pm !== 'Unmasked') errs.push(notSupported(p.child('procMount'), pm, ['Default', 'Unmasked']));
    if (hostUsers && pm === 'Unmasked') errs.push(invalid(p.child('procMount'), pm, '`hostUsers` must be false to use `Unmasked`'));
  }
  errs.push(...seccompProfile(sc.seccompProfile, p.child('seccompProfile')));
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged === true) errs.push(invalid(p, new GoValue('core.SecurityContext{...}'), 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
    if (isObj(sc.capabilities) && Array.isArray(sc.capabilities.add) && sc.capabilities.add.includes('CAP_SYS_ADMIN')) {
      errs.push(invalid(p, new GoValue('core.SecurityContext{...}'), 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN'));
    }
  }
  errs.push(...appArmorProfile(sc.appArmorProfile, p.child('appArmorProfile')));
  return errs;
}

function portNumOrName(port: unknown, p: FieldPath): FieldError[] {
  if (typeof port === 'string') return isValidPortName(port).map((m) => invalid(p, port, m));
  const n = int(port);
  return isValidPortNum(n).map((m) => invalid(p, n, m));
}

function handler(h: Obj, kinds: string[], p: FieldPath, grace: number | undefined): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const kind of kinds) {
    const a = h[kind];
    if (!isObj(a)) continue;
    if (n > 0) {
      errs.push(forbidden(p.child(kind), 'may not specify more than 1 handler type'));
      continue;
    }
    n++;
    const ap = p.child(kind);
    switch (kind) {
      case 'exec':
        if (!Array.isArray(a.command) || a.command.length === 0) errs.push(required(ap.child('command')));
        break;
      case 'httpGet': {
        if (!str(a.path)) errs.push(required(ap.child('path')));
        errs.push(...portNumOrName(a.port, ap.child('port')));
        const scheme = str(a.scheme);
        if (scheme !== 'HTTP' && scheme !== 'HTTPS') errs.push(notSupported(ap.child('scheme'), scheme, ['HTTP', 'HTTPS']));
        for (const hd of objs(a.httpHeaders)) for (const m of isHTTPHeaderName(str(hd.name))) errs.push(invalid(ap.child('httpHeaders'), str(hd.name), m));
        break;
      }
      case 'tcpSocket':
        errs.push(...portNumOrName(a.port, ap.child('port')));
        break;
      case 'grpc':
        errs.push(...portNumOrName(int(a.port), ap.child('port')));
        break;
      case 'sleep': {
        const s = int(a.seconds);
        if (grace !== undefined && (s <= 0 || s > grace)) {
          errs.push(invalid(ap, s, `must be greater than 0 and less than terminationGracePeriodSeconds (${grace}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`));
        }
        break;
      }
    }
  }
  if (n === 0) errs.push(required(p, 'must specify a handler type'));
  return errs;
}

function validateProbe(probe: unknown, kind: 'liveness' | 'readiness' | 'startup', p: FieldPath, grace: number | undefined): FieldError[] {
  if (!isObj(probe)) return [];
  const errs = handler(probe, ['exec', 'httpGet', 'tcpSocket', 'grpc'], p, grace);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    errs.push(...validateNonnegativeField(int(probe[f]), p.child(f)));
  }
  const tgps = probe.terminationGracePeriodSeconds;
  if (tgps !== undefined && tgps !== null && int(tgps) <= 0) errs.push(invalid(p.child('terminationGracePeriodSeconds'), int(tgps), 'must be greater than 0'));
  if (kind !== 'readiness' && int(probe.successThreshold) !== 1) errs.push(invalid(p.child('successThreshold'), int(probe.successThreshold), 'must be 1'));
  if (kind === 'readiness' && tgps !== undefined && tgps !== null) errs.push(invalid(p.child('terminationGracePeriodSeconds'), int(tgps), 'must not be set for readinessProbes'));
  return errs;
}

function validateLifecycle(lc: Obj, p: FieldPath, grace: number | undefined): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of ['postStart', 'preStop']) if (isObj(lc[k])) errs.push(...handler(lc[k] as Obj, ['exec', 'httpGet', 'tcpSocket', 'sleep'], p.child(k), grace));
  return errs;
}

function validateResizePolicy(list: unknown, p: FieldPath, restartPolicy: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  objs(list).forEach((rp, i) => {
    const rn = str(rp.resourceName);
    const pol = str(rp.restartPolicy);
    if (seen.has(rn)) errs.push(duplicate(p.index(i), rn));
    seen.add(rn);
    if (!rn) errs.push(required(p));
    else if (rn !== 'cpu' && rn !== 'memory') errs.push(notSupported(p, rn, ['cpu', 'memory']));
    if (!pol) errs.push(required(p));
    else if (pol !== 'NotRequired' && pol !== 'RestartContainer') errs.push(notSupported(p, pol, ['NotRequired', 'RestartContainer']));
    if (restartPolicy === 'Never' && pol !== 'NotRequired') errs.push(invalid(p, pol, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
  });
  return errs;
}

function containerCommon(c: Obj, ctx: PodContext, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c.name);
  if (!name) errs.push(required(p.child('name')));
  else errs.push(...dns1123Label(name, p.child('name')));
  if (!str(c.image)) errs.push(required(p.child('image')));
  const tmp = str(c.terminationMessagePolicy);
  if (!tmp) errs.push(required(p.child('terminationMessagePolicy')));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') errs.push(notSupported(p.child('terminationMessagePolicy'), tmp, ['File', 'FallbackToLogsOnError']));
  const mounts = new Map(objs(c.volumeMounts).map((m) => [str(m.name), str(m.mountPath)]));
  const devices = new Map(objs(c.volumeDevices).map((d) => [str(d.name), str(d.devicePath)]));
  errs.push(...validatePorts(c.ports, p.child('ports')));
  errs.push(...validateEnv(c.env, p.child('env')));
  errs.push(...validateEnvFrom(c.envFrom, p.child('envFrom')));
  errs.push(...validateMounts(c, devices, ctx.vols, p.child('volumeMounts')));
  errs.push(...validateDevices(c, mounts, ctx.vols, p.child('volumeDevices')));
  const pol = str(c.imagePullPolicy);
  if (!pol) errs.push(required(p.child('imagePullPolicy')));
  else if (!PULL_POLICIES.includes(pol)) errs.push(notSupported(p.child('imagePullPolicy'), pol, PULL_POLICIES));
  errs.push(...validateResourceRequirements(c.resources, p.child('resources'), ctx.claimNames));
  errs.push(...validateResizePolicy(c.resizePolicy, p.child('resizePolicy'), ctx.restartPolicy));
  errs.push(...securityContext(c.securityContext, p.child('securityContext'), ctx.hostUsers));
  return errs;
}

function hostPortConflicts(containers: Obj[], p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    objs(c.ports).forEach((port, pi) => {
      const hp = int(port.hostPort);
      if (hp === 0) return;
      const k = `${str(port.protocol)}/${str(port.hostIP)}/${hp}`;
      if (seen.has(k)) errs.push(duplicate(p.index(ci).child('ports').index(pi).child('hostPort'), k));
      else seen.add(k);
    });
  });
  return errs;
}

export function validateContainers(list: unknown, ctx: PodContext, p: FieldPath): FieldError[] {
  const containers = objs(list);
  if (containers.length === 0) return [required(p)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const cp = p.index(i);
    errs.push(...containerCommon(c, ctx, cp));
    const name = str(c.name);
    if (names.has(name)) errs.push(duplicate(cp.child('name'), name));
    else names.add(name);
    if (isObj(c.lifecycle)) errs.push(...validateLifecycle(c.lifecycle, cp.child('lifecycle'), ctx.gracePeriod));
    errs.push(...validateProbe(c.livenessProbe, 'liveness', cp.child('livenessProbe'), ctx.gracePeriod));
    errs.push(...validateProbe(c.readinessProbe, 'readiness', cp.child('readinessProbe'), ctx.gracePeriod));
    errs.push(...validateProbe(c.startupProbe, 'startup', cp.child('startupProbe'), ctx.gracePeriod));
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) errs.push(forbidden(cp.child('restartPolicy'), 'may not be set for non-init containers'));
  });
  errs.push(...hostPortConflicts(containers, p));
  return errs;
}

export function validateInitContainers(list: unknown, regular: unknown, ctx: PodContext, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(objs(regular).map((c) => str(c.name)));
  objs(list).forEach((c, i) => {
    const cp = p.index(i);
    errs.push(...containerCommon(c, ctx, cp));
    let always = false;
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) {
      const rp = str(c.restartPolicy);
      if (rp !== 'Always') errs.push(notSupported(cp.child('restartPolicy'), rp, ['Always']));
      always = rp === 'Always';
    }
    const name = str(c.name);
    if (names.has(name)) errs.push(duplicate(cp.child('name'), name));
    else if (name) names.add(name);
    errs.push(...hostPortConflicts([c], p));
    if (always) {
      if (isObj(c.lifecycle)) errs.push(...validateLifecycle(c.lifecycle, cp.child('lifecycle'), ctx.gracePeriod));
      errs.push(...validateProbe(c.livenessProbe, 'liveness', cp.child('livenessProbe'), ctx.gracePeriod));
      errs.push(...validateProbe(c.readinessProbe, 'readiness', cp.child('readinessProbe'), ctx.gracePeriod));
      errs.push(...validateProbe(c.startupProbe, 'startup', cp.child('startupProbe'), ctx.gracePeriod));
    } else {
      for (const k of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (c[k] !== undefined && c[k] !== null) errs.push(forbidden(cp.child(k), 'may not be set for init containers without restartPolicy=Always'));
      }
    }
    if (Array.isArray(c.resizePolicy) && c.resizePolicy.length > 0) errs.push(invalid(cp.child('resizePolicy'), new GoValue('[]core.ContainerResizePolicy{...}'), 'must not be set for init containers'));
  });
  return errs;
}

const EPHEMERAL_ALLOWED = new Set([
  'name', 'image', 'command', 'args', 'workingDir', 'envFrom', 'env', 'volumeMounts', 'volumeDevices', 'terminationMessagePath',
  'terminationMessagePolicy', 'imagePullPolicy', 'securityContext', 'stdin', 'stdinOnce', 'tty', 'targetContainerName',
]);

export function validateEphemeralContainers(list: unknown, regular: unknown, init: unknown, ctx: PodContext, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const ecs = objs(list);
  if (ecs.length === 0) return errs;
  const other = new Set([...objs(regular), ...objs(init)].map((c) => str(c.name)));
  const all = new Set(other);
  ecs.forEach((c, i) => {
    const cp = p.index(i);
    errs.push(...containerCommon(c, ctx, cp));
    if (str(c.image).length !== str(c.image).trim().length) errs.push(invalid(cp.child('image'), str(c.image), 'must not have leading or trailing whitespace'));
    const name = str(c.name);
    if (all.has(name)) errs.push(duplicate(cp.child('name'), name));
    else all.add(name);
    const target = str(c.targetContainerName);
    if (target && !other.has(target)) errs.push(notFound(cp.child('targetContainerName'), target));
    for (const k of Object.keys(c)) {
      const v = c[k];
      const empty = v === undefined || v === null || v === false || v === '' || (Array.isArray(v) && v.length === 0) || (isObj(v) && Object.keys(v).length === 0);
      if (!EPHEMERAL_ALLOWED.has(k) && !empty) errs.push(forbidden(cp.child(k), 'cannot be set for an Ephemeral Container'));
    }
    objs(c.volumeMounts).forEach((m, j) => {
      if (str(m.subPath)) errs.push(forbidden(cp.child('volumeMounts').index(j).child('subPath'), 'cannot be set for an Ephemeral Container'));
      if (str(m.subPathExpr)) errs.push(forbidden(cp.child('volumeMounts').index(j).child('subPathExpr'), 'cannot be set for an Ephemeral Container'));
    });
  });
  return errs;
}
