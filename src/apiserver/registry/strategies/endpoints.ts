// Endpoints: port protocol TCP; subsets need addresses; valid, non-special IPs; port names and numbers.

import type { KubeObject } from '../../../api/types.js';
import { type FieldError, invalid, isQualifiedName, isValidIP, isValidPortNum, nameIsDNSSubdomain, notSupported, path, required } from '../../../machinery/validation/index.js';
import type { FieldErr, Strategy } from '../strategy.js';
import { validateNonSpecialIP } from './service-validate.js';
import { int, objs, str, toErrs } from './util.js';
import { dns1123Label } from './volumes-validate.js';

export function defaultEndpoints(o: KubeObject): void {
  for (const ss of objs(o.subsets)) for (const p of objs(ss.ports)) if (!p.protocol) p.protocol = 'TCP';
}

export function validateEndpoints(o: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  objs(o.subsets).forEach((ss, i) => {
    const ip = path('subsets').index(i);
    const addrs = objs(ss.addresses);
    const notReady = objs(ss.notReadyAddresses);
    if (addrs.length === 0 && notReady.length === 0) errs.push(required(ip, 'must specify `addresses` or `notReadyAddresses`'));
    for (const [key, list] of [['addresses', addrs], ['notReadyAddresses', notReady]] as const) {
      list.forEach((a, j) => {
        const ap = ip.child(key).index(j);
        errs.push(...isValidIP(ap.child('ip'), str(a.ip)));
        if (str(a.hostname)) errs.push(...dns1123Label(str(a.hostname), ap.child('hostname')));
        if (a.nodeName !== undefined && a.nodeName !== null) errs.push(...nameIsDNSSubdomain(str(a.nodeName), false).map((m) => invalid(ap.child('nodeName'), str(a.nodeName), m)));
        errs.push(...validateNonSpecialIP(str(a.ip), ap.child('ip')));
      });
    }
    const ports = objs(ss.ports);
    ports.forEach((p, j) => {
      const pp = ip.child('ports').index(j);
      const name = str(p.name);
      if (ports.length > 1 && !name) errs.push(required(pp.child('name')));
      else if (name) errs.push(...dns1123Label(name, pp.child('name')));
      for (const m of isValidPortNum(int(p.port))) errs.push(invalid(pp.child('port'), int(p.port), m));
      const proto = str(p.protocol);
      if (!proto) errs.push(required(pp.child('protocol')));
      else if (!['SCTP', 'TCP', 'UDP'].includes(proto)) errs.push(notSupported(pp.child('protocol'), proto, ['SCTP', 'TCP', 'UDP']));
      if (p.appProtocol !== undefined && p.appProtocol !== null) errs.push(...isQualifiedName(str(p.appProtocol)).map((m) => invalid(pp.child('appProtocol'), str(p.appProtocol), m)));
    });
  });
  return errs;
}

export function endpointsStrategy(): Strategy {
  return {
    allowCreateOnUpdate: true,
    defaults: defaultEndpoints,
    validate: (o: KubeObject): FieldErr[] => toErrs(validateEndpoints(o)),
    validateUpdate: (o: KubeObject): FieldErr[] => toErrs(validateEndpoints(o)),
  };
}
