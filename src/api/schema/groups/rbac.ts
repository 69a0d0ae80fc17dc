import { arr, f, listOf, typeMeta, type TypeDef } from '../dsl.js';

// rbac.authorization.k8s.io/v1: roles, cluster roles and the bindings that grant them.

export const rbacTypes: TypeDef[] = [
  {
    id: 'rbac.v1.PolicyRule',
    description: 'Actions allowed on a set of resources or non-resource URLs.',
    fields: {
      verbs: f(1, arr('string'), 'Verbs allowed; * means all.', { required: true, listType: 'atomic' }),
      apiGroups: f(2, arr('string'), 'API groups of the resources; "" is the core group and * means all.', { listType: 'atomic' }),
      resources: f(3, arr('string'), 'Resources the rule applies to; * means all.', { listType: 'atomic' }),
      resourceNames: f(4, arr('string'), 'Object names the rule is limited to; empty means all.', { listType: 'atomic' }),
      nonResourceURLs: f(5, arr('string'), 'URL paths the rule applies to, with * allowed only as the final segment; ClusterRoles only.', {
        listType: 'atomic',
      }),
    },
  },
  {
    id: 'rbac.v1.Subject',
    description: 'A user, group or service account a binding grants a role to.',
    structType: 'atomic',
    fields: {
      kind: f(1, 'string', 'User, Group or ServiceAccount.', { required: true }),
      apiGroup: f(2, 'string', 'API group of the subject: "" for ServiceAccount, rbac.authorization.k8s.io for User and Group.'),
      name: f(3, 'string', 'Name of the subject.', { required: true }),
      namespace: f(4, 'string', 'Namespace of a ServiceAccount subject; must be empty for users and groups.'),
    },
  },
  {
    id: 'rbac.v1.RoleRef',
    description: 'The role a binding grants.',
    structType: 'atomic',
    fields: {
      apiGroup: f(1, 'string', 'API group of the role.', { required: true }),
      kind: f(2, 'string', 'Role or ClusterRole.', { required: true }),
      name: f(3, 'string', 'Name of the role.', { required: true }),
    },
  },
  {
    id: 'rbac.v1.Role',
    description: 'Namespaced set of rules that a RoleBinding can grant.',
    gvk: [{ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      rules: f(2, arr('rbac.v1.PolicyRule'), 'The permissions the role grants.', { listType: 'atomic' }),
    },
  },
  {
    id: 'rbac.v1.RoleBinding',
    description: 'Grants a Role, or a ClusterRole within one namespace, to subjects.',
    gvk: [{ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      subjects: f(2, arr('rbac.v1.Subject'), 'Who the role is granted to.', { listType: 'atomic' }),
      roleRef: f(3, 'rbac.v1.RoleRef', 'The Role in this namespace or the ClusterRole to grant; immutable.', { required: true }),
    },
  },
  listOf('rbac.v1.RoleBinding', { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBindingList' }),
  listOf('rbac.v1.Role', { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleList' }),
  {
    id: 'rbac.v1.ClusterRole',
    description: 'Cluster-wide set of rules that a RoleBinding or ClusterRoleBinding can grant.',
    gvk: [{ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      rules: f(2, arr('rbac.v1.PolicyRule'), 'The permissions the role grants.', { listType: 'atomic' }),
      aggregationRule: f(3, 'rbac.v1.AggregationRule', 'When set, rules are filled in by the controller from the ClusterRoles it selects.'),
    },
  },
  {
    id: 'rbac.v1.AggregationRule',
    description: 'Selects ClusterRoles whose rules are combined into another ClusterRole.',
    fields: {
      clusterRoleSelectors: f(1, arr('meta.v1.LabelSelector'), 'ClusterRoles matching any of these selectors contribute their rules.', {
        listType: 'atomic',
      }),
    },
  },
  {
    id: 'rbac.v1.ClusterRoleBinding',
    description: 'Grants a ClusterRole to subjects across the whole cluster.',
    gvk: [{ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      subjects: f(2, arr('rbac.v1.Subject'), 'Who the role is granted to.', { listType: 'atomic' }),
      roleRef: f(3, 'rbac.v1.RoleRef', 'The ClusterRole to grant; immutable.', { required: true }),
    },
  },
  listOf('rbac.v1.ClusterRoleBinding', { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBindingList' }),
  listOf('rbac.v1.ClusterRole', { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleList' }),
];
