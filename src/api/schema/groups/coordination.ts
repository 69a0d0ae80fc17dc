import { f, listOf, typeMeta, type TypeDef } from '../dsl.js';

// coordination.k8s.io/v1: Leases, for leader election and node heartbeats.

export const coordinationTypes: TypeDef[] = [
  {
    id: 'coordination.v1.Lease',
    description: 'A lease held by one holder at a time, used for leader election and node heartbeats.',
    gvk: [{ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      spec: f(2, 'coordination.v1.LeaseSpec', 'The holder and timing of the lease.'),
    },
  },
  {
    id: 'coordination.v1.LeaseSpec',
    description: 'Who holds a lease and for how long.',
    fields: {
      holderIdentity: f(1, 'string', 'Identity of the current holder.'),
      leaseDurationSeconds: f(2, 'int32', 'Seconds after renewTime that others must wait before taking the lease over.'),
      acquireTime: f(3, 'MicroTime', 'When the current holder acquired the lease.'),
      renewTime: f(4, 'MicroTime', 'When the current holder last renewed the lease.'),
      leaseTransitions: f(5, 'int32', 'How many times the lease has changed holders.'),
      strategy: f(6, 'string', 'How a leader is picked under coordinated leader election; no coordination when unset.'),
      preferredHolder: f(7, 'string', 'A better holder the current one is asked to hand the lease to; needs strategy.'),
    },
  },
  listOf('coordination.v1.Lease', { group: 'coordination.k8s.io', version: 'v1', kind: 'LeaseList' }),
];
