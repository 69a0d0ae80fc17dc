// Services: SetDefaults_Service, the REST storage's ClusterIP / NodePort / health-check port
// allocation and carrying-over of allocated values on update, dropping type-dependent fields on
// type changes, and upstream's validation.

import type { KubeObject } from '../../../api/types.js';
import { type FieldError, invalid, path, semanticDeepEqual } from '../../../machinery/validation/index.js';
import type { FieldErr, RequestContext, Strategy } from '../strategy.js';
import type { StrategyEnv } from './index.js';
import { Allocator, ipToNumber, parseCIDR } from './ipalloc.js';
import { externallyAccessible, needsHealthCheck, validateLoadBalancerStatus, validateService, validateServiceUpdate } from './service-validate.js';
import { int, isObj, type Obj, objs, specOf, str, strMap, strs, toErrs } from './util.js';

const needsClusterIP = (sp: Obj) => sp.type !== 'ExternalName';
const needsNodePorts = (sp: Obj) => sp.type === 'NodePort' || sp.type === 'LoadBalancer';
const allocatesNodePorts = (sp: Obj) => sp.type === 'NodePort' || (sp.type === 'LoadBalancer' && sp.allocateLoadBalancerNodePorts !== false);

export function defaultService(o: KubeObject): void {
  const sp = specOf(o);
  if (!sp.sessionAffinity) sp.sessionAffinity = 'None';
  if (sp.sessionAffinity === 'None') delete sp.sessionAffinityConfig;
  if (sp.sessionAffinity === 'ClientIP') {
    const cfg = sp.sessionAffinityConfig;
    if (!isObj(cfg) || !isObj(cfg.clientIP) || cfg.clientIP.timeoutSeconds === undefined || cfg.clientIP.timeoutSeconds === null) {
      sp.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
    }
  }
  if (!sp.type) sp.type = 'ClusterIP';
  for (const p of objs(sp.ports)) {
    if (!p.protocol) p.protocol = 'TCP';
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (externallyAccessible(sp) && !sp.externalTrafficPolicy) sp.externalTrafficPolicy = 'Cluster';
  if ((sp.internalTrafficPolicy === undefined || sp.internalTrafficPolicy === null) && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(str(sp.type))) {
    sp.internalTrafficPolicy = 'Cluster';
  }
  if (sp.type === 'LoadBalancer') {
    if (sp.allocateLoadBalancerNodePorts === undefined || sp.allocateLoadBalancerNodePorts === null) sp.allocateLoadBalancerNodePorts = true;
    const st = o.status;
    if (isObj(st) && isObj(st.loadBalancer)) for (const ing of objs(st.loadBalancer.ingress)) if (str(ing.ip) && !ing.ipMode) ing.ipMode = 'VIP';
  }
}

/** ClusterIP and ClusterIPs kept in step (upstream's normalizeClusterIPs). */
function normalizeClusterIPs(sp: Obj, old?: Obj): void {
  if (!needsClusterIP(sp)) return;
  const cip = str(sp.clusterIP);
  const ips = strs(sp.clusterIPs);
  if (old && cip === '' && str(old.clusterIP) !== '' && semanticDeepEqual(sp.clusterIPs, old.clusterIPs)) {
    // The user cleared clusterIP only: clear clusterIPs too (re-filled from the old object below).
    delete sp.clusterIPs;
    return;
  }
  if (cip && ips.length === 0) sp.clusterIPs = [cip];
  else if (!cip && ips.length) sp.clusterIP = ips[0];
}

function sameNodePorts(a: Obj, b: Obj): boolean {
  const ap = objs(a.ports);
  const bp = objs(b.ports);
  return ap.length === bp.length && ap.every((p, i) => int(p.nodePort) === int(bp[i]!.nodePort));
}

function dropTypeDependentFields(sp: Obj, old: Obj, o: KubeObject): void {
  if (needsClusterIP(old) && !needsClusterIP(sp)) {
    if (str(sp.clusterIP) === str(old.clusterIP) && semanticDeepEqual(sp.clusterIPs, old.clusterIPs)) {
      delete sp.clusterIP;
      delete sp.clusterIPs;
    }
    if (semanticDeepEqual(sp.ipFamilies, old.ipFamilies)) delete sp.ipFamilies;
    if (str(sp.ipFamilyPolicy) === str(old.ipFamilyPolicy)) delete sp.ipFamilyPolicy;
  }
  if (needsNodePorts(old) && !needsNodePorts(sp) && sameNodePorts(sp, old)) for (const p of objs(sp.ports)) delete p.nodePort;
  if (needsHealthCheck(old) && !needsHealthCheck(sp) && int(sp.healthCheckNodePort) === int(old.healthCheckNodePort)) delete sp.healthCheckNodePort;
  if (old.type === 'LoadBalancer' && sp.type !== 'LoadBalancer') {
    if (sp.allocateLoadBalancerNodePorts !== undefined && old.allocateLoadBalancerNodePorts !== undefined && sp.allocateLoadBalancerNodePorts === old.allocateLoadBalancerNodePorts) {
      delete sp.allocateLoadBalancerNodePorts;
    }
    if (str(sp.loadBalancerClass) === str(old.loadBalancerClass)) delete sp.loadBalancerClass;
  }
  if (externallyAccessible(old) && !externallyAccessible(sp) && str(sp.externalTrafficPolicy) === str(old.externalTrafficPolicy)) delete sp.externalTrafficPolicy;
  if (sp.type !== 'LoadBalancer') {
    if (!isObj(o.status)) o.status = {};
    (o.status as Obj).loadBalancer = {};
  }
}

/** The REST storage's patchAllocatedValues: what a PUT may leave out is kept from the old object. */
function patchAllocatedValues(sp: Obj, old: Obj): void {
  if (needsClusterIP(old) && needsClusterIP(sp)) {
    if (!str(sp.clusterIP)) {
      if (old.clusterIP !== undefined) sp.clusterIP = old.clusterIP;
    }
    if (strs(sp.clusterIPs).length === 0 && strs(old.clusterIPs).length > 0) sp.clusterIPs = old.clusterIPs;
    if (sp.ipFamilies === undefined && old.ipFamilies !== undefined) sp.ipFamilies = old.ipFamilies;
    if ((sp.ipFamilyPolicy === undefined || sp.ipFamilyPolicy === null) && old.ipFamilyPolicy !== undefined) sp.ipFamilyPolicy = old.ipFamilyPolicy;
  }
  if (needsNodePorts(old) && needsNodePorts(sp)) {
    const usedOld = new Set(objs(old.ports).map((p) => int(p.nodePort)).filter((n) => n));
    const usedNew = new Set(objs(sp.ports).map((p) => int(p.nodePort)).filter((n) => n));
    const used = new Set([...usedOld].filter((n) => usedNew.has(n)));
    const byName = new Map(objs(old.ports).map((p) => [str(p.name), int(p.nodePort)]));
    for (const p of objs(sp.ports)) {
      if (int(p.nodePort) !== 0) continue;
      const v = byName.get(str(p.name)) ?? 0;
      if (v && !used.has(v)) p.nodePort = v;
    }
  }
  if (needsHealthCheck(old) && needsHealthCheck(sp) && int(sp.healthCheckNodePort) === 0 && old.healthCheckNodePort) sp.healthCheckNodePort = old.healthCheckNodePort;
}

export function serviceStrategy(env: StrategyEnv): Strategy {
  const ips = Allocator.ips(env.serviceCIDR);
  const ports = Allocator.ports(env.nodePortRange);
  const cidr = parseCIDR(env.serviceCIDR);

  const taken = (exclude?: KubeObject) => {
    const usedIPs = new Set<string>();
    const usedPorts = new Set<string>();
    const store = env.lookup('', 'services');
    for (const c of store?.cacher.list(store.listPrefix('')) ?? []) {
      if (exclude && c.obj.metadata.uid === exclude.metadata.uid) continue;
      const sp = isObj(c.obj.spec) ? c.obj.spec : {};
      for (const ip of strs(sp.clusterIPs).length ? strs(sp.clusterIPs) : str(sp.clusterIP) ? [str(sp.clusterIP)] : []) usedIPs.add(ip);
      for (const p of objs(sp.ports)) if (int(p.nodePort)) usedPorts.add(String(int(p.nodePort)));
      if (int(sp.healthCheckNodePort)) usedPorts.add(String(int(sp.healthCheckNodePort)));
    }
    return { usedIPs, usedPorts };
  };

  /** initIPFamilyFields for a single-stack IPv4 cluster. */
  const ipFamilyErrors = (sp: Obj): FieldError[] => {
    if (!needsClusterIP(sp)) return [];
    const errs: FieldError[] = [];
    const headless = strs(sp.clusterIPs)[0] === 'None';
    if ((sp.ipFamilyPolicy === undefined || sp.ipFamilyPolicy === null) && headless && Object.keys(strMap(sp.selector)).length === 0) sp.ipFamilyPolicy = 'RequireDualStack';
    if (sp.ipFamilyPolicy === 'RequireDualStack' && !headless) errs.push(invalid(path('spec', 'ipFamilyPolicy'), 'RequireDualStack', 'this cluster is not configured for dual-stack services'));
    strs(sp.ipFamilies).forEach((f, i) => {
      if (f === 'IPv6') errs.push(invalid(path('spec', 'ipFamilies').index(i), f, 'not configured on this cluster'));
    });
    if (strs(sp.ipFamilies).length > 1 && !headless) errs.push(invalid(path('spec', 'ipFamilies'), strs(sp.ipFamilies), 'when multiple IP families are specified, the policy must be RequireDualStack or PreferDualStack'));
    if (sp.ipFamilyPolicy === undefined || sp.ipFamilyPolicy === null) sp.ipFamilyPolicy = 'SingleStack';
    if (strs(sp.ipFamilies).length === 0) sp.ipFamilies = ['IPv4'];
    return errs;
  };

  const allocate = (sp: Obj, usedIPs: Set<string>, usedPorts: Set<string>, fresh: boolean): FieldError[] => {
    const errs: FieldError[] = [];
    if (needsClusterIP(sp) && (fresh || !str(sp.clusterIP))) {
      const cip = str(sp.clusterIP);
      if (cip === 'None') sp.clusterIPs = ['None'];
      else if (cip) {
        const n = ipToNumber(cip);
        if (n === null || n < cidr.base || n >= cidr.base + cidr.size) {
          errs.push(invalid(path('spec', 'clusterIPs'), [cip], `failed to allocate IP ${cip}: the provided IP (${cip}) is not in the valid range. The range of valid IPs is ${env.serviceCIDR}`));
        } else if (!ips.reserve(cip, usedIPs)) errs.push(invalid(path('spec', 'clusterIPs'), [cip], `failed to allocate IP ${cip}: provided IP is already allocated`));
      } else {
        const ip = ips.allocate(usedIPs);
        if (!ip) errs.push(invalid(path('spec', 'clusterIPs'), [], 'failed to allocate a serviceIP: range is full'));
        else {
          sp.clusterIP = ip;
          sp.clusterIPs = [ip];
        }
      }
    }
    if (allocatesNodePorts(sp) || sp.type === 'LoadBalancer') {
      objs(sp.ports).forEach((p, i) => {
        const np = int(p.nodePort);
        if (np) {
          if (!fresh) return;
          if (!ports.contains(np)) errs.push(invalid(path('spec', 'ports').index(i).child('nodePort'), np, `provided port is not in the valid range. The range of valid ports is ${env.nodePortRange}`));
          else if (!ports.reserve(String(np), usedPorts)) errs.push(invalid(path('spec', 'ports').index(i).child('nodePort'), np, 'provided port is already allocated'));
        } else if (allocatesNodePorts(sp)) {
          const v = ports.allocate(usedPorts);
          if (v) p.nodePort = Number(v);
        }
      });
    }
    return errs;
  };

  return {
    nameValidation: 'dns1035',
    defaults: defaultService,
    prepareForCreate(o: KubeObject) {
      o.status = { loadBalancer: {} };
      normalizeClusterIPs(specOf(o));
    },
    prepareForUpdate(o: KubeObject, old: KubeObject) {
      const sp = specOf(o);
      const osp = isObj(old.spec) ? old.spec : {};
      normalizeClusterIPs(sp, osp);
      dropTypeDependentFields(sp, osp, o);
      patchAllocatedValues(sp, osp);
      normalizeClusterIPs(sp);
    },
    validate(o: KubeObject): FieldErr[] {
      const sp = specOf(o);
      const { usedIPs, usedPorts } = taken();
      // The health-check node port is allocated before validation requires it.
      if (needsHealthCheck(sp) && !int(sp.healthCheckNodePort)) {
        const v = ports.allocate(usedPorts);
        if (v) sp.healthCheckNodePort = Number(v);
      }
      const famErrs = ipFamilyErrors(sp);
      if (famErrs.length) return toErrs(famErrs);
      const errs = validateService(sp, strMap(o.metadata.annotations));
      if (errs.length) return toErrs(errs);
      // Allocation happens after validation passed, so a failed create allocates nothing lasting.
      return toErrs(allocate(sp, usedIPs, usedPorts, true));
    },
    validateUpdate(o: KubeObject, old: KubeObject, ctx: RequestContext): FieldErr[] {
      const sp = specOf(o);
      const osp = isObj(old.spec) ? old.spec : {};
      if (ctx.subresource === 'status') return toErrs(validateLoadBalancerStatus(o.status, sp, path('status')));
      const { usedIPs, usedPorts } = taken(old);
      if (needsHealthCheck(sp) && !int(sp.healthCheckNodePort)) {
        const v = ports.allocate(usedPorts);
        if (v) sp.healthCheckNodePort = Number(v);
      }
      const famErrs = needsClusterIP(osp) ? [] : ipFamilyErrors(sp);
      const errs = [...famErrs, ...validateServiceUpdate(sp, osp, strMap(o.metadata.annotations))];
      if (errs.length) return toErrs(errs);
      const newClusterIP = needsClusterIP(sp) && !needsClusterIP(osp);
      if (newClusterIP) {
        const e = allocate(sp, usedIPs, usedPorts, true);
        return toErrs(e);
      }
      // New node ports: those given explicitly must be free; missing ones are allocated.
      const oldPorts = new Set(objs(osp.ports).map((p) => int(p.nodePort)));
      const e: FieldError[] = [];
      objs(sp.ports).forEach((p, i) => {
        const np = int(p.nodePort);
        if (np && !oldPorts.has(np) && needsNodePorts(sp)) {
          if (!ports.contains(np)) e.push(invalid(path('spec', 'ports').index(i).child('nodePort'), np, `provided port is not in the valid range. The range of valid ports is ${env.nodePortRange}`));
          else if (!ports.reserve(String(np), usedPorts)) e.push(invalid(path('spec', 'ports').index(i).child('nodePort'), np, 'provided port is already allocated'));
        }
      });
      if (e.length) return toErrs(e);
      return toErrs(allocate(sp, usedIPs, usedPorts, false));
    },
    selectableFields(o: KubeObject) {
      const sp = isObj(o.spec) ? o.spec : {};
      return { 'spec.clusterIP': str(sp.clusterIP), 'spec.type': str(sp.type) };
    },
  };
}
