import { arr, f, listOf, map, typeMeta, type TypeDef } from '../dsl.js';

// discovery.k8s.io/v1: EndpointSlices, the network endpoints behind Services.

export const discoveryTypes: TypeDef[] = [
  {
    id: 'discovery.v1.EndpointSlice',
    description: 'A subset of the network endpoints behind a Service.',
    gvk: [{ group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      addressType: f(4, 'string', 'IPv4, IPv6 or FQDN: the kind of address every endpoint in this slice carries; immutable.', {
        required: true,
      }),
      endpoints: f(2, arr('discovery.v1.Endpoint'), 'The endpoints in this slice, at most 1000.', { required: true, listType: 'atomic' }),
      ports: f(3, arr('discovery.v1.EndpointPort'), 'Ports every endpoint in the slice exposes; an entry without a port number stands for all ports.', {
        listType: 'atomic',
      }),
    },
  },
  {
    id: 'discovery.v1.Endpoint',
    description: 'One backend of a Service.',
    fields: {
      addresses: f(1, arr('string'), "One to 100 interchangeable addresses of the slice's addressType.", {
        required: true,
        listType: 'set',
      }),
      conditions: f(2, 'discovery.v1.EndpointConditions', 'The current state of the endpoint.'),
      hostname: f(3, 'string', 'Host name of the endpoint, for example for DNS.'),
      targetRef: f(4, 'core.v1.ObjectReference', 'The object (usually a pod) this endpoint stands for.'),
      deprecatedTopology: f(5, map('string'), 'Topology labels carried over from v1beta1; deprecated, use nodeName and zone.'),
      nodeName: f(6, 'string', 'The node the endpoint runs on.'),
      zone: f(7, 'string', 'The zone the endpoint runs in.'),
      hints: f(8, 'discovery.v1.EndpointHints', 'Hints for how consumers should route to this endpoint.'),
    },
  },
  {
    id: 'discovery.v1.EndpointConditions',
    description: 'The state of an endpoint.',
    fields: {
      ready: f(1, 'boolean', 'The endpoint can take traffic; unknown (read as ready) when unset.'),
      serving: f(2, 'boolean', 'Like ready, but also set while the endpoint is terminating.'),
      terminating: f(3, 'boolean', 'The endpoint is shutting down; unknown (read as not terminating) when unset.'),
    },
  },
  {
    id: 'discovery.v1.EndpointHints',
    description: 'Advice on how consumers should use an endpoint.',
    fields: {
      forZones: f(1, arr('discovery.v1.ForZone'), 'Zones whose clients should use this endpoint, for topology-aware routing.', {
        listType: 'atomic',
      }),
    },
  },
  {
    id: 'discovery.v1.ForZone',
    description: 'A zone that should consume an endpoint.',
    fields: {
      name: f(1, 'string', 'The zone name.', { required: true }),
    },
  },
  {
    id: 'discovery.v1.EndpointPort',
    description: 'A port served by the endpoints of a slice.',
    structType: 'atomic',
    fields: {
      name: f(1, 'string', "The port's name, unique in the slice; matches the Service port name when derived from one."),
      protocol: f(2, 'string', 'TCP (default), UDP or SCTP.', { enum: ['SCTP', 'TCP', 'UDP'] }),
      port: f(3, 'int32', 'The port number; any port when unset.'),
      appProtocol: f(4, 'string', 'The application protocol on this port, such as a IANA service name or a domain-prefixed name.'),
    },
  },
  listOf('discovery.v1.EndpointSlice', { group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSliceList' }),
];
