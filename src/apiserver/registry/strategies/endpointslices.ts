// discovery.k8s.io/v1 EndpointSlices: port name "" and protocol TCP; address type, addresses per
// type, ports; addressType immutable.

import type { KubeObject } from '../../../api/types.js';
import {
  type FieldError,
  duplicate,
  invalid,
  isFullyQualifiedDomainName,
  isQualifiedName,
  isValidIPv4Address,
  isValidIPv6Address,
  nameIsDNSSubdomain,
  notSupported,
  path,
  required,
  tooMany,
  validateImmutableField,
  validateLabels,
} from '../../../machinery/validation/index.js';
import type { FieldErr, Strategy } from '../strategy.js';
import { validateNonSpecialIP } from './service-validate.js';
import { isObj, objs, str, strMap, strs, toErrs } from './util.js';
import { dns1123Label } from './volumes-validate.js';

export function defaultEndpointSlice(o: KubeObject): void {
  for (const p of objs(o.ports)) {
    if (p.name === undefined || p.name === null) p.name = '';
    if (p.protocol === undefined || p.protocol === null) p.protocol = 'TCP';
  }
}

export function validateEndpointSlice(o: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const at = str(o.addressType);
  if (!at) errs.push(required(path('addressType')));
  else if (!['FQDN', 'IPv4', 'IPv6'].includes(at)) errs.push(notSupported(path('addressType'), at, ['FQDN', 'IPv4', 'IPv6']));
  const eps = objs(o.endpoints);
  if (eps.length > 1000) errs.push(tooMany(path('endpoints'), eps.length, 1000));
  else {
    eps.forEach((ep, i) => {
      const ip = path('endpoints').index(i);
      const ap = ip.child('addresses');
      const addrs = strs(ep.addresses);
      if (addrs.length === 0) errs.push(required(ap, 'must contain at least 1 address'));
      else if (addrs.length > 100) errs.push(tooMany(ap, addrs.length, 100));
      addrs.forEach((a, j) => {
        if (at === 'IPv4') {
          const e = isValidIPv4Address(ap.index(j), a);
          errs.push(...(e.length ? e : validateNonSpecialIP(a, ap.index(j))));
        } else if (at === 'IPv6') {
          const e = isValidIPv6Address(ap.index(j), a);
          errs.push(...(e.length ? e : validateNonSpecialIP(a, ap.index(j))));
        } else if (at === 'FQDN') errs.push(...isFullyQualifiedDomainName(ap.index(j), a));
      });
      if (ep.nodeName !== undefined && ep.nodeName !== null) errs.push(...nameIsDNSSubdomain(str(ep.nodeName), false).map((m) => invalid(ip.child('nodeName'), str(ep.nodeName), m)));
      const topo = strMap(ep.deprecatedTopology);
      if (Object.keys(topo).length > 16) errs.push(tooMany(ip.child('deprecatedTopology'), Object.keys(topo).length, 16));
      errs.push(...validateLabels(topo, ip.child('deprecatedTopology')));
      if (ep.zone !== undefined && ep.zone !== null) errs.push(...isQualifiedName(str(ep.zone)).map((m) => invalid(ip.child('zone'), str(ep.zone), m)));
      if (ep.hostname !== undefined && ep.hostname !== null) errs.push(...dns1123Label(str(ep.hostname), ip.child('hostname')));
      if (isObj(ep.hints)) {
        const zones = objs(ep.hints.forZones);
        if (zones.length > 8) errs.push(tooMany(ip.child('hints', 'forZones'), zones.length, 8));
      }
    });
  }
  const ports = objs(o.ports);
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const pp = path('ports').index(i);
    const name = str(p.name);
    if (name) errs.push(...dns1123Label(name, pp.child('name')));
    if (names.has(name)) errs.push(duplicate(pp.child('name'), name));
    else names.add(name);
    if (p.protocol === undefined || p.protocol === null) errs.push(required(pp.child('protocol')));
    else if (!['SCTP', 'TCP', 'UDP'].includes(str(p.protocol))) errs.push(notSupported(pp.child('protocol'), str(p.protocol), ['SCTP', 'TCP', 'UDP']));
    if (p.appProtocol !== undefined && p.appProtocol !== null) errs.push(...isQualifiedName(str(p.appProtocol)).map((m) => invalid(pp.child('appProtocol'), str(p.appProtocol), m)));
  });
  return errs;
}

export function endpointSliceStrategy(): Strategy {
  return {
    defaults: defaultEndpointSlice,
    validate: (o: KubeObject): FieldErr[] => toErrs(validateEndpointSlice(o)),
    validateUpdate: (o: KubeObject, old: KubeObject): FieldErr[] =>
      toErrs([...validateEndpointSlice(o), ...validateImmutableField(str(o.addressType), str(old.addressType), path('addressType'))]),
  };
}
