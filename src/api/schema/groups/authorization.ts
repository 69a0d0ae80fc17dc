import { arr, f, map, typeMeta, type TypeDef } from '../dsl.js';

// authorization.k8s.io/v1: access reviews and rules reviews, all create-only.

export const authorizationTypes: TypeDef[] = [
  {
    id: 'authorization.v1.SubjectAccessReview',
    description: 'Asks whether a user or group may perform an action.',
    gvk: [{ group: 'authorization.k8s.io', version: 'v1', kind: 'SubjectAccessReview' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      spec: f(2, 'authorization.v1.SubjectAccessReviewSpec', 'The action and the user to check.', { required: true }),
      status: f(3, 'authorization.v1.SubjectAccessReviewStatus', 'The answer, filled in by the server.'),
    },
  },
  {
    id: 'authorization.v1.SelfSubjectAccessReview',
    description: 'Asks whether the requesting user may perform an action.',
    gvk: [{ group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      spec: f(2, 'authorization.v1.SelfSubjectAccessReviewSpec', 'The action to check; user and groups must be empty.', { required: true }),
      status: f(3, 'authorization.v1.SubjectAccessReviewStatus', 'The answer, filled in by the server.'),
    },
  },
  {
    id: 'authorization.v1.LocalSubjectAccessReview',
    description: 'Asks whether a user or group may perform an action in one namespace.',
    gvk: [{ group: 'authorization.k8s.io', version: 'v1', kind: 'LocalSubjectAccessReview' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      spec: f(2, 'authorization.v1.SubjectAccessReviewSpec', "The action and the user to check; its namespace must match the request's.", {
        required: true,
      }),
      status: f(3, 'authorization.v1.SubjectAccessReviewStatus', 'The answer, filled in by the server.'),
    },
  },
  {
    id: 'authorization.v1.ResourceAttributes',
    description: 'A request on a resource, as the authorizer sees it.',
    fields: {
      namespace: f(1, 'string', 'Namespace of the action; empty means every namespace for namespaced resources and none for cluster-scoped ones.'),
      verb: f(2, 'string', 'get, list, watch, create, update, delete, proxy …; * means all.'),
      group: f(3, 'string', 'API group of the resource; * means all.'),
      version: f(4, 'string', 'API version of the resource; * means all.'),
      resource: f(5, 'string', 'The resource type; * means all.'),
      subresource: f(6, 'string', 'The subresource; empty means none.'),
      name: f(7, 'string', 'Name of the object; empty means all.'),
      fieldSelector: f(8, 'authorization.v1.FieldSelectorAttributes', 'A field selector that limits the access asked for.'),
      labelSelector: f(9, 'authorization.v1.LabelSelectorAttributes', 'A label selector that limits the access asked for.'),
    },
  },
  {
    id: 'authorization.v1.LabelSelectorAttributes',
    description: 'A label selector limiting access; set rawSelector or requirements, not both.',
    fields: {
      rawSelector: f(1, 'string', 'The selector as it appears in a query parameter.'),
      requirements: f(2, arr('meta.v1.LabelSelectorRequirement'), 'The parsed selector; all must hold.', { listType: 'atomic' }),
    },
  },
  {
    id: 'authorization.v1.FieldSelectorAttributes',
    description: 'A field selector limiting access; set rawSelector or requirements, not both.',
    fields: {
      rawSelector: f(1, 'string', 'The selector as it appears in a query parameter.'),
      requirements: f(2, arr('meta.v1.FieldSelectorRequirement'), 'The parsed selector; all must hold.', { listType: 'atomic' }),
    },
  },
  {
    id: 'authorization.v1.NonResourceAttributes',
    description: 'A request on a non-resource URL, as the authorizer sees it.',
    fields: {
      path: f(1, 'string', 'The URL path.'),
      verb: f(2, 'string', 'The HTTP verb, lower case.'),
    },
  },
  {
    id: 'authorization.v1.SubjectAccessReviewSpec',
    description: 'An action and the user to check; set exactly one of resourceAttributes and nonResourceAttributes.',
    fields: {
      resourceAttributes: f(1, 'authorization.v1.ResourceAttributes', 'The action on a resource.'),
      nonResourceAttributes: f(2, 'authorization.v1.NonResourceAttributes', 'The action on a non-resource URL.'),
      user: f(3, 'string', 'The user to check; without groups, the user is taken to belong to none.'),
      groups: f(4, arr('string'), 'The groups to check.', { listType: 'atomic' }),
      extra: f(5, map(arr('string')), 'Extra attributes of the user, as an authenticator would give them.'),
      uid: f(6, 'string', 'UID of the user.'),
    },
  },
  {
    id: 'authorization.v1.ExtraValue',
    description: 'A list of strings, the value type of user extra attributes in protobuf.',
    fields: {
      items: f(1, arr('string'), 'The values.'),
    },
  },
  {
    id: 'authorization.v1.SelfSubjectAccessReviewSpec',
    description: 'An action to check for the requesting user; set exactly one field.',
    fields: {
      resourceAttributes: f(1, 'authorization.v1.ResourceAttributes', 'The action on a resource.'),
      nonResourceAttributes: f(2, 'authorization.v1.NonResourceAttributes', 'The action on a non-resource URL.'),
    },
  },
  {
    id: 'authorization.v1.SubjectAccessReviewStatus',
    description: 'The answer to an access review.',
    fields: {
      allowed: f(1, 'boolean', 'The action would be allowed.', { required: true }),
      denied: f(4, 'boolean', 'The action would be denied; when neither allowed nor denied, no authorizer had an opinion.'),
      reason: f(2, 'string', 'Why the action was allowed or denied.'),
      evaluationError: f(3, 'string', 'An error during the check; the answer may still be usable.'),
    },
  },
  {
    id: 'authorization.v1.SelfSubjectRulesReview',
    description: 'Lists the actions the requesting user may perform in a namespace; may be incomplete.',
    gvk: [{ group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectRulesReview' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      spec: f(2, 'authorization.v1.SelfSubjectRulesReviewSpec', 'The namespace to check.', { required: true }),
      status: f(3, 'authorization.v1.SubjectRulesReviewStatus', 'The rules, filled in by the server.'),
    },
  },
  {
    id: 'authorization.v1.SelfSubjectRulesReviewSpec',
    description: 'The namespace to list rules for.',
    fields: {
      namespace: f(1, 'string', 'The namespace to evaluate rules in.'),
    },
  },
  {
    id: 'authorization.v1.SubjectRulesReviewStatus',
    description: 'The rules a user has; may be incomplete when an authorizer cannot list rules.',
    fields: {
      resourceRules: f(1, arr('authorization.v1.ResourceRule'), 'Allowed actions on resources; unordered and possibly with duplicates.', {
        required: true,
        listType: 'atomic',
      }),
      nonResourceRules: f(2, arr('authorization.v1.NonResourceRule'), 'Allowed actions on non-resource URLs; unordered and possibly with duplicates.', {
        required: true,
        listType: 'atomic',
      }),
      incomplete: f(3, 'boolean', 'Some authorizer could not list its rules, so the lists may be missing some.', { required: true }),
      evaluationError: f(4, 'string', 'An error while listing rules; the lists may still be usable.'),
    },
  },
  {
    id: 'authorization.v1.ResourceRule',
    description: 'Actions allowed on resources.',
    fields: {
      verbs: f(1, arr('string'), 'Allowed verbs; * means all.', { required: true, listType: 'atomic' }),
      apiGroups: f(2, arr('string'), 'API groups of the resources; * means all.', { listType: 'atomic' }),
      resources: f(3, arr('string'), 'Resources the rule covers; * means all and */foo means subresource foo of all.', {
        listType: 'atomic',
      }),
      resourceNames: f(4, arr('string'), 'Object names the rule is limited to; empty means all, * means all.', { listType: 'atomic' }),
    },
  },
  {
    id: 'authorization.v1.NonResourceRule',
    description: 'Actions allowed on non-resource URLs.',
    fields: {
      verbs: f(1, arr('string'), 'Allowed verbs, such as get or post; * means all.', { required: true, listType: 'atomic' }),
      nonResourceURLs: f(2, arr('string'), 'URL paths the rule covers, with * allowed as the final segment.', { listType: 'atomic' }),
    },
  },
  // meta/v1 FieldSelectorRequirement is not in meta.ts yet; it belongs there and should move when meta.ts gains it.
  {
    id: 'meta.v1.FieldSelectorRequirement',
    description: 'A field key, an operator and values.',
    fields: {
      key: f(1, 'string', 'The field the requirement applies to.', { required: true }),
      operator: f(2, 'string', 'In, NotIn, Exists or DoesNotExist.', { required: true }),
      values: f(3, arr('string'), 'Values for In and NotIn; empty for Exists and DoesNotExist.', { listType: 'atomic' }),
    },
  },
];
