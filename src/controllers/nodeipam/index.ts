// node-ipam (upstream's nodeipam controller with the RangeAllocator): gives every Node a pod CIDR from
// --cluster-cidr, --node-cidr-mask-size wide, when --allocate-node-cidrs is on (kts default: on).

import type { ControllerContext, ControllerDescriptor } from '../../machinery/controller/index.js';
import { RangeAllocator } from './allocator.js';
import { CidrSet } from './cidrset.js';

export { CidrSet, parseCIDR, formatCIDR, formatIP, ERR_NO_CIDRS } from './cidrset.js';
export { RangeAllocator, type RangeAllocatorOptions } from './allocator.js';

/** The CidrSets --cluster-cidr and the mask size flags describe (service range kept out). */
export function cidrSetsFromOptions(options: Record<string, string>): CidrSet[] {
  const cidrs = (options['cluster-cidr'] ?? '10.244.0.0/16').split(',').map((s) => s.trim()).filter(Boolean);
  if (cidrs.length > 2) throw new Error('may specify no more than one CIDR for each IP family');
  const generic = options['node-cidr-mask-size'];
  const sets = cidrs.map((c) => {
    const v6 = c.includes(':');
    const size = Number(v6 ? (options['node-cidr-mask-size-ipv6'] ?? (cidrs.length === 1 ? generic : undefined) ?? '64') : (options['node-cidr-mask-size-ipv4'] ?? (cidrs.length === 1 ? generic : undefined) ?? '24'));
    return new CidrSet(c, size);
  });
  for (const svc of (options['service-cluster-ip-range'] ?? '').split(',').map((s) => s.trim()).filter(Boolean))
    for (const set of sets) if (set.contains(svc)) set.occupy(svc);
  return sets;
}

export const nodeIpamController: ControllerDescriptor = {
  name: 'node-ipam',
  async start(ctx: ControllerContext) {
    if ((ctx.options['allocate-node-cidrs'] ?? 'true') === 'false') {
      ctx.log('node-ipam: --allocate-node-cidrs is false; not allocating pod CIDRs');
      return;
    }
    const allocator = new RangeAllocator({
      client: ctx.client,
      nodes: ctx.informers.informerFor('nodes'),
      recorder: ctx.recorder('cidrAllocator'),
      clock: ctx.clock,
      cidrSets: cidrSetsFromOptions(ctx.options),
      log: ctx.log,
    });
    await allocator.run(ctx.signal);
  },
};
