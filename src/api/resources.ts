// The catalogue of resources kts serves: for each, where it lives in the URL space, its kind and
// schema type, scope, verbs, short names, categories and subresources — what discovery publishes and
// what the apiserver routes on. Upstream's values (kube-apiserver 1.32).

export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

export interface SubresourceDef {
  name: string;
  /** The kind the subresource takes and returns (group '' is core). */
  kind: { group: string; version: string; kind: string };
  verbs: Verb[];
  /** Streaming/connect subresources (log, exec, attach, portforward, proxy). */
  connect?: boolean;
}

export interface ResourceDef {
  group: string;
  version: string;
  kind: string;
  /** The URL name: pods, deployments … */
  plural: string;
  singular: string;
  namespaced: boolean;
  verbs: Verb[];
  shortNames?: string[];
  categories?: string[];
  subresources?: SubresourceDef[];
  /** The schema type id of the kind ('core.v1.Pod'). */
  typeId: string;
  /** Storage resource name, shared by versions of one resource (events, horizontalpodautoscalers). */
  storageResource?: string;
}

export const ALL_VERBS: Verb[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const NS_VERBS: Verb[] = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const CREATE_ONLY: Verb[] = ['create'];

const core = (kind: string) => ({ group: '', version: 'v1', kind });
const status = (group: string, version: string, kind: string): SubresourceDef => ({
  name: 'status',
  kind: { group, version, kind },
  verbs: ['get', 'patch', 'update'],
});
const scale = (): SubresourceDef => ({ name: 'scale', kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] });
const connect = (name: string, kind: string): SubresourceDef => ({ name, kind: core(kind), verbs: ['create', 'get'], connect: true });

function r(def: Omit<ResourceDef, 'verbs' | 'singular' | 'typeId'> & Partial<Pick<ResourceDef, 'verbs' | 'singular' | 'typeId'>>): ResourceDef {
  const pkg = def.group === '' ? 'core' : def.group.split('.')[0]!;
  return {
    verbs: ALL_VERBS,
    singular: def.kind.toLowerCase(),
    typeId: `${pkg}.${def.version}.${def.kind}`,
    ...def,
  };
}

export const RESOURCES: ResourceDef[] = [
  // core/v1
  r({
    group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, shortNames: ['po'], categories: ['all'],
    subresources: [
      connect('attach', 'PodAttachOptions'),
      { name: 'binding', kind: core('Binding'), verbs: ['create'] },
      { name: 'ephemeralcontainers', kind: core('Pod'), verbs: ['get', 'patch', 'update'] },
      { name: 'eviction', kind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] },
      connect('exec', 'PodExecOptions'),
      { name: 'log', kind: core('Pod'), verbs: ['get'], connect: true },
      connect('portforward', 'PodPortForwardOptions'),
      { ...connect('proxy', 'PodProxyOptions'), verbs: ['create', 'delete', 'get', 'patch', 'update'] },
      { name: 'resize', kind: core('Pod'), verbs: ['get', 'patch', 'update'] },
      status('', 'v1', 'Pod'),
    ],
  }),
  r({ group: '', version: 'v1', kind: 'Binding', plural: 'bindings', namespaced: true, verbs: CREATE_ONLY }),
  r({ group: '', version: 'v1', kind: 'ComponentStatus', plural: 'componentstatuses', namespaced: false, shortNames: ['cs'], verbs: ['get', 'list'] }),
  r({ group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, shortNames: ['cm'] }),
  r({ group: '', version: 'v1', kind: 'Endpoints', plural: 'endpoints', singular: 'endpoints', namespaced: true, shortNames: ['ep'] }),
  r({ group: '', version: 'v1', kind: 'Event', plural: 'events', namespaced: true, shortNames: ['ev'] }),
  r({ group: '', version: 'v1', kind: 'LimitRange', plural: 'limitranges', namespaced: true, shortNames: ['limits'] }),
  r({
    group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, shortNames: ['ns'], verbs: NS_VERBS,
    subresources: [{ name: 'finalize', kind: core('Namespace'), verbs: ['update'] }, status('', 'v1', 'Namespace')],
  }),
  r({
    group: '', version: 'v1', kind: 'Node', plural: 'nodes', namespaced: false, shortNames: ['no'],
    subresources: [{ ...connect('proxy', 'NodeProxyOptions'), verbs: ['create', 'delete', 'get', 'patch', 'update'] }, status('', 'v1', 'Node')],
  }),
  r({ group: '', version: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true, shortNames: ['pvc'], subresources: [status('', 'v1', 'PersistentVolumeClaim')] }),
  r({ group: '', version: 'v1', kind: 'PersistentVolume', plural: 'persistentvolumes', namespaced: false, shortNames: ['pv'], subresources: [status('', 'v1', 'PersistentVolume')] }),
  r({ group: '', version: 'v1', kind: 'PodTemplate', plural: 'podtemplates', namespaced: true }),
  r({
    group: '', version: 'v1', kind: 'ReplicationController', plural: 'replicationcontrollers', namespaced: true, shortNames: ['rc'], categories: ['all'],
    subresources: [scale(), status('', 'v1', 'ReplicationController')],
  }),
  r({ group: '', version: 'v1', kind: 'ResourceQuota', plural: 'resourcequotas', namespaced: true, shortNames: ['quota'], subresources: [status('', 'v1', 'ResourceQuota')] }),
  r({ group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true }),
  r({
    group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true, shortNames: ['sa'],
    subresources: [{ name: 'token', kind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' }, verbs: ['create'] }],
  }),
  r({
    group: '', version: 'v1', kind: 'Service', plural: 'services', namespaced: true, shortNames: ['svc'], categories: ['all'],
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [{ ...connect('proxy', 'ServiceProxyOptions'), verbs: ['create', 'delete', 'get', 'patch', 'update'] }, status('', 'v1', 'Service')],
  }),
  // apps/v1
  r({ group: 'apps', version: 'v1', kind: 'ControllerRevision', plural: 'controllerrevisions', namespaced: true }),
  r({ group: 'apps', version: 'v1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true, shortNames: ['ds'], categories: ['all'], subresources: [status('apps', 'v1', 'DaemonSet')] }),
  r({ group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true, shortNames: ['deploy'], categories: ['all'], subresources: [scale(), status('apps', 'v1', 'Deployment')] }),
  r({ group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', namespaced: true, shortNames: ['rs'], categories: ['all'], subresources: [scale(), status('apps', 'v1', 'ReplicaSet')] }),
  r({ group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true, shortNames: ['sts'], categories: ['all'], subresources: [scale(), status('apps', 'v1', 'StatefulSet')] }),
  // authentication / authorization (virtual: create only, never stored)
  r({ group: 'authentication.k8s.io', version: 'v1', kind: 'SelfSubjectReview', plural: 'selfsubjectreviews', namespaced: false, verbs: CREATE_ONLY }),
  r({ group: 'authentication.k8s.io', version: 'v1', kind: 'TokenReview', plural: 'tokenreviews', namespaced: false, verbs: CREATE_ONLY }),
  r({ group: 'authorization.k8s.io', version: 'v1', kind: 'LocalSubjectAccessReview', plural: 'localsubjectaccessreviews', namespaced: true, verbs: CREATE_ONLY }),
  r({ group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview', plural: 'selfsubjectaccessreviews', namespaced: false, verbs: CREATE_ONLY }),
  r({ group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectRulesReview', plural: 'selfsubjectrulesreviews', namespaced: false, verbs: CREATE_ONLY }),
  r({ group: 'authorization.k8s.io', version: 'v1', kind: 'SubjectAccessReview', plural: 'subjectaccessreviews', namespaced: false, verbs: CREATE_ONLY }),
  // autoscaling
  r({
    group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', namespaced: true, shortNames: ['hpa'], categories: ['all'],
    subresources: [status('autoscaling', 'v2', 'HorizontalPodAutoscaler')],
  }),
  r({
    group: 'autoscaling', version: 'v1', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', namespaced: true, shortNames: ['hpa'], categories: ['all'],
    subresources: [status('autoscaling', 'v1', 'HorizontalPodAutoscaler')],
  }),
  // batch/v1
  r({ group: 'batch', version: 'v1', kind: 'CronJob', plural: 'cronjobs', namespaced: true, shortNames: ['cj'], categories: ['all'], subresources: [status('batch', 'v1', 'CronJob')] }),
  r({ group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', namespaced: true, categories: ['all'], subresources: [status('batch', 'v1', 'Job')] }),
  // certificates.k8s.io/v1
  r({
    group: 'certificates.k8s.io', version: 'v1', kind: 'CertificateSigningRequest', plural: 'certificatesigningrequests', namespaced: false, shortNames: ['csr'],
    subresources: [
      { name: 'approval', kind: { group: 'certificates.k8s.io', version: 'v1', kind: 'CertificateSigningRequest' }, verbs: ['get', 'patch', 'update'] },
      status('certificates.k8s.io', 'v1', 'CertificateSigningRequest'),
    ],
  }),
  // coordination.k8s.io/v1
  r({ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', namespaced: true }),
  // discovery.k8s.io/v1
  r({ group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', plural: 'endpointslices', namespaced: true }),
  // events.k8s.io/v1 (same storage as core/v1 events)
  r({ group: 'events.k8s.io', version: 'v1', kind: 'Event', plural: 'events', namespaced: true, shortNames: ['ev'], storageResource: 'events' }),
  // networking.k8s.io/v1
  r({ group: 'networking.k8s.io', version: 'v1', kind: 'IngressClass', plural: 'ingressclasses', namespaced: false }),
  r({ group: 'networking.k8s.io', version: 'v1', kind: 'Ingress', plural: 'ingresses', namespaced: true, shortNames: ['ing'], subresources: [status('networking.k8s.io', 'v1', 'Ingress')] }),
  r({ group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy', plural: 'networkpolicies', namespaced: true, shortNames: ['netpol'] }),
  // policy/v1
  r({ group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', namespaced: true, shortNames: ['pdb'], subresources: [status('policy', 'v1', 'PodDisruptionBudget')] }),
  // rbac.authorization.k8s.io/v1
  r({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false }),
  r({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', plural: 'clusterroles', namespaced: false }),
  r({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', plural: 'rolebindings', namespaced: true }),
  r({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', plural: 'roles', namespaced: true }),
  // scheduling.k8s.io/v1
  r({ group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass', plural: 'priorityclasses', namespaced: false, shortNames: ['pc'] }),
  // storage.k8s.io/v1
  r({ group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass', plural: 'storageclasses', namespaced: false, shortNames: ['sc'] }),
];

/** Groups in the order discovery lists them (upstream's order: core first, then by priority). */
export const GROUP_ORDER = [
  '',
  'apps',
  'events.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
];

/** Versions of a group, preferred first. */
export function groupVersions(group: string): string[] {
  const vs: string[] = [];
  for (const d of RESOURCES) if (d.group === group && !vs.includes(d.version)) vs.push(d.version);
  return vs;
}

/** Resources are "virtual" when they are never stored (reviews, bindings handled by their parent). */
export function isVirtual(d: ResourceDef): boolean {
  return d.verbs.length === 1 && d.verbs[0] === 'create';
}

/** The storage key segment: /registry/<this>/<namespace>/<name>. Versions and groups that share storage name it explicitly. */
export function storageResourceOf(d: ResourceDef): string {
  return d.storageResource ?? d.plural;
}
