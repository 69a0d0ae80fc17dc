// The Node authorizer (upstream plugin/pkg/auth/authorizer/node, --authorization-mode=Node,RBAC):
// a kubelet, user system:node:<name> in group system:nodes, may read the secrets, configmaps,
// claims and volumes of the pods bound to its node, ask for tokens of their service accounts, touch
// only its own Lease, CSINode and (with AuthorizeNodeWithSelectors, on since 1.32) read only its own
// Node and its own pods; everything else it may do is the system:node ClusterRole's rules. It never
// denies: a request it does not allow falls through to RBAC, with its reason kept for the 403.

import type { KubeObject } from '../../../api/types.js';
import type { UserInfo } from '../../registry/strategy.js';
import { ruleAllows, type AuthzAttributes, type Decision, type PolicyRule } from '../authz.js';
import { nodeRules } from '../bootstrap-policy.js';
import type { NodeGraph } from './graph.js';
import { requiresEqual } from './selector.js';

/** Authorization attributes with the request's field selector (list and watch). */
export interface NodeAuthzAttributes extends AuthzAttributes {
  fieldSelector?: string;
}

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
const NODE_USER_PREFIX = 'system:node:';
const NODES_GROUP = 'system:nodes';

/**
 * The node a user acts for: the name after system:node: when the user is in system:nodes, '' for
 * such a user with no name, undefined for anyone else. Members of system:masters are not treated as
 * nodes (kts's in-process simulator runs every simulated node as system:node:sim in system:masters).
 */
export function nodeIdentity(user: UserInfo): string | undefined {
  if (!user.username.startsWith(NODE_USER_PREFIX) || !user.groups.includes(NODES_GROUP)) return undefined;
  if (user.groups.includes('system:masters')) return undefined;
  return user.username.slice(NODE_USER_PREFIX.length);
}

/** Where the authorizer looks relationships up: the pods index and the watch caches. */
export interface NodeLookups {
  graph: NodeGraph;
  persistentVolume(name: string): KubeObject | undefined;
  volumeAttachment?(name: string): KubeObject | undefined;
}

export interface NodeAuthorizerOptions {
  /** The static rules for what is not subdivided (default: the system:node ClusterRole's). */
  rules?: PolicyRule[];
  /** AuthorizeNodeWithSelectors (default on, as upstream since 1.32). */
  selectors?: boolean;
}

type Kind = 'secret' | 'configmap' | 'pvc' | 'pv' | 'volumeattachment' | 'serviceaccount' | 'pod';

const allow: Decision = { allowed: true, reason: '' };
const noOpinion = (reason = ''): Decision => ({ allowed: false, reason });

export class NodeAuthorizer {
  private readonly rules: PolicyRule[];
  private readonly selectors: boolean;

  constructor(
    private readonly src: NodeLookups,
    o: NodeAuthorizerOptions = {},
  ) {
    this.rules = o.rules ?? nodeRules;
    this.selectors = o.selectors ?? true;
  }

  authorize(a: NodeAuthzAttributes): Decision {
    const node = nodeIdentity(a.user);
    if (node === undefined) return noOpinion();
    if (!node) return noOpinion(`unknown node for user "${a.user.username}"`);
    if (a.resourceRequest) {
      const gr = `${a.resource}.${a.apiGroup}`;
      switch (gr) {
        case 'secrets.':
          return this.readNamespaced(node, 'secret', a);
        case 'configmaps.':
          return this.readNamespaced(node, 'configmap', a);
        case 'persistentvolumeclaims.':
          return a.subresource === 'status' ? this.statusUpdate(node, 'pvc', a) : this.get(node, 'pvc', a);
        case 'persistentvolumes.':
          return this.get(node, 'pv', a);
        case 'volumeattachments.storage.k8s.io':
          return this.get(node, 'volumeattachment', a);
        case 'serviceaccounts.':
          return this.createToken(node, a);
        case 'leases.coordination.k8s.io':
          return this.lease(node, a);
        case 'csinodes.storage.k8s.io':
          return this.csiNode(node, a);
        case 'nodes.':
          if (this.selectors) return this.nodeObject(node, a);
          break;
        case 'pods.':
          if (this.selectors) return this.pod(node, a);
          break;
      }
    }
    return this.rules.some((r) => ruleAllows(r, a)) ? allow : noOpinion();
  }

  /** Is there a path object → pod → node in the graph? */
  private related(node: string, kind: Kind, namespace: string, name: string): boolean {
    const g = this.src.graph;
    switch (kind) {
      case 'pod':
        return g.podNode(namespace, name) === node;
      case 'pv': {
        // pv → its claim (spec.claimRef) → a pod on the node
        const ref = (this.src.persistentVolume(name)?.spec as { claimRef?: { namespace?: string; name?: string } } | undefined)?.claimRef;
        return !!ref?.name && g.related(node, 'pvc', ref.namespace ?? '', ref.name);
      }
      case 'volumeattachment':
        return ((this.src.volumeAttachment?.(name)?.spec as { nodeName?: string } | undefined)?.nodeName ?? '') === node;
      default:
        return g.related(node, kind, namespace, name);
    }
  }

  private relationship(node: string, kind: Kind, a: AuthzAttributes): Decision {
    if (!a.name) return noOpinion('No Object name found');
    if (this.related(node, kind, a.namespace, a.name)) return allow;
    return noOpinion(`no relationship found between node '${node}' and this object`);
  }

  /** get, and list/watch of one object (metadata.name field selector), of a namespaced object. */
  private readNamespaced(node: string, kind: Kind, a: AuthzAttributes): Decision {
    if (a.verb !== 'get' && a.verb !== 'list' && a.verb !== 'watch') return noOpinion('can only read resources of this type');
    if (a.subresource) return noOpinion('cannot read subresource');
    if (!a.namespace) return noOpinion('can only read namespaced object of this type');
    return this.relationship(node, kind, a);
  }

  private get(node: string, kind: Kind, a: AuthzAttributes): Decision {
    if (a.verb !== 'get') return noOpinion('can only get individual resources of this type');
    if (a.subresource) return noOpinion('cannot get subresource');
    return this.relationship(node, kind, a);
  }

  private statusUpdate(node: string, kind: Kind, a: AuthzAttributes): Decision {
    if (a.verb !== 'update' && a.verb !== 'patch') return noOpinion('can only get/update/patch this type');
    if (a.subresource !== 'status') return noOpinion('can only update status subresource');
    return this.relationship(node, kind, a);
  }

  private createToken(node: string, a: AuthzAttributes): Decision {
    if (a.verb !== 'create' || !a.name) return noOpinion('can only create tokens for individual service accounts');
    if (a.subresource !== 'token') return noOpinion('can only create token subresource of serviceaccount');
    return this.relationship(node, 'serviceaccount', a);
  }

  private lease(node: string, a: AuthzAttributes): Decision {
    if (!['get', 'create', 'update', 'patch', 'delete'].includes(a.verb)) return noOpinion('can only get, create, update, patch, or delete a node lease');
    if (a.namespace !== NODE_LEASE_NAMESPACE) return noOpinion(`can only access leases in the "${NODE_LEASE_NAMESPACE}" system namespace`);
    // The name of a create is checked by NodeRestriction admission.
    if (a.verb !== 'create' && a.name !== node) return noOpinion('can only access node lease with the same name as the requesting node');
    return allow;
  }

  private csiNode(node: string, a: AuthzAttributes): Decision {
    if (!['get', 'create', 'update', 'patch', 'delete'].includes(a.verb)) return noOpinion('can only get, create, update, patch, or delete a CSINode');
    if (a.subresource) return noOpinion('cannot authorize CSINode subresources');
    if (a.verb !== 'create' && a.name !== node) return noOpinion('can only access CSINode with the same name as the requesting node');
    return allow;
  }

  /** Its own Node only (creating and updating it is limited by NodeRestriction admission). */
  private nodeObject(node: string, a: AuthzAttributes): Decision {
    if (a.subresource === '') {
      if (['create', 'update', 'patch'].includes(a.verb)) return allow;
      if (['get', 'list', 'watch'].includes(a.verb)) {
        if (a.name === node) return allow;
        if (!a.name) return noOpinion(`node '${node}' cannot read all nodes, only its own Node object`);
        return noOpinion(`node '${node}' cannot read '${a.name}', only its own Node object`);
      }
    } else if (a.subresource === 'status' && (a.verb === 'update' || a.verb === 'patch')) return allow;
    return noOpinion();
  }

  /** Pods bound to it: get one, list/watch with spec.nodeName=<node>; create/delete/status/eviction
   *  are limited to its own pods by NodeRestriction admission. */
  private pod(node: string, a: NodeAuthzAttributes): Decision {
    switch (a.subresource) {
      case '':
        if (a.verb === 'get') return this.get(node, 'pod', a);
        if (a.verb === 'list' || a.verb === 'watch') {
          if (requiresEqual(a.fieldSelector, 'spec.nodeName', node)) return allow;
          if (a.name) return this.relationship(node, 'pod', a);
          return noOpinion('can only list/watch pods with spec.nodeName field selector');
        }
        if (a.verb === 'create' || a.verb === 'delete') return allow;
        break;
      case 'status':
        if (a.verb === 'update' || a.verb === 'patch') return allow;
        break;
      case 'eviction':
        if (a.verb === 'create') return allow;
        break;
    }
    return noOpinion();
  }
}
