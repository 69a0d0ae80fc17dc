// The identities of the controllers (upstream's --use-service-account-credentials): each controller
// runs as a ServiceAccount in kube-system, bound by the bootstrap policy to system:controller:<name>.
// kube-controller-manager creates the ServiceAccounts it needs with its own identity.

import { isAlreadyExists, isNotFound, type Client } from '../machinery/client/index.js';

export const CONTROLLER_NAMESPACE = 'kube-system';

/** The ServiceAccount each controller of kts runs as, by controller name — upstream's client names
 *  (node-ipam and taint-eviction use node-controller's, as upstream). */
export const CONTROLLER_SERVICE_ACCOUNTS: Readonly<Record<string, string>> = {
  cronjob: 'cronjob-controller',
  daemonset: 'daemon-set-controller',
  deployment: 'deployment-controller',
  disruption: 'disruption-controller',
  endpoint: 'endpoint-controller',
  endpointslice: 'endpointslice-controller',
  'garbage-collector': 'generic-garbage-collector',
  job: 'job-controller',
  namespace: 'namespace-controller',
  'node-ipam': 'node-controller',
  'node-lifecycle': 'node-controller',
  'taint-eviction': 'node-controller',
  'persistentvolume-binder': 'persistent-volume-binder',
  'pod-garbage-collector': 'pod-garbage-collector',
  replicaset: 'replicaset-controller',
  replicationcontroller: 'replication-controller',
  resourcequota: 'resourcequota-controller',
  'root-ca-cert-publisher': 'root-ca-cert-publisher',
  serviceaccount: 'service-account-controller',
  statefulset: 'statefulset-controller',
  'ttl-after-finished': 'ttl-after-finished-controller',
};

/** The ServiceAccount a controller runs as (an unknown controller: "<name>-controller"). */
export function serviceAccountFor(controller: string): string {
  return CONTROLLER_SERVICE_ACCOUNTS[controller] ?? `${controller}-controller`;
}

/** The user a ServiceAccount token authenticates as. */
export function serviceAccountUser(name: string, namespace = CONTROLLER_NAMESPACE): { username: string; groups: string[] } {
  return { username: `system:serviceaccount:${namespace}:${name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'] };
}

/** Creates kube-system/<name> unless it exists (get first: the controller manager may create but not list). */
export async function ensureServiceAccount(client: Client, name: string, signal?: AbortSignal): Promise<void> {
  const sas = client.resource({ group: '', version: 'v1', plural: 'serviceaccounts' }, CONTROLLER_NAMESPACE);
  try {
    await sas.get(name, signal ? { signal } : {});
    return;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  try {
    await sas.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: CONTROLLER_NAMESPACE } }, signal ? { signal } : {});
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}
