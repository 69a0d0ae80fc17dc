// core/v1: Services and Endpoints.
// Field names, protobuf numbers, types and list/patch semantics follow Kubernetes 1.32; descriptions are kts's own.

import { arr, f, listOf, map, typeMeta, type TypeDef } from '../../dsl.js';

export const serviceTypes: TypeDef[] = [
  {
    id: 'core.v1.Service',
    description: 'A named abstraction of a network service, with ports and a selector of backing pods.',
    gvk: [{ group: '', version: 'v1', kind: 'Service' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.', { default: {} }),
      spec: f(2, 'core.v1.ServiceSpec', 'The desired behaviour of the service.', { default: {} }),
      status: f(3, 'core.v1.ServiceStatus', 'The state of the service as last observed.', { default: {} }),
    },
  },
  listOf('core.v1.Service', { group: '', version: 'v1', kind: 'ServiceList' }),
  {
    id: 'core.v1.ServiceSpec',
    description: 'The desired state of a service.',
    fields: {
      ports: f(1, arr('core.v1.ServicePort'), 'Ports the service exposes.', {
        patchStrategy: 'merge',
        patchMergeKey: 'port',
        listType: 'map',
        listMapKeys: ['port', 'protocol'],
      }),
      selector: f(2, map('string'), 'Labels of the pods traffic is routed to; empty leaves endpoints to be managed externally.', {
        mapType: 'atomic',
      }),
      clusterIP: f(3, 'string', 'Primary virtual IP of the service; None makes a headless service.'),
      clusterIPs: f(18, arr('string'), 'Virtual IPs of the service, at most one per family; the first equals clusterIP.', {
        listType: 'atomic',
      }),
      type: f(4, 'string', 'How the service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName.', {
        enum: ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'],
      }),
      externalIPs: f(5, arr('string'), 'Extra IPs for which nodes accept traffic to the service.', { listType: 'atomic' }),
      sessionAffinity: f(7, 'string', 'Session affinity: ClientIP or None.', { enum: ['ClientIP', 'None'] }),
      loadBalancerIP: f(8, 'string', 'Deprecated: IP requested from the load balancer.'),
      loadBalancerSourceRanges: f(9, arr('string'), 'Client IP ranges allowed through the cloud load balancer.', { listType: 'atomic' }),
      externalName: f(10, 'string', 'DNS name the service is an alias for, with type ExternalName.'),
      externalTrafficPolicy: f(11, 'string', 'How traffic arriving on externally reachable addresses is routed.', {
        enum: ['Cluster', 'Local'],
      }),
      healthCheckNodePort: f(12, 'int32', 'Node port for health checks, with LoadBalancer type and Local traffic policy.'),
      publishNotReadyAddresses: f(13, 'boolean', 'Publish addresses of pods that are not ready.'),
      sessionAffinityConfig: f(14, 'core.v1.SessionAffinityConfig', 'Configuration of session affinity.'),
      ipFamilies: f(19, arr('string'), 'IP families of the service, in order.', { listType: 'atomic', enum: ['', 'IPv4', 'IPv6'] }),
      ipFamilyPolicy: f(17, 'string', 'Whether the service is single-stack or dual-stack.', {
        enum: ['PreferDualStack', 'RequireDualStack', 'SingleStack'],
      }),
      allocateLoadBalancerNodePorts: f(20, 'boolean', 'Whether node ports are allocated for a LoadBalancer service; defaults to true.'),
      loadBalancerClass: f(21, 'string', 'Class of the load balancer implementation.'),
      internalTrafficPolicy: f(22, 'string', 'How traffic from inside the cluster to the cluster IP is routed.', {
        enum: ['Cluster', 'Local'],
      }),
      trafficDistribution: f(23, 'string', 'Preference for how traffic is spread across endpoints, such as PreferClose.'),
    },
  },
  {
    id: 'core.v1.ServicePort',
    description: 'A port of a service.',
    fields: {
      name: f(1, 'string', 'Name of the port; required when there are several, unique within the service.'),
      protocol: f(2, 'string', 'Protocol of the port; defaults to TCP.', { enum: ['SCTP', 'TCP', 'UDP'], default: 'TCP' }),
      appProtocol: f(6, 'string', 'Application protocol spoken on this port.'),
      port: f(3, 'int32', 'Port the service exposes.', { required: true, default: 0 }),
      targetPort: f(4, 'IntOrString', 'Port number or name on the backing pods; defaults to port.'),
      nodePort: f(5, 'int32', 'Port on every node, for NodePort and LoadBalancer services.'),
    },
  },
  {
    id: 'core.v1.ServiceStatus',
    description: 'The observed state of a service.',
    fields: {
      loadBalancer: f(1, 'core.v1.LoadBalancerStatus', 'Status of the load balancer, if any.', { default: {} }),
      conditions: f(2, arr('meta.v1.Condition'), 'Current conditions of the service.', {
        patchStrategy: 'merge',
        patchMergeKey: 'type',
        listType: 'map',
        listMapKeys: ['type'],
      }),
    },
  },
  {
    id: 'core.v1.SessionAffinityConfig',
    description: 'Configuration of session affinity.',
    fields: {
      clientIP: f(1, 'core.v1.ClientIPConfig', 'Settings of ClientIP affinity.'),
    },
  },
  {
    id: 'core.v1.ClientIPConfig',
    description: 'Settings of ClientIP session affinity.',
    fields: {
      timeoutSeconds: f(1, 'int32', 'Seconds a client sticks to one backend; defaults to 10800.'),
    },
  },
  {
    id: 'core.v1.LoadBalancerStatus',
    description: 'The status of a load balancer.',
    fields: {
      ingress: f(1, arr('core.v1.LoadBalancerIngress'), 'Ingress points of the load balancer.', { listType: 'atomic' }),
    },
  },
  {
    id: 'core.v1.LoadBalancerIngress',
    description: 'An ingress point of a load balancer.',
    fields: {
      ip: f(1, 'string', 'IP address of the ingress point.'),
      hostname: f(2, 'string', 'DNS name of the ingress point.'),
      ipMode: f(3, 'string', 'How traffic to the IP is delivered: VIP or Proxy.'),
      ports: f(4, arr('core.v1.PortStatus'), "Status of the service's ports on this ingress point.", { listType: 'atomic' }),
    },
  },
  {
    id: 'core.v1.PortStatus',
    description: 'The status of a service port.',
    fields: {
      port: f(1, 'int32', 'The port number.', { required: true, default: 0 }),
      protocol: f(2, 'string', 'Protocol of the port.', { required: true, enum: ['SCTP', 'TCP', 'UDP'], default: '' }),
      error: f(3, 'string', 'Problem with the port, as a CamelCase reason; empty when all is well.'),
    },
  },
  {
    id: 'core.v1.Endpoints',
    description: 'The addresses that implement a service.',
    gvk: [{ group: '', version: 'v1', kind: 'Endpoints' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.', { default: {} }),
      subsets: f(2, arr('core.v1.EndpointSubset'), 'Groups of addresses with the same ports.', { listType: 'atomic' }),
    },
  },
  listOf('core.v1.Endpoints', { group: '', version: 'v1', kind: 'EndpointsList' }),
  {
    id: 'core.v1.EndpointSubset',
    description: 'Addresses sharing a set of ports; each address combines with each port.',
    fields: {
      addresses: f(1, arr('core.v1.EndpointAddress'), 'Addresses that are ready to serve traffic.', { listType: 'atomic' }),
      notReadyAddresses: f(2, arr('core.v1.EndpointAddress'), 'Addresses that are not ready yet.', { listType: 'atomic' }),
      ports: f(3, arr('core.v1.EndpointPort'), 'Ports offered by every address in the subset.', { listType: 'atomic' }),
    },
  },
  {
    id: 'core.v1.EndpointAddress',
    description: 'A single IP address of an endpoint.',
    structType: 'atomic',
    fields: {
      ip: f(1, 'string', 'IP address of the endpoint.', { required: true, default: '' }),
      hostname: f(3, 'string', 'Hostname of the endpoint.'),
      nodeName: f(4, 'string', 'Node hosting the endpoint.'),
      targetRef: f(2, 'core.v1.ObjectReference', 'The object behind the endpoint, usually a pod.'),
    },
  },
  {
    id: 'core.v1.EndpointPort',
    description: 'A port of an endpoint.',
    structType: 'atomic',
    fields: {
      name: f(1, 'string', "Name of the port; must match the service port's name."),
      port: f(2, 'int32', 'The port number.', { required: true, default: 0 }),
      protocol: f(3, 'string', 'Protocol of the port; defaults to TCP.', { enum: ['SCTP', 'TCP', 'UDP'] }),
      appProtocol: f(4, 'string', 'Application protocol spoken on this port.'),
    },
  },
];
