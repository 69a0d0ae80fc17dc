import type { KubeObject } from '../../../api/types.js';
import type { FieldErr, Strategy } from '../strategy.js';
import type { StrategyEnv } from './index.js';
import { Allocator, ipToNumber, parseCIDR } from './ipalloc.js';

type Port = { name?: string; protocol?: string; port?: number; targetPort?: number | string; nodePort?: number; appProtocol?: string };
type Spec = {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: Port[];
  selector?: Record<string, string>;
  sessionAffinity?: string;
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  internalTrafficPolicy?: string;
  externalTrafficPolicy?: string;
  externalName?: string;
  allocateLoadBalancerNodePorts?: boolean;
};

const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];

export function serviceStrategy(env: StrategyEnv): Strategy {
  const ips = Allocator.ips(env.serviceCIDR);
  const ports = Allocator.ports(env.nodePortRange);
  const cidr = parseCIDR(env.serviceCIDR);

  const taken = () => {
    const usedIPs = new Set<string>();
    const usedPorts = new Set<string>();
    const store = env.lookup('', 'services');
    for (const c of store?.cacher.list(store.listPrefix('')) ?? []) {
      const sp = (c.obj.spec ?? {}) as Spec;
      for (const ip of sp.clusterIPs ?? (sp.clusterIP ? [sp.clusterIP] : [])) usedIPs.add(ip);
      for (const p of sp.ports ?? []) if (p.nodePort) usedPorts.add(String(p.nodePort));
    }
    return { usedIPs, usedPorts };
  };

  const needsNodePorts = (sp: Spec) => sp.type === 'NodePort' || (sp.type === 'LoadBalancer' && sp.allocateLoadBalancerNodePorts !== false);

  return {
    nameValidation: 'dns1035',
    defaults(o: KubeObject) {
      const sp = (o.spec ??= {}) as Spec;
      sp.type ??= 'ClusterIP';
      if (sp.type === 'ExternalName') return;
      sp.sessionAffinity ??= 'None';
      for (const p of sp.ports ?? []) {
        p.protocol ??= 'TCP';
        if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
      }
      if (sp.clusterIP && !sp.clusterIPs) sp.clusterIPs = [sp.clusterIP];
      sp.internalTrafficPolicy ??= 'Cluster';
      if (sp.type === 'NodePort' || sp.type === 'LoadBalancer') sp.externalTrafficPolicy ??= 'Cluster';
      if (sp.type === 'LoadBalancer') sp.allocateLoadBalancerNodePorts ??= true;
    },
    prepareForCreate(o: KubeObject) {
      o.status = { loadBalancer: {} };
    },
    validate(o: KubeObject): FieldErr[] {
      const errs = validateService(o);
      if (errs.length) return errs;
      // Allocation happens after validation passed, so a failed create allocates nothing lasting.
      const sp = (o.spec ?? {}) as Spec;
      if (sp.type === 'ExternalName') return errs;
      const { usedIPs, usedPorts } = taken();
      if (sp.clusterIP === 'None') {
        sp.clusterIPs = ['None'];
      } else if (sp.clusterIP) {
        const n = ipToNumber(sp.clusterIP);
        if (n === null || n < cidr.base || n >= cidr.base + cidr.size)
          errs.push({ type: 'FieldValueInvalid', field: 'spec.clusterIPs', message: `Invalid value: []string{${JSON.stringify(sp.clusterIP)}}: failed to allocate IP ${sp.clusterIP}: the provided IP (${sp.clusterIP}) is not in the valid range. The range of valid IPs is ${env.serviceCIDR}` });
        else if (!ips.reserve(sp.clusterIP, usedIPs))
          errs.push({ type: 'FieldValueInvalid', field: 'spec.clusterIPs', message: `Invalid value: []string{${JSON.stringify(sp.clusterIP)}}: failed to allocate IP ${sp.clusterIP}: provided IP is already allocated` });
      } else {
        const ip = ips.allocate(usedIPs);
        if (!ip) errs.push({ type: 'InternalError', field: 'spec.clusterIPs', message: 'Internal error: failed to allocate a serviceIP: range is full' });
        else {
          sp.clusterIP = ip;
          sp.clusterIPs = [ip];
        }
      }
      if (sp.clusterIP !== 'None') {
        sp.ipFamilies ??= ['IPv4'];
        sp.ipFamilyPolicy ??= 'SingleStack';
      } else {
        sp.ipFamilies ??= ['IPv4'];
        sp.ipFamilyPolicy ??= 'SingleStack';
      }
      if (needsNodePorts(sp)) {
        (sp.ports ?? []).forEach((p, i) => {
          if (p.nodePort) {
            if (!ports.contains(p.nodePort))
              errs.push({ type: 'FieldValueInvalid', field: `spec.ports[${i}].nodePort`, message: `Invalid value: ${p.nodePort}: provided port is not in the valid range. The range of valid ports is ${env.nodePortRange}` });
            else if (!ports.reserve(String(p.nodePort), usedPorts))
              errs.push({ type: 'FieldValueInvalid', field: `spec.ports[${i}].nodePort`, message: `Invalid value: ${p.nodePort}: provided port is already allocated` });
          } else {
            const v = ports.allocate(usedPorts);
            if (v) p.nodePort = Number(v);
          }
        });
      }
      return errs;
    },
    validateUpdate(o: KubeObject, old: KubeObject): FieldErr[] {
      const errs = validateService(o);
      const a = (o.spec ?? {}) as Spec;
      const b = (old.spec ?? {}) as Spec;
      if (a.type !== 'ExternalName' && b.clusterIP && !a.clusterIP) {
        a.clusterIP = b.clusterIP;
        a.clusterIPs = b.clusterIPs ?? [b.clusterIP];
      }
      if (b.clusterIP && a.clusterIP !== b.clusterIP && a.type !== 'ExternalName' && b.type !== 'ExternalName')
        errs.push({ type: 'FieldValueInvalid', field: 'spec.clusterIPs[0]', message: `Invalid value: ${JSON.stringify(a.clusterIP)}: may not change once set` });
      a.ipFamilies ??= b.ipFamilies;
      a.ipFamilyPolicy ??= b.ipFamilyPolicy;
      if (needsNodePorts(a)) {
        const { usedPorts } = taken();
        const mine = new Set((b.ports ?? []).map((p) => String(p.nodePort ?? '')));
        for (const p of a.ports ?? []) {
          if (p.nodePort) continue;
          const prev = (b.ports ?? []).find((q) => q.port === p.port && (q.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
          if (prev?.nodePort) p.nodePort = prev.nodePort;
          else {
            const v = ports.allocate(new Set([...usedPorts].filter((x) => !mine.has(x)).concat([...mine])));
            if (v) p.nodePort = Number(v);
          }
        }
      }
      return errs;
    },
    selectableFields(o: KubeObject) {
      const sp = (o.spec ?? {}) as Spec;
      return { 'spec.clusterIP': sp.clusterIP ?? '', 'spec.type': sp.type ?? '' };
    },
  };
}

function validateService(o: KubeObject): FieldErr[] {
  const errs: FieldErr[] = [];
  const sp = (o.spec ?? {}) as Spec;
  if (sp.type && !TYPES.includes(sp.type))
    errs.push({ type: 'FieldValueNotSupported', field: 'spec.type', message: `Unsupported value: ${JSON.stringify(sp.type)}: supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"` });
  if (sp.type === 'ExternalName') {
    if (!sp.externalName) errs.push({ type: 'FieldValueRequired', field: 'spec.externalName', message: 'Required value' });
    return errs;
  }
  if (!sp.ports?.length && sp.clusterIP !== 'None') errs.push({ type: 'FieldValueRequired', field: 'spec.ports', message: 'Required value' });
  const seen = new Set<string>();
  (sp.ports ?? []).forEach((p, i) => {
    if (p.port === undefined || p.port < 1 || p.port > 65535)
      errs.push({ type: 'FieldValueInvalid', field: `spec.ports[${i}].port`, message: `Invalid value: ${p.port ?? 0}: must be between 1 and 65535, inclusive` });
    if ((sp.ports?.length ?? 0) > 1 && !p.name) errs.push({ type: 'FieldValueRequired', field: `spec.ports[${i}].name`, message: 'Required value' });
    const k = `${p.port}/${p.protocol ?? 'TCP'}`;
    if (seen.has(k)) errs.push({ type: 'FieldValueDuplicate', field: `spec.ports[${i}]`, message: `Duplicate value: core.ServicePort{Name:${JSON.stringify(p.name ?? '')}, Protocol:${JSON.stringify(p.protocol ?? 'TCP')}, Port:${p.port}}` });
    seen.add(k);
    if (p.protocol && !['TCP', 'UDP', 'SCTP'].includes(p.protocol))
      errs.push({ type: 'FieldValueNotSupported', field: `spec.ports[${i}].protocol`, message: `Unsupported value: ${JSON.stringify(p.protocol)}: supported values: "SCTP", "TCP", "UDP"` });
  });
  return errs;
}
