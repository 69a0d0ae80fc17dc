// NodeRestriction (upstream plugin/pkg/admission/noderestriction): what a kubelet (a node user, see
// auth/node) may write. Only mirror pods bound to itself that reference no other API object; status
// and deletion of its own pods; its own Node, without restricted labels and without changing its
// taints; its own Lease and CSINode; status of claims (capacity and conditions only); tokens bound to
// its own pods. Every refusal is a 403 with upstream's message.

import type { KubeObject } from '../../../../api/types.js';
import { statusErrors } from '../../../../machinery/errors/status.js';
import { nodeIdentity, NODE_LEASE_NAMESPACE } from '../../../auth/node/authorizer.js';
import { isMirrorPod, podRefs } from '../../../auth/node/refs.js';
import { admissionForbidden as forbidden, type AdmissionAttributes, type AdmissionPlugin } from '../../interface.js';
import { deepEqual } from '../../../registry/codec.js';
import { forbiddenLabels, modifiedLabels } from './labels.js';

/** Where the plugin reads current pods and nodes (the watch caches). */
export interface NodeRestrictionAccess {
  pod(namespace: string, name: string): Promise<KubeObject | undefined> | KubeObject | undefined;
  node(name: string): Promise<KubeObject | undefined> | KubeObject | undefined;
}

const MIRROR = 'kubernetes.io/config.mirror';

type OwnerRef = { apiVersion?: string; kind?: string; name?: string; uid?: string; controller?: boolean; blockOwnerDeletion?: boolean };


const nodeNameOf = (pod: KubeObject | undefined) => (pod?.spec as { nodeName?: string } | undefined)?.nodeName ?? '';

export function nodeRestriction(access: NodeRestrictionAccess): AdmissionPlugin {
  const existingPod = async (a: AdmissionAttributes, name: string): Promise<KubeObject> => {
    const pod = a.oldObject ?? (await access.pod(a.namespace, name));
    if (!pod) throw statusErrors.notFound({ group: '', resource: 'pods' }, name);
    return pod;
  };

  async function podCreate(node: string, a: AdmissionAttributes): Promise<void> {
    const pod = a.object!;
    if (!isMirrorPod(pod)) throw forbidden(a, `pod does not have "${MIRROR}" annotation, node "${node}" can only create mirror pods`);
    if (nodeNameOf(pod) !== node) throw forbidden(a, `node "${node}" can only create pods with spec.nodeName set to itself`);
    const owners = (pod.metadata.ownerReferences ?? []) as OwnerRef[];
    if (owners.length > 1) throw forbidden(a, `node "${node}" can only create pods with a single owner reference set to itself`);
    const owner = owners[0];
    if (!owner || owner.apiVersion !== 'v1' || owner.kind !== 'Node' || owner.name !== node)
      throw forbidden(a, `node "${node}" can only create pods with an owner reference set to itself`);
    if (!owner.controller) throw forbidden(a, `node "${node}" can only create pods with a controller owner reference set to itself`);
    if (owner.blockOwnerDeletion) throw forbidden(a, `node "${node}" must not set blockOwnerDeletion on an owner reference`);
    const self = await access.node(node);
    if (!self) throw statusErrors.notFound({ group: '', resource: 'nodes' }, node);
    if (owner.uid !== self.metadata.uid) throw forbidden(a, `node ${node} UID mismatch: expected ${self.metadata.uid ?? ''} got ${owner.uid ?? ''}`);
    const refs = podRefs(pod);
    // The ServiceAccount admission leaves mirror pods alone; a kubelet that defaulted its static
    // pod's spec may still carry "default", which refers to nothing it could read.
    if (refs.serviceAccount && refs.serviceAccount !== 'default') throw forbidden(a, `node "${node}" can not create pods that reference a service account`);
    if (refs.tokenProjections) throw forbidden(a, `node "${node}" can not create pods that reference a service account`);
    if (refs.secrets.length) throw forbidden(a, `node "${node}" can not create pods that reference secrets`);
    if (refs.configMaps.length) throw forbidden(a, `node "${node}" can not create pods that reference configmaps`);
    if (refs.trustBundles) throw forbidden(a, `node "${node}" can not create pods that reference clustertrustbundles`);
    const volumes = ((pod.spec as { volumes?: Array<{ persistentVolumeClaim?: unknown }> } | undefined)?.volumes ?? []);
    if (volumes.some((v) => v.persistentVolumeClaim)) throw forbidden(a, `node "${node}" can not create pods that reference persistentvolumeclaims`);
  }

  async function pod(node: string, a: AdmissionAttributes): Promise<void> {
    switch (a.subresource) {
      case '':
        if (a.operation === 'CREATE') return podCreate(node, a);
        if (a.operation === 'DELETE') {
          if (nodeNameOf(await existingPod(a, a.name)) !== node) throw forbidden(a, `node "${node}" can only delete pods with spec.nodeName set to itself`);
          return;
        }
        throw forbidden(a, `unexpected operation "${a.operation}", node "${node}" can only create and delete mirror pods`);
      case 'status': {
        if (a.operation !== 'UPDATE') throw forbidden(a, `unexpected operation "${a.operation}"`);
        if (nodeNameOf(a.oldObject) !== node) throw forbidden(a, `node "${node}" can only update pod status for pods with spec.nodeName set to itself`);
        if (!deepEqual(a.oldObject?.metadata.labels ?? {}, a.object?.metadata.labels ?? {})) throw forbidden(a, `node "${node}" cannot update labels through pod status`);
        return;
      }
      case 'eviction': {
        if (a.operation !== 'CREATE') throw forbidden(a, `unexpected operation ${a.operation}`);
        const name = a.name || a.object?.metadata.name || '';
        if (!name) throw forbidden(a, 'could not determine pod from request data');
        const target = await access.pod(a.namespace, name);
        if (!target) throw statusErrors.notFound({ group: '', resource: 'pods' }, name);
        if (nodeNameOf(target) !== node) throw forbidden(a, `node ${node} can only evict pods with spec.nodeName set to itself`);
        return;
      }
      default:
        throw forbidden(a, `unexpected pod subresource "${a.subresource}", only 'status' and 'eviction' are allowed`);
    }
  }

  function nodeObject(node: string, a: AdmissionAttributes): void {
    if (a.name !== node) throw forbidden(a, `node "${node}" is not allowed to modify node "${a.name}"`);
    const spec = (o: KubeObject | undefined) => (o?.spec ?? {}) as { configSource?: unknown; taints?: unknown[] };
    if (a.operation === 'CREATE') {
      if (spec(a.object).configSource) throw forbidden(a, `node "${node}" is not allowed to create pods with a non-nil configSource`);
      const bad = forbiddenLabels(modifiedLabels(a.object?.metadata.labels, undefined));
      if (bad.length) throw forbidden(a, `node "${node}" is not allowed to set the following labels: ${bad.join(', ')}`);
    }
    if (a.operation === 'UPDATE') {
      const cur = spec(a.object);
      const old = spec(a.oldObject);
      if (cur.configSource && !deepEqual(cur.configSource, old.configSource)) throw forbidden(a, `node "${node}" is not allowed to update configSource to a new non-nil configSource`);
      if (!deepEqual(cur.taints?.length ? cur.taints : [], old.taints?.length ? old.taints : [])) throw forbidden(a, `node "${node}" is not allowed to modify taints`);
      const bad = forbiddenLabels(modifiedLabels(a.object?.metadata.labels, a.oldObject?.metadata.labels));
      if (bad.length) throw forbidden(a, `is not allowed to modify labels: ${bad.join(', ')}`);
    }
  }

  function claimStatus(node: string, a: AdmissionAttributes): void {
    if (a.subresource !== 'status') throw forbidden(a, 'may only update PVC status');
    if (a.operation !== 'UPDATE') throw forbidden(a, `unexpected operation "${a.operation}"`);
    // Only status.capacity, status.conditions and the expansion-recovery fields may change.
    const strip = (o: KubeObject | undefined) => {
      const { resourceVersion: _rv, managedFields: _mf, ...meta } = o?.metadata ?? {};
      const { capacity: _c, conditions: _k, allocatedResources: _ar, allocatedResourceStatuses: _ars, ...status } = (o?.status ?? {}) as Record<string, unknown>;
      return { ...o, metadata: meta, status };
    };
    if (!deepEqual(strip(a.oldObject), strip(a.object))) throw forbidden(a, `node "${node}" is not allowed to update fields other than status.capacity and status.conditions`);
  }

  async function token(node: string, a: AdmissionAttributes): Promise<void> {
    if (a.operation !== 'CREATE' || a.subresource !== 'token') return;
    const ref = ((a.object?.spec ?? {}) as { boundObjectRef?: { apiVersion?: string; kind?: string; name?: string; uid?: string } }).boundObjectRef;
    if (!ref || ref.apiVersion !== 'v1' || ref.kind !== 'Pod' || !ref.name) throw forbidden(a, 'node requested token not bound to a pod');
    if (!ref.uid) throw forbidden(a, 'node requested token with a pod binding without a uid');
    const target = await access.pod(a.namespace, ref.name);
    if (!target) throw statusErrors.notFound({ group: '', resource: 'pods' }, ref.name);
    if (ref.uid !== target.metadata.uid)
      throw forbidden(a, `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
    if (nodeNameOf(target) !== node) throw forbidden(a, 'node requested token bound to a pod scheduled on a different node');
  }

  function ownName(node: string, a: AdmissionAttributes, what: string): void {
    const name = a.operation === 'CREATE' ? (a.object?.metadata.name ?? '') : a.name;
    if (name !== node) throw forbidden(a, `can only access ${what} with the same name as the requesting node`);
  }

  async function check(a: AdmissionAttributes): Promise<void> {
    const node = nodeIdentity(a.user);
    if (node === undefined) return;
    if (!node) throw forbidden(a, `could not determine node from user "${a.user.username}"`);
    switch (`${a.def.plural}.${a.def.group}`) {
      case 'pods.':
        return pod(node, a);
      case 'nodes.':
        return nodeObject(node, a);
      case 'persistentvolumeclaims.':
        return claimStatus(node, a);
      case 'serviceaccounts.':
        return token(node, a);
      case 'leases.coordination.k8s.io':
        if (a.namespace !== NODE_LEASE_NAMESPACE) throw forbidden(a, `can only access leases in the "${NODE_LEASE_NAMESPACE}" system namespace`);
        return ownName(node, a, 'node lease');
      case 'csinodes.storage.k8s.io':
        return ownName(node, a, 'CSINode');
      default:
        return;
    }
  }

  return {
    name: 'NodeRestriction',
    // Upstream checks in its mutating phase (before object validation); kts's stores run only the
    // validating phase on delete, so deletes are checked there.
    admit: (a) => (a.operation === 'DELETE' ? undefined : check(a)),
    validate: (a) => (a.operation === 'DELETE' ? check(a) : undefined),
  };
}
