// The bootstrap roles of the control-plane components (upstream's bootstrappolicy: policy.go for
// system:kube-scheduler, system:volume-scheduler and system:kube-controller-manager, controller_policy.go
// for the per-controller roles system:controller:<name>, each bound to the ServiceAccount
// kube-system/<name> the controller runs as). Only the controllers kts runs get a role.
import type { KubeObject } from '../../api/types.js';
import type { PolicyRule } from './authz.js';

const READ = ['get', 'list', 'watch'];
/** The prefix of every controller role; the rest is the name of the controller's ServiceAccount. */
export const CONTROLLER_ROLE_PREFIX = 'system:controller:';

function rule(verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): PolicyRule {
  return { apiGroups, resources, verbs, ...(resourceNames ? { resourceNames } : {}) };
}

function meta(name: string): KubeObject['metadata'] {
  return { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } };
}

function clusterRole(name: string, rules: PolicyRule[]): KubeObject {
  return { metadata: meta(name), rules };
}

function clusterRoleBinding(name: string, roleName: string, subject: { kind: string; name: string; namespace?: string }): KubeObject {
  const apiGroup = subject.kind === 'ServiceAccount' ? '' : 'rbac.authorization.k8s.io';
  return {
    metadata: meta(name),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
    subjects: [{ ...subject, ...(apiGroup ? { apiGroup } : {}) }],
  };
}

/** Events, through either API (upstream's eventsRule). */
const events = rule(['create', 'update', 'patch'], ['', 'events.k8s.io'], ['events']);

/** A leader-election Lease: anyone may create one, only the component's own may be read and renewed. */
function leaderLease(name: string): PolicyRule[] {
  return [rule(['create'], ['coordination.k8s.io'], ['leases']), rule(['get', 'update'], ['coordination.k8s.io'], ['leases'], [name])];
}

const schedulerRules: PolicyRule[] = [
  events,
  ...leaderLease('kube-scheduler'),
  rule(READ, [''], ['nodes']),
  rule(['get', 'list', 'watch', 'delete'], [''], ['pods']),
  rule(['create'], [''], ['bindings', 'pods/binding']),
  rule(['patch', 'update'], [''], ['pods/status']),
  rule(READ, [''], ['replicationcontrollers', 'services']),
  rule(READ, ['apps', 'extensions'], ['replicasets']),
  rule(READ, ['apps'], ['statefulsets']),
  rule(READ, ['policy'], ['poddisruptionbudgets']),
  rule(READ, [''], ['persistentvolumeclaims', 'persistentvolumes']),
  rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
  rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
  rule(READ, ['storage.k8s.io'], ['csinodes']),
  rule(READ, [''], ['namespaces']),
  rule(READ, ['storage.k8s.io'], ['csidrivers']),
  rule(READ, ['storage.k8s.io'], ['csistoragecapacities']),
];

const volumeSchedulerRules: PolicyRule[] = [
  rule(['get', 'list', 'watch', 'patch', 'update'], [''], ['persistentvolumes']),
  rule(READ, ['storage.k8s.io'], ['storageclasses']),
  rule(['get', 'list', 'watch', 'patch', 'update'], [''], ['persistentvolumeclaims']),
];

/** kube-controller-manager's own identity: its shared informers (list/watch of everything), leader
 *  election, and the ServiceAccounts (and their tokens) its controllers run as. */
const controllerManagerRules: PolicyRule[] = [
  events,
  ...leaderLease('kube-controller-manager'),
  rule(['create'], [''], ['secrets', 'serviceaccounts']),
  rule(['delete'], [''], ['secrets']),
  rule(['get'], [''], ['configmaps', 'namespaces', 'secrets', 'serviceaccounts']),
  rule(['update'], [''], ['secrets', 'serviceaccounts']),
  rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
  rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
  rule(['list', 'watch'], ['*'], ['*']),
  rule(['create'], [''], ['serviceaccounts/token']),
];

/** Each controller's rules, by the name of its ServiceAccount in kube-system. */
const controllerRules: Record<string, PolicyRule[]> = {
  'cronjob-controller': [
    rule(['get', 'list', 'watch', 'update'], ['batch'], ['cronjobs']),
    rule(['get', 'list', 'watch', 'create', 'update', 'delete', 'patch'], ['batch'], ['jobs']),
    rule(['update'], ['batch'], ['cronjobs/status']),
    rule(['update'], ['batch'], ['cronjobs/finalizers']),
    rule(['list', 'watch', 'delete'], [''], ['pods']),
    events,
  ],
  'daemon-set-controller': [
    rule(READ, ['apps', 'extensions'], ['daemonsets']),
    rule(['update'], ['apps', 'extensions'], ['daemonsets/status']),
    rule(['update'], ['apps', 'extensions'], ['daemonsets/finalizers']),
    rule(['list', 'watch'], [''], ['nodes']),
    rule(['list', 'watch', 'create', 'delete', 'patch'], [''], ['pods']),
    rule(['create'], [''], ['pods/binding']),
    rule(['get', 'list', 'watch', 'create', 'delete', 'update', 'patch'], ['apps'], ['controllerrevisions']),
    events,
  ],
  'deployment-controller': [
    rule(['get', 'list', 'watch', 'update'], ['apps', 'extensions'], ['deployments']),
    rule(['update'], ['apps', 'extensions'], ['deployments/status']),
    rule(['update'], ['apps', 'extensions'], ['deployments/finalizers']),
    rule(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'], ['apps', 'extensions'], ['replicasets']),
    // update: upstream keeps it for the adoption of pods by label (kubernetes#36897).
    rule(['get', 'list', 'watch', 'update'], [''], ['pods']),
    events,
  ],
  'disruption-controller': [
    rule(READ, ['apps', 'extensions'], ['deployments']),
    rule(READ, ['apps', 'extensions'], ['replicasets']),
    rule(READ, [''], ['replicationcontrollers']),
    rule(READ, ['policy'], ['poddisruptionbudgets']),
    rule(READ, ['apps'], ['statefulsets']),
    rule(['update'], ['policy'], ['poddisruptionbudgets/status']),
    rule(['patch', 'update'], [''], ['pods/status']),
    rule(['get'], ['*'], ['*/scale']),
    events,
  ],
  'endpoint-controller': [
    rule(READ, [''], ['services', 'pods']),
    rule(['get', 'list', 'watch', 'create', 'update', 'delete'], [''], ['endpoints']),
    rule(['create'], [''], ['endpoints/restricted']),
    events,
  ],
  'endpointslice-controller': [
    rule(READ, [''], ['services', 'pods', 'nodes']),
    // The service's finalizers: OwnerReferencesPermissionEnforcement wants this to set blockOwnerDeletion.
    rule(['update'], [''], ['services/finalizers']),
    rule(['get', 'list', 'watch', 'create', 'update', 'delete'], ['discovery.k8s.io'], ['endpointslices']),
    events,
  ],
  'generic-garbage-collector': [rule(['get', 'list', 'watch', 'patch', 'update', 'delete'], ['*'], ['*']), events],
  'job-controller': [
    rule(['get', 'list', 'watch', 'update', 'patch'], ['batch'], ['jobs']),
    rule(['update'], ['batch'], ['jobs/status']),
    rule(['update'], ['batch'], ['jobs/finalizers']),
    rule(['list', 'watch', 'create', 'delete', 'patch'], [''], ['pods']),
    events,
  ],
  'namespace-controller': [
    rule(['get', 'list', 'watch', 'delete'], [''], ['namespaces']),
    rule(['update'], [''], ['namespaces/finalize', 'namespaces/status']),
    rule(['get', 'list', 'watch', 'delete', 'deletecollection'], ['*'], ['*']),
  ],
  'node-controller': [
    rule(['get', 'list', 'watch', 'update', 'delete', 'patch'], [''], ['nodes']),
    rule(['patch', 'update'], [''], ['nodes/status']),
    // pods on unhealthy nodes are marked not Ready, then evicted
    rule(['patch', 'update'], [''], ['pods/status']),
    rule(['list', 'watch', 'get', 'delete'], [''], ['pods']),
    events,
  ],
  'persistent-volume-binder': [
    rule(['get', 'list', 'watch', 'update', 'create', 'delete'], [''], ['persistentvolumes']),
    rule(['update'], [''], ['persistentvolumes/status']),
    rule(['get', 'list', 'watch', 'update'], [''], ['persistentvolumeclaims']),
    rule(['update'], [''], ['persistentvolumeclaims/status']),
    rule(['list', 'watch', 'get', 'create', 'delete'], [''], ['pods']),
    rule(READ, ['storage.k8s.io'], ['storageclasses']),
    rule(['list', 'watch'], [''], ['nodes']),
    events,
    // the recycler watches its pod's events
    rule(['watch'], [''], ['events']),
    // volume plugins read services
    rule(['get'], [''], ['services']),
  ],
  'pod-garbage-collector': [rule(['list', 'watch', 'delete'], [''], ['pods']), rule(READ, [''], ['nodes']), rule(['patch'], [''], ['pods/status'])],
  'replicaset-controller': [
    rule(['get', 'list', 'watch', 'update'], ['apps', 'extensions'], ['replicasets']),
    rule(['update'], ['apps', 'extensions'], ['replicasets/status']),
    rule(['update'], ['apps', 'extensions'], ['replicasets/finalizers']),
    rule(['list', 'watch', 'patch', 'create', 'delete'], [''], ['pods']),
    events,
  ],
  'replication-controller': [
    rule(['get', 'list', 'watch', 'update'], [''], ['replicationcontrollers']),
    rule(['update'], [''], ['replicationcontrollers/status']),
    rule(['update'], [''], ['replicationcontrollers/finalizers']),
    rule(['list', 'watch', 'patch', 'create', 'delete'], [''], ['pods']),
    events,
  ],
  'resourcequota-controller': [rule(['list', 'watch'], ['*'], ['*']), rule(['update'], [''], ['resourcequotas/status']), events],
  'root-ca-cert-publisher': [rule(['create', 'update'], [''], ['configmaps']), events],
  'service-account-controller': [rule(['create'], [''], ['serviceaccounts']), events],
  'statefulset-controller': [
    rule(['list', 'watch'], [''], ['pods']),
    rule(READ, ['apps'], ['statefulsets']),
    rule(['update'], ['apps'], ['statefulsets/status']),
    rule(['update'], ['apps'], ['statefulsets/finalizers']),
    rule(['get', 'create', 'delete', 'update', 'patch'], [''], ['pods']),
    rule(['get', 'list', 'watch', 'create', 'delete', 'update', 'patch'], ['apps'], ['controllerrevisions']),
    rule(['get', 'create', 'list', 'watch'], [''], ['persistentvolumeclaims']),
    rule(['update', 'delete'], [''], ['persistentvolumeclaims']),
    rule(['update'], [''], ['pods/finalizers']),
    events,
  ],
  'ttl-after-finished-controller': [rule(['get', 'list', 'watch', 'delete'], ['batch'], ['jobs']), events],
};

export function controllerClusterRoles(): KubeObject[] {
  return [
    clusterRole('system:kube-scheduler', schedulerRules),
    clusterRole('system:volume-scheduler', volumeSchedulerRules),
    clusterRole('system:kube-controller-manager', controllerManagerRules),
    ...Object.entries(controllerRules).map(([sa, rules]) => clusterRole(CONTROLLER_ROLE_PREFIX + sa, rules)),
  ];
}

export function controllerClusterRoleBindings(): KubeObject[] {
  return [
    clusterRoleBinding('system:kube-scheduler', 'system:kube-scheduler', { kind: 'User', name: 'system:kube-scheduler' }),
    clusterRoleBinding('system:volume-scheduler', 'system:volume-scheduler', { kind: 'User', name: 'system:kube-scheduler' }),
    clusterRoleBinding('system:kube-controller-manager', 'system:kube-controller-manager', { kind: 'User', name: 'system:kube-controller-manager' }),
    ...Object.keys(controllerRules).map((sa) => clusterRoleBinding(CONTROLLER_ROLE_PREFIX + sa, CONTROLLER_ROLE_PREFIX + sa, { kind: 'ServiceAccount', name: sa, namespace: 'kube-system' })),
  ];
}
