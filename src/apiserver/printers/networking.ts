// networking.k8s.io/v1 Ingress, IngressClass and NetworkPolicy; discovery.k8s.io/v1 EndpointSlice.

import { ageColumn, nameColumn, text } from './columns.js';
import { loadBalancerAddresses } from './core-network.js';
import { translateTimestampSince } from './duration.js';
import { arr, at, created, name, num, obj, objs, s, str, type Json } from './fields.js';
import { formatLabelSelector, listWithMore } from './format.js';
import type { TablePrinter } from './types.js';

/** Hosts of the first three rules that name one, then "+ N more..." counted over all rules. */
export function formatHosts(rules: Json[]): string {
  const max = 3;
  const list: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (list.length === max) more = true;
    const host = s(rule, 'host');
    if (!more && host !== '') list.push(host);
  }
  if (list.length === 0) return '*';
  const joined = list.join(',');
  return more ? `${joined} + ${rules.length - max} more...` : joined;
}

export const ingressPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    text('Class', 'The ingress class that handles this ingress.'),
    text('Hosts', 'The hosts the rules match requests on.'),
    text('Address', 'The load-balancer addresses the ingress is reachable at.'),
    text('Ports', 'The ports the ingress serves: 80, and 443 when TLS is configured.'),
    ageColumn(),
  ],
  cells(ing, now) {
    return [
      name(ing),
      str(ing, 'spec', 'ingressClassName') ?? '<none>',
      formatHosts(objs(ing, 'spec', 'rules')),
      loadBalancerAddresses(at(ing, 'status', 'loadBalancer')),
      arr(ing, 'spec', 'tls').length > 0 ? '80, 443' : '80',
      translateTimestampSince(created(ing), now),
    ];
  },
};

export const ingressClassPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    text('Controller', 'The controller that implements this class.'),
    text('Parameters', 'The object holding extra configuration for the class.'),
    ageColumn(),
  ],
  cells(ic, now) {
    const params = obj(ic, 'spec', 'parameters');
    let parameters = '<none>';
    if (params !== undefined) {
      const group = str(params, 'apiGroup');
      parameters = `${s(params, 'kind')}${group === undefined ? '' : `.${group}`}/${s(params, 'name')}`;
    }
    return [name(ic), s(ic, 'spec', 'controller'), parameters, translateTimestampSince(created(ic), now)];
  },
};

export const networkPolicyPrinter: TablePrinter = {
  columns: [nameColumn(), text('Pod-Selector', 'The pods the policy applies to.'), ageColumn()],
  cells(np, now) {
    // An absent podSelector decodes to the empty selector, which selects every pod.
    return [name(np), formatLabelSelector(obj(np, 'spec', 'podSelector') ?? {}), translateTimestampSince(created(np), now)];
  },
};

function slicePorts(ports: Json[]): string {
  const max = 3;
  const list = ports.slice(0, max).map((p) => {
    const port = num(p, 'port');
    if (port !== undefined) return String(port);
    return str(p, 'name') ?? '*';
  });
  return listWithMore(list, ports.length, max);
}

function sliceEndpoints(endpoints: Json[]): string {
  const max = 3;
  const addresses = endpoints.flatMap((e) => arr(e, 'addresses').filter((a): a is string => typeof a === 'string'));
  return listWithMore(addresses.slice(0, max), addresses.length, max);
}

export const endpointSlicePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    text('AddressType', 'The address family of the endpoints: IPv4, IPv6 or FQDN.'),
    text('Ports', 'The ports the endpoints serve.'),
    text('Endpoints', 'The endpoint addresses.'),
    ageColumn(),
  ],
  cells(slice, now) {
    return [
      name(slice),
      s(slice, 'addressType'),
      slicePorts(objs(slice, 'ports')),
      sliceEndpoints(objs(slice, 'endpoints')),
      translateTimestampSince(created(slice), now),
    ];
  },
};
