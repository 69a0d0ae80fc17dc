// Per-resource strategies: what differs from the generic store for each kind (upstream's
// SetDefaults_*, PrepareForCreate/Update and Validate/ValidateUpdate).

import type { ResourceDef } from '../../../api/resources.js';
import type { Store } from '../store.js';
import type { Strategy } from '../strategy.js';
import { configMapStrategy } from './configmaps.js';
import { controllerRevisionStrategy } from './controllerrevisions.js';
import { cronJobStrategy } from './cronjobs.js';
import { csrStrategy } from './csr.js';
import { daemonSetStrategy } from './daemonsets.js';
import { deploymentStrategy } from './deployments.js';
import { endpointsStrategy } from './endpoints.js';
import { endpointSliceStrategy } from './endpointslices.js';
import { eventStrategy } from './events.js';
import { hpaStrategy } from './hpa.js';
import { ingressClassStrategy, ingressStrategy } from './ingresses.js';
import { jobStrategy } from './jobs.js';
import { leaseStrategy } from './leases.js';
import { limitRangeStrategy } from './limitranges.js';
import { namespaceStrategy } from './namespaces.js';
import { networkPolicyStrategy } from './networkpolicies.js';
import { nodeStrategy } from './nodes.js';
import { pdbStrategy } from './pdb.js';
import { persistentVolumeClaimStrategy } from './persistentvolumeclaims.js';
import { persistentVolumeStrategy } from './persistentvolumes.js';
import { podStrategy } from './pods.js';
import { podTemplateStrategy } from './podtemplates.js';
import { priorityClassStrategy } from './priorityclasses.js';
import { rbacStrategies } from './rbac.js';
import { replicaSetStrategy } from './replicasets.js';
import { replicationControllerStrategy } from './replicationcontrollers.js';
import { resourceQuotaStrategy } from './resourcequotas.js';
import { secretStrategy } from './secrets.js';
import { serviceAccountStrategy } from './serviceaccounts.js';
import { serviceStrategy } from './services.js';
import { statefulSetStrategy } from './statefulsets.js';
import { storageClassStrategy } from './storageclasses.js';

/** What strategies may need from the server. */
export interface StrategyEnv {
  serviceCIDR: string;
  nodePortRange: string;
  lookup(group: string, plural: string): Store | undefined;
}

/** Kinds whose metadata.generation tracks spec changes (upstream sets it in these strategies). */
const GENERATION = new Set([
  '/replicationcontrollers',
  'apps/deployments',
  'apps/replicasets',
  'apps/statefulsets',
  'apps/daemonsets',
  'batch/jobs',
  'batch/cronjobs',
  'autoscaling/horizontalpodautoscalers',
  'policy/poddisruptionbudgets',
  'networking.k8s.io/ingresses',
  'networking.k8s.io/networkpolicies',
  'networking.k8s.io/ingressclasses',
  'scheduling.k8s.io/priorityclasses',
  'storage.k8s.io/storageclasses',
  'discovery.k8s.io/endpointslices',
]);

const BUILDERS: Record<string, (def: ResourceDef, env: StrategyEnv) => Strategy> = {
  '/pods': () => podStrategy(),
  '/podtemplates': () => podTemplateStrategy(),
  '/services': (_d, env) => serviceStrategy(env),
  '/endpoints': () => endpointsStrategy(),
  '/namespaces': () => namespaceStrategy(),
  '/nodes': () => nodeStrategy(),
  '/configmaps': () => configMapStrategy(),
  '/secrets': () => secretStrategy(),
  '/serviceaccounts': () => serviceAccountStrategy(),
  '/persistentvolumes': () => persistentVolumeStrategy(),
  '/persistentvolumeclaims': () => persistentVolumeClaimStrategy(),
  '/limitranges': () => limitRangeStrategy(),
  '/resourcequotas': () => resourceQuotaStrategy(),
  '/replicationcontrollers': () => replicationControllerStrategy(),
  '/events': (d) => eventStrategy(d),
  'events.k8s.io/events': (d) => eventStrategy(d),
  'apps/deployments': () => deploymentStrategy(),
  'apps/replicasets': () => replicaSetStrategy(),
  'apps/statefulsets': () => statefulSetStrategy(),
  'apps/daemonsets': () => daemonSetStrategy(),
  'apps/controllerrevisions': () => controllerRevisionStrategy(),
  'batch/jobs': () => jobStrategy(),
  'batch/cronjobs': () => cronJobStrategy(),
  'autoscaling/horizontalpodautoscalers': (d) => hpaStrategy(d),
  'policy/poddisruptionbudgets': () => pdbStrategy(),
  'networking.k8s.io/ingresses': () => ingressStrategy(),
  'networking.k8s.io/ingressclasses': () => ingressClassStrategy(),
  'networking.k8s.io/networkpolicies': () => networkPolicyStrategy(),
  'rbac.authorization.k8s.io/roles': () => rbacStrategies.roles(),
  'rbac.authorization.k8s.io/clusterroles': () => rbacStrategies.clusterroles(),
  'rbac.authorization.k8s.io/rolebindings': () => rbacStrategies.rolebindings(),
  'rbac.authorization.k8s.io/clusterrolebindings': () => rbacStrategies.clusterrolebindings(),
  'storage.k8s.io/storageclasses': () => storageClassStrategy(),
  'scheduling.k8s.io/priorityclasses': () => priorityClassStrategy(),
  'coordination.k8s.io/leases': () => leaseStrategy(),
  'discovery.k8s.io/endpointslices': () => endpointSliceStrategy(),
  'certificates.k8s.io/certificatesigningrequests': () => csrStrategy(),
};

export function strategyFor(def: ResourceDef, env: StrategyEnv): Strategy {
  const id = `${def.group}/${def.plural}`;
  const s = BUILDERS[id]?.(def, env) ?? {};
  if (GENERATION.has(id)) s.generation = true;
  return s;
}
