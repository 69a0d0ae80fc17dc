import { arr, f, listOf, typeMeta, type TypeDef } from '../dsl.js';

// networking.k8s.io/v1: Ingresses, IngressClasses and NetworkPolicies.

export const networkingTypes: TypeDef[] = [
  {
    id: 'networking.v1.NetworkPolicy',
    description: 'Which network traffic is allowed to and from a set of pods.',
    gvk: [{ group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      spec: f(2, 'networking.v1.NetworkPolicySpec', 'The desired policy.'),
    },
  },
  {
    id: 'networking.v1.NetworkPolicySpec',
    description: 'The desired network policy.',
    fields: {
      podSelector: f(1, 'meta.v1.LabelSelector', 'The pods the policy applies to in its namespace; empty selects all.', { required: true }),
      ingress: f(2, arr('networking.v1.NetworkPolicyIngressRule'), 'Allowed incoming traffic; the selected pods accept nothing else when Ingress is a policy type.', {
        listType: 'atomic',
      }),
      egress: f(3, arr('networking.v1.NetworkPolicyEgressRule'), 'Allowed outgoing traffic; the selected pods send nothing else when Egress is a policy type.', {
        listType: 'atomic',
      }),
      policyTypes: f(4, arr('string'), 'Ingress, Egress or both: which directions the policy governs; inferred from the rules when unset.', {
        listType: 'atomic',
      }),
    },
  },
  {
    id: 'networking.v1.NetworkPolicyIngressRule',
    description: 'Traffic allowed into the selected pods; it must match both ports and from.',
    fields: {
      ports: f(1, arr('networking.v1.NetworkPolicyPort'), 'Ports the traffic may reach; all ports when empty.', { listType: 'atomic' }),
      from: f(2, arr('networking.v1.NetworkPolicyPeer'), 'Sources the traffic may come from; any source when empty.', {
        listType: 'atomic',
      }),
    },
  },
  {
    id: 'networking.v1.NetworkPolicyEgressRule',
    description: 'Traffic allowed out of the selected pods; it must match both ports and to.',
    fields: {
      ports: f(1, arr('networking.v1.NetworkPolicyPort'), 'Ports the traffic may go to; all ports when empty.', { listType: 'atomic' }),
      to: f(2, arr('networking.v1.NetworkPolicyPeer'), 'Destinations the traffic may go to; any destination when empty.', {
        listType: 'atomic',
      }),
    },
  },
  {
    id: 'networking.v1.NetworkPolicyPort',
    description: 'A port (or range) and protocol traffic may use.',
    fields: {
      protocol: f(1, 'string', 'TCP (default), UDP or SCTP.', { enum: ['SCTP', 'TCP', 'UDP'] }),
      port: f(2, 'IntOrString', 'Port number or named port; all ports when unset.'),
      endPort: f(3, 'int32', 'Last port of a range starting at port; needs a numeric port.'),
    },
  },
  {
    id: 'networking.v1.IPBlock',
    description: 'A CIDR range, less some exceptions.',
    fields: {
      cidr: f(1, 'string', 'The range, such as 192.168.1.0/24 or 2001:db8::/64.', { required: true }),
      except: f(2, arr('string'), 'Ranges inside cidr to leave out.', { listType: 'atomic' }),
    },
  },
  {
    id: 'networking.v1.NetworkPolicyPeer',
    description: 'A set of traffic sources or destinations.',
    fields: {
      podSelector: f(1, 'meta.v1.LabelSelector', "Pods, in the policy's namespace or in the namespaces namespaceSelector picks."),
      namespaceSelector: f(2, 'meta.v1.LabelSelector', 'Namespaces whose pods (all, or those podSelector picks) are included.'),
      ipBlock: f(3, 'networking.v1.IPBlock', 'A CIDR range; cannot be combined with the selectors.'),
    },
  },
  listOf('networking.v1.NetworkPolicy', { group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicyList' }),
  {
    id: 'networking.v1.Ingress',
    description: 'Rules that route outside HTTP(S) traffic to Services, carried out by an ingress controller.',
    gvk: [{ group: 'networking.k8s.io', version: 'v1', kind: 'Ingress' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      spec: f(2, 'networking.v1.IngressSpec', 'The desired routing.'),
      status: f(3, 'networking.v1.IngressStatus', 'The observed state of the Ingress.'),
    },
  },
  listOf('networking.v1.Ingress', { group: 'networking.k8s.io', version: 'v1', kind: 'IngressList' }),
  {
    id: 'networking.v1.IngressSpec',
    description: 'The desired routing of an Ingress.',
    fields: {
      ingressClassName: f(4, 'string', 'The IngressClass whose controller should implement this Ingress.'),
      defaultBackend: f(1, 'networking.v1.IngressBackend', 'Where requests that match no rule go.'),
      tls: f(2, arr('networking.v1.IngressTLS'), 'TLS settings, by host.', { listType: 'atomic' }),
      rules: f(3, arr('networking.v1.IngressRule'), 'Host rules; unmatched traffic goes to the default backend.', { listType: 'atomic' }),
    },
  },
  {
    id: 'networking.v1.IngressTLS',
    description: 'TLS termination for a set of hosts.',
    fields: {
      hosts: f(1, arr('string'), "Hosts covered by the certificate; the controller's wildcard host when empty.", { listType: 'atomic' }),
      secretName: f(2, 'string', 'The Secret holding the certificate and key for port 443.'),
    },
  },
  {
    id: 'networking.v1.IngressStatus',
    description: 'The observed state of an Ingress.',
    fields: {
      loadBalancer: f(1, 'networking.v1.IngressLoadBalancerStatus', 'The load balancer serving the Ingress.'),
    },
  },
  {
    id: 'networking.v1.IngressLoadBalancerStatus',
    description: 'The state of an Ingress load balancer.',
    fields: {
      ingress: f(1, arr('networking.v1.IngressLoadBalancerIngress'), 'Its ingress points.', { listType: 'atomic' }),
    },
  },
  {
    id: 'networking.v1.IngressLoadBalancerIngress',
    description: 'One ingress point of a load balancer.',
    fields: {
      ip: f(1, 'string', 'IP address of the ingress point.'),
      hostname: f(2, 'string', 'DNS name of the ingress point.'),
      ports: f(4, arr('networking.v1.IngressPortStatus'), 'Ports the ingress point exposes.', { listType: 'atomic' }),
    },
  },
  {
    id: 'networking.v1.IngressPortStatus',
    description: 'The state of one port of an ingress point.',
    fields: {
      port: f(1, 'int32', 'The port number.', { required: true }),
      protocol: f(2, 'string', 'TCP, UDP or SCTP.', { required: true, enum: ['SCTP', 'TCP', 'UDP'] }),
      error: f(3, 'string', 'A problem with the port, as a CamelCase reason or a domain-prefixed name.'),
    },
  },
  {
    id: 'networking.v1.IngressRule',
    description: 'Routing for one host (or every host) to backends by path.',
    fields: {
      host: f(1, 'string', 'Fully qualified domain name to match, optionally with a leading wildcard label; all hosts when empty.'),
      // No protobuf number of its own: on the wire it sits inside field 2 (IngressRuleValue), which JSON flattens.
      http: { type: 'networking.v1.HTTPIngressRuleValue', description: 'Path-based routing for HTTP requests to this host.', protoPath: [2, 1] },
    },
  },
  {
    id: 'networking.v1.HTTPIngressRuleValue',
    description: 'Routes HTTP request paths to backends.',
    fields: {
      paths: f(1, arr('networking.v1.HTTPIngressPath'), 'Paths and the backends they lead to.', { required: true, listType: 'atomic' }),
    },
  },
  {
    id: 'networking.v1.HTTPIngressPath',
    description: 'A request path and the backend it leads to.',
    fields: {
      path: f(1, 'string', 'The path to match; must start with / unless pathType is ImplementationSpecific.'),
      pathType: f(3, 'string', 'Exact, Prefix or ImplementationSpecific: how path is matched.', { required: true }),
      backend: f(2, 'networking.v1.IngressBackend', 'Where matching requests go.', { required: true }),
    },
  },
  {
    id: 'networking.v1.IngressBackend',
    description: 'Where traffic goes: a Service port or another resource.',
    fields: {
      service: f(4, 'networking.v1.IngressServiceBackend', 'A Service and port; excludes resource.'),
      resource: f(3, 'core.v1.TypedLocalObjectReference', "Another object in the Ingress's namespace; excludes service."),
    },
  },
  {
    id: 'networking.v1.IngressServiceBackend',
    description: 'A Service used as a backend.',
    fields: {
      name: f(1, 'string', "Name of the Service, in the Ingress's namespace.", { required: true }),
      port: f(2, 'networking.v1.ServiceBackendPort', 'The Service port; a name or a number is required.'),
    },
  },
  {
    id: 'networking.v1.ServiceBackendPort',
    description: 'A Service port, by name or by number.',
    structType: 'atomic',
    fields: {
      name: f(1, 'string', "The port's name; excludes number."),
      number: f(2, 'int32', "The port's number; excludes name."),
    },
  },
  {
    id: 'networking.v1.IngressClass',
    description: 'A class of Ingress, naming the controller that implements it.',
    gvk: [{ group: 'networking.k8s.io', version: 'v1', kind: 'IngressClass' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      spec: f(2, 'networking.v1.IngressClassSpec', "The class's controller and parameters."),
    },
  },
  {
    id: 'networking.v1.IngressClassSpec',
    description: 'The controller and parameters of an IngressClass.',
    fields: {
      controller: f(1, 'string', 'Name of the controller handling this class, as a domain-prefixed path; immutable.'),
      parameters: f(2, 'networking.v1.IngressClassParametersReference', 'An object holding extra configuration for the controller.'),
    },
  },
  {
    id: 'networking.v1.IngressClassParametersReference',
    description: 'An object, cluster-wide or namespaced, with controller parameters.',
    fields: {
      apiGroup: f(1, 'string', 'API group of the object; the core group when unset.'),
      kind: f(2, 'string', 'Kind of the object.', { required: true }),
      name: f(3, 'string', 'Name of the object.', { required: true }),
      scope: f(4, 'string', 'Cluster (default) or Namespace.'),
      namespace: f(5, 'string', 'Namespace of the object; required when scope is Namespace and forbidden otherwise.'),
    },
  },
  listOf('networking.v1.IngressClass', { group: 'networking.k8s.io', version: 'v1', kind: 'IngressClassList' }),
];
