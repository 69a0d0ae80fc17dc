// ValidateService and ValidateServiceUpdate as upstream (ports, names, selector, session affinity,
// clusterIPs / ipFamilies, type-dependent fields, traffic policies).

import {
  type FieldError,
  type FieldPath,
  duplicate,
  forbidden,
  GoValue,
  invalid,
  isQualifiedName,
  isValidCIDR,
  isValidIP,
  isValidPortName,
  isValidPortNum,
  notSupported,
  parseIPSloppy,
  path,
  required,
  validateLabels,
} from '../../../machinery/validation/index.js';
import { dns1123Label, dns1123Subdomain } from './volumes-validate.js';
import { int, isObj, type Obj, objs, str, strMap, strs } from './util.js';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

export function isHeadless(spec: Obj): boolean {
  const ips = strs(spec.clusterIPs);
  return ips.length === 1 && ips[0] === 'None';
}

export function externallyAccessible(spec: Obj): boolean {
  return spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && strs(spec.externalIPs).length > 0);
}

export function needsHealthCheck(spec: Obj): boolean {
  return spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
}

function portNumOrName(v: unknown, p: FieldPath): FieldError[] {
  if (typeof v === 'string') return isValidPortName(v).map((m) => invalid(p, v, m));
  const n = int(v);
  return isValidPortNum(n).map((m) => invalid(p, n, m));
}

function goServicePort(protocol: string, port: number): GoValue {
  return new GoValue(`core.ServicePort{Name:"", Protocol:${JSON.stringify(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`);
}

function nonSpecialIP(ip: string, p: FieldPath): FieldError[] {
  const parsed = parseIPSloppy(ip);
  if (!parsed) return [invalid(p, ip, 'must be a valid IP address')];
  const b = parsed.bytes;
  const errs: FieldError[] = [];
  const v4 = parsed.family === 4 ? b : b.length === 16 && b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff ? b.slice(12) : null;
  if (v4) {
    if (v4.every((x) => x === 0)) errs.push(invalid(p, ip, `may not be unspecified (${ip})`));
    if (v4[0] === 127) errs.push(invalid(p, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
    if (v4[0] === 169 && v4[1] === 254) errs.push(invalid(p, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
    if (v4[0] === 224 && v4[1] === 0 && v4[2] === 0) errs.push(invalid(p, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  } else {
    if (b.every((x) => x === 0)) errs.push(invalid(p, ip, `may not be unspecified (${ip})`));
    if (b.slice(0, 15).every((x) => x === 0) && b[15] === 1) errs.push(invalid(p, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
    if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) errs.push(invalid(p, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
    if (b[0] === 0xff && (b[1]! & 0x0f) === 0x02) errs.push(invalid(p, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  }
  return errs;
}

export { nonSpecialIP as validateNonSpecialIP };

function clusterIPsRelated(spec: Obj): FieldError[] {
  if (spec.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const sp = path('spec');
  const cp = sp.child('clusterIPs');
  const ips = strs(spec.clusterIPs);
  const cip = str(spec.clusterIP);
  if (cip) {
    if (ips.length === 0) errs.push(required(cp));
    else if (ips[0] !== cip) errs.push(invalid(cp, ips, 'first value must match `clusterIP`'));
  } else if (ips.length) errs.push(invalid(cp, ips, 'must be empty when `clusterIP` is not specified'));
  const fams = strs(spec.ipFamilies);
  const seen = new Set<string>();
  fams.forEach((f, i) => {
    if (f !== 'IPv4' && f !== 'IPv6') errs.push(notSupported(sp.child('ipFamilies').index(i), f, ['IPv4', 'IPv6']));
    if (seen.has(f)) errs.push(duplicate(sp.child('ipFamilies').index(i), f));
    seen.add(f);
  });
  if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null) {
    const pol = str(spec.ipFamilyPolicy);
    const ok = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
    if (!ok.includes(pol)) errs.push(notSupported(sp.child('ipFamilyPolicy'), pol, ok));
  }
  let bad = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        bad = true;
        errs.push(invalid(cp, ips, "'None' must be the first and only value"));
      }
      return;
    }
    const e = isValidIP(cp.index(i), ip);
    if (e.length) bad = true;
    errs.push(...e);
  });
  if (ips.length > 2) errs.push(invalid(cp, ips, 'may only hold up to 2 values'));
  if (bad) return errs;
  if (ips.length > 1) {
    const f = ips.map((ip) => parseIPSloppy(ip)?.family);
    if (f[0] === f[1]) errs.push(invalid(cp, ips, 'may specify no more than one IP for each IP family'));
  }
  if (!isHeadless(spec) && ips.length && fams.length) {
    ips.forEach((ip, i) => {
      if (i > fams.length - 1) return;
      const v6 = parseIPSloppy(ip)?.family === 6;
      if (fams[i] === 'IPv4' && v6) errs.push(invalid(cp.index(i), ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      if (fams[i] === 'IPv6' && !v6) errs.push(invalid(cp.index(i), ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
    });
  }
  return errs;
}

export function validateService(spec: Obj, annotations: Record<string, string>): FieldError[] {
  const errs: FieldError[] = [];
  const sp = path('spec');
  const ports = objs(spec.ports);
  const type = str(spec.type);
  const headless = isHeadless(spec);
  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push(required(sp.child('ports')));
  if (type === 'LoadBalancer' && headless) errs.push(invalid(sp.child('clusterIPs').index(0), 'None', "may not be set to 'None' for LoadBalancer services"));
  if (type === 'NodePort' && headless) errs.push(invalid(sp.child('clusterIPs').index(0), 'None', "may not be set to 'None' for NodePort services"));
  if (type === 'ExternalName') {
    if (strs(spec.clusterIPs).length) errs.push(forbidden(sp.child('clusterIPs'), 'may not be set for ExternalName services'));
    if (strs(spec.ipFamilies).length) errs.push(forbidden(sp.child('ipFamilies'), 'may not be set for ExternalName services'));
    if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null) errs.push(forbidden(sp.child('ipFamilyPolicy'), 'may not be set for ExternalName services'));
    const cname = str(spec.externalName).replace(/\.$/, '');
    if (cname) errs.push(...dns1123Subdomain(cname, sp.child('externalName')));
    else errs.push(required(sp.child('externalName')));
  }
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const pp = sp.child('ports').index(i);
    const name = str(port.name);
    if (ports.length > 1 && !name) errs.push(required(pp.child('name')));
    else if (name) {
      errs.push(...dns1123Label(name, pp.child('name')));
      if (names.has(name)) errs.push(duplicate(pp.child('name'), name));
      else names.add(name);
    }
    for (const m of isValidPortNum(int(port.port))) errs.push(invalid(pp.child('port'), int(port.port), m));
    const proto = str(port.protocol);
    if (!proto) errs.push(required(pp.child('protocol')));
    else if (!PROTOCOLS.includes(proto)) errs.push(notSupported(pp.child('protocol'), proto, PROTOCOLS));
    errs.push(...portNumOrName(port.targetPort, pp.child('targetPort')));
    if (port.appProtocol !== undefined && port.appProtocol !== null) errs.push(...isQualifiedName(str(port.appProtocol)).map((m) => invalid(pp.child('appProtocol'), str(port.appProtocol), m)));
  });
  if (isObj(spec.selector)) errs.push(...validateLabels(strMap(spec.selector), sp.child('selector')));
  const sa = str(spec.sessionAffinity);
  if (!sa) errs.push(required(sp.child('sessionAffinity')));
  else if (sa !== 'ClientIP' && sa !== 'None') errs.push(notSupported(sp.child('sessionAffinity'), sa, ['ClientIP', 'None']));
  const sac = sp.child('sessionAffinityConfig');
  if (sa === 'ClientIP') {
    const cfg = spec.sessionAffinityConfig;
    if (!isObj(cfg)) errs.push(required(sac, 'when session affinity type is ClientIP'));
    else if (!isObj(cfg.clientIP)) errs.push(required(sac.child('clientIP'), 'when session affinity type is ClientIP'));
    else if (cfg.clientIP.timeoutSeconds === undefined || cfg.clientIP.timeoutSeconds === null) errs.push(required(sac.child('clientIP', 'timeoutSeconds'), 'when session affinity type is ClientIP'));
    else {
      const t = int(cfg.clientIP.timeoutSeconds);
      if (t <= 0 || t > 86400) errs.push(invalid(sac.child('clientIP', 'timeoutSeconds'), t, 'must be greater than 0 and less than 86400'));
    }
  } else if (sa === 'None' && isObj(spec.sessionAffinityConfig)) {
    errs.push(forbidden(sac, 'must not be set when session affinity is None'));
  }
  errs.push(...clusterIPsRelated(spec));
  strs(spec.externalIPs).forEach((ip, i) => {
    const ip_ = sp.child('externalIPs').index(i);
    const e = isValidIP(ip_, ip);
    errs.push(...(e.length ? e : nonSpecialIP(ip, ip_)));
  });
  if (!type) errs.push(required(sp.child('type')));
  else if (!TYPES.includes(type)) errs.push(notSupported(sp.child('type'), type, TYPES));
  if (type === 'ClusterIP') ports.forEach((port, i) => {
    if (int(port.nodePort) !== 0) errs.push(forbidden(sp.child('ports').index(i).child('nodePort'), "may not be used when `type` is 'ClusterIP'"));
  });
  const nodePorts = new Set<string>();
  ports.forEach((port, i) => {
    if (int(port.nodePort) === 0) return;
    const k = `${str(port.protocol)}/${int(port.nodePort)}`;
    if (nodePorts.has(k)) errs.push(duplicate(sp.child('ports').index(i).child('nodePort'), int(port.nodePort)));
    nodePorts.add(k);
  });
  const seen = new Set<string>();
  ports.forEach((port, i) => {
    const k = `${str(port.protocol)}/${int(port.port)}`;
    if (seen.has(k)) errs.push(duplicate(sp.child('ports').index(i), goServicePort(str(port.protocol), int(port.port))));
    seen.add(k);
  });
  const ranges = strs(spec.loadBalancerSourceRanges);
  if (ranges.length) {
    const fp = sp.child('LoadBalancerSourceRanges');
    if (type !== 'LoadBalancer') errs.push(forbidden(fp, "may only be used when `type` is 'LoadBalancer'"));
    ranges.forEach((r, i) => errs.push(...isValidCIDR(fp.index(i), r.trim())));
  } else if ('service.beta.kubernetes.io/load-balancer-source-ranges' in annotations) {
    const fp = path('metadata', 'annotations').key('service.beta.kubernetes.io/load-balancer-source-ranges');
    if (type !== 'LoadBalancer') errs.push(forbidden(fp, "may only be used when `type` is 'LoadBalancer'"));
    const val = annotations['service.beta.kubernetes.io/load-balancer-source-ranges']!.trim();
    if (val) for (const c of val.split(',')) errs.push(...isValidCIDR(fp, c.trim()));
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts !== null && type !== 'LoadBalancer') {
    errs.push(forbidden(sp.child('allocateLoadBalancerNodePorts'), "may only be used when `type` is 'LoadBalancer'"));
  }
  if (type === 'LoadBalancer' && (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null)) errs.push(required(path('allocateLoadBalancerNodePorts')));
  if (type === 'LoadBalancer') {
    if (spec.loadBalancerClass !== undefined && spec.loadBalancerClass !== null) errs.push(...isQualifiedName(str(spec.loadBalancerClass)).map((m) => invalid(sp.child('loadBalancerClass'), str(spec.loadBalancerClass), m)));
  } else if (spec.loadBalancerClass !== undefined && spec.loadBalancerClass !== null) {
    errs.push(forbidden(sp.child('loadBalancerClass'), "may only be used when `type` is 'LoadBalancer'"));
  }
  const etp = str(spec.externalTrafficPolicy);
  if (!externallyAccessible(spec)) {
    if (etp) errs.push(invalid(sp.child('externalTrafficPolicy'), etp, 'may only be set for externally-accessible services'));
  } else if (!etp) errs.push(required(sp.child('externalTrafficPolicy')));
  else if (etp !== 'Cluster' && etp !== 'Local') errs.push(notSupported(sp.child('externalTrafficPolicy'), etp, ['Cluster', 'Local']));
  const hc = int(spec.healthCheckNodePort);
  if (!needsHealthCheck(spec)) {
    if (hc !== 0) errs.push(invalid(sp.child('healthCheckNodePort'), hc, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  } else if (hc === 0) errs.push(required(sp.child('healthCheckNodePort')));
  else for (const m of isValidPortNum(hc)) errs.push(invalid(sp.child('healthCheckNodePort'), hc, m));
  if (spec.internalTrafficPolicy === undefined || spec.internalTrafficPolicy === null) {
    if (type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP') errs.push(required(sp.child('internalTrafficPolicy')));
  } else if (!['Cluster', 'Local'].includes(str(spec.internalTrafficPolicy))) {
    errs.push(notSupported(sp.child('internalTrafficPolicy'), str(spec.internalTrafficPolicy), ['Cluster', 'Local']));
  }
  if (spec.trafficDistribution !== undefined && spec.trafficDistribution !== null && str(spec.trafficDistribution) !== 'PreferClose') {
    errs.push(notSupported(sp.child('trafficDistribution'), str(spec.trafficDistribution), ['PreferClose']));
  }
  return errs;
}

export function validateServiceUpdate(spec: Obj, old: Obj, annotations: Record<string, string>): FieldError[] {
  const errs: FieldError[] = [];
  const cp = path('spec', 'clusterIPs');
  const fp = path('spec', 'ipFamilies');
  if (spec.type !== 'ExternalName' && old.type !== 'ExternalName' && !(isHeadless(spec) && isHeadless(old))) {
    const a = strs(spec.clusterIPs);
    const b = strs(old.clusterIPs);
    if (a.length === b.length) b.forEach((ip, i) => ip !== a[i] && errs.push(invalid(cp.index(i), a, 'may not change once set')));
    else if (b.length > a.length) {
      if (a.length === 0) errs.push(invalid(cp.index(0), a, 'primary clusterIP can not be unset'));
      if (b.length && a.length && a[0] !== b[0]) errs.push(invalid(cp.index(0), a, 'may not change once set'));
      if (a.length === 1 && str(spec.ipFamilyPolicy) !== 'SingleStack') errs.push(invalid(path('spec', 'ipFamilyPolicy'), spec.ipFamilyPolicy === undefined ? null : str(spec.ipFamilyPolicy), "must be set to 'SingleStack' when releasing the secondary clusterIP"));
    } else if (b.length && a[0] !== b[0]) errs.push(invalid(cp.index(0), a, 'may not change once set'));
  }
  if (spec.type !== 'ExternalName' && old.type !== 'ExternalName' && isHeadless(spec) === isHeadless(old) && !isHeadless(spec)) {
    const a = strs(spec.ipFamilies);
    const b = strs(old.ipFamilies);
    if (a.length === b.length) {
      b.forEach((f, i) => f !== a[i] && errs.push(invalid(fp.index(0), a, 'may not change once set')));
    } else if (b.length > a.length) {
      if (strs(spec.clusterIPs).length === 0) errs.push(invalid(fp.index(0), a, 'primary ipFamily can not be unset'));
      if (a.length && a[0] !== b[0]) errs.push(invalid(fp.index(0), strs(spec.clusterIPs), 'may not change once set'));
      if (a.length === 1 && str(spec.ipFamilyPolicy) !== 'SingleStack') errs.push(invalid(path('spec', 'ipFamilyPolicy'), spec.ipFamilyPolicy === undefined ? null : str(spec.ipFamilyPolicy), "must be set to 'SingleStack' when releasing the secondary ipFamily"));
    } else if (b.length && a.length && a[0] !== b[0]) errs.push(invalid(fp.index(0), strs(spec.clusterIPs), 'may not change once set'));
  }
  if (old.type === 'LoadBalancer' && spec.type === 'LoadBalancer' && str(old.loadBalancerClass) !== str(spec.loadBalancerClass)) {
    errs.push(invalid(path('spec', 'loadBalancerClass'), spec.loadBalancerClass === undefined ? null : str(spec.loadBalancerClass), 'may not change once set'));
  }
  if (needsHealthCheck(old) && needsHealthCheck(spec) && int(spec.healthCheckNodePort) !== int(old.healthCheckNodePort)) {
    errs.push(forbidden(path('spec', 'healthCheckNodePort'), 'field is immutable'));
  }
  errs.push(...validateService(spec, annotations));
  return errs;
}

export function validateLoadBalancerStatus(status: unknown, spec: Obj, p: FieldPath): FieldError[] {
  const lb = isObj(status) && isObj(status.loadBalancer) ? status.loadBalancer : {};
  const ingress = objs(lb.ingress);
  const ip = p.child('loadBalancer', 'ingress');
  if (spec.type !== 'LoadBalancer' && ingress.length) return [forbidden(ip, "may only be used when `spec.type` is 'LoadBalancer'")];
  const errs: FieldError[] = [];
  ingress.forEach((ing, i) => {
    const ix = ip.index(i);
    if (str(ing.ip)) errs.push(...isValidIP(ix.child('ip'), str(ing.ip)));
    if ((ing.ipMode === undefined || ing.ipMode === null) && str(ing.ip)) errs.push(required(ix.child('ipMode'), 'must be specified when `ip` is set'));
    else if (ing.ipMode !== undefined && ing.ipMode !== null && !str(ing.ip)) errs.push(forbidden(ix.child('ipMode'), 'may not be specified when `ip` is not set'));
    else if (ing.ipMode !== undefined && ing.ipMode !== null && !['Proxy', 'VIP'].includes(str(ing.ipMode))) errs.push(notSupported(ix.child('ipMode'), str(ing.ipMode), ['Proxy', 'VIP']));
    if (str(ing.hostname)) {
      errs.push(...dns1123Subdomain(str(ing.hostname), ix.child('hostname')));
      if (parseIPSloppy(str(ing.hostname))) errs.push(invalid(ix.child('hostname'), str(ing.hostname), 'must be a DNS name, not an IP address'));
    }
  });
  return errs;
}
