import { arr, f, map, typeMeta, type TypeDef } from '../dsl.js';

// authentication.k8s.io/v1: TokenReview, TokenRequest and SelfSubjectReview, all create-only.

export const authenticationTypes: TypeDef[] = [
  {
    id: 'authentication.v1.TokenReview',
    description: 'Asks the server to authenticate a token and say which user it belongs to.',
    gvk: [{ group: 'authentication.k8s.io', version: 'v1', kind: 'TokenReview' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      spec: f(2, 'authentication.v1.TokenReviewSpec', 'The token to check.', { required: true }),
      status: f(3, 'authentication.v1.TokenReviewStatus', 'The result, filled in by the server.'),
    },
  },
  {
    id: 'authentication.v1.TokenReviewSpec',
    description: 'A token to authenticate.',
    fields: {
      token: f(1, 'string', 'The bearer token.'),
      audiences: f(2, arr('string'), "Audiences the token must be valid for; the API server's own when empty.", { listType: 'atomic' }),
    },
  },
  {
    id: 'authentication.v1.TokenReviewStatus',
    description: 'The result of authenticating a token.',
    fields: {
      authenticated: f(1, 'boolean', 'The token belongs to a known user.'),
      user: f(2, 'authentication.v1.UserInfo', 'The user the token belongs to.'),
      audiences: f(4, arr('string'), 'Audiences the token is valid for, among those requested.', { listType: 'atomic' }),
      error: f(3, 'string', 'Why the token could not be checked.'),
    },
  },
  {
    id: 'authentication.v1.UserInfo',
    description: "An authenticated user's name, UID, groups and extra attributes.",
    fields: {
      username: f(1, 'string', 'Name that identifies the user among active users.'),
      uid: f(2, 'string', 'Identifies the user across time, even if the name is reused.'),
      groups: f(3, arr('string'), 'Groups the user belongs to.', { listType: 'atomic' }),
      extra: f(4, map(arr('string')), 'Extra attributes from the authenticator.'),
    },
  },
  {
    id: 'authentication.v1.ExtraValue',
    description: 'A list of strings, the value type of user extra attributes in protobuf.',
    fields: {
      items: f(1, arr('string'), 'The values.'),
    },
  },
  {
    id: 'authentication.v1.TokenRequest',
    description: "Asks for a token for a service account; posted to the account's token subresource.",
    gvk: [{ group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      spec: f(2, 'authentication.v1.TokenRequestSpec', 'The token wanted.', { required: true }),
      status: f(3, 'authentication.v1.TokenRequestStatus', 'The issued token.'),
    },
  },
  {
    id: 'authentication.v1.TokenRequestSpec',
    description: 'The token wanted.',
    fields: {
      audiences: f(1, arr('string'), "Audiences the token should be valid for; the API server's when empty.", {
        required: true,
        listType: 'atomic',
      }),
      expirationSeconds: f(4, 'int64', 'Requested lifetime in seconds; the issuer may choose another.'),
      boundObjectRef: f(3, 'authentication.v1.BoundObjectReference', 'An object whose deletion makes the token invalid.'),
    },
  },
  {
    id: 'authentication.v1.TokenRequestStatus',
    description: 'An issued token.',
    fields: {
      token: f(1, 'string', 'The bearer token.', { required: true }),
      expirationTimestamp: f(2, 'Time', 'When the token expires.', { required: true }),
    },
  },
  {
    id: 'authentication.v1.BoundObjectReference',
    description: 'An object a token is bound to.',
    fields: {
      kind: f(1, 'string', 'Kind of the object, such as Pod or Secret.'),
      apiVersion: f(2, 'string', 'API version of the object.'),
      name: f(3, 'string', 'Name of the object.'),
      uid: f(4, 'string', 'UID of the object.'),
    },
  },
  {
    id: 'authentication.v1.SelfSubjectReview',
    description: 'Returns what the server knows about the user making the request.',
    gvk: [{ group: 'authentication.k8s.io', version: 'v1', kind: 'SelfSubjectReview' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      status: f(2, 'authentication.v1.SelfSubjectReviewStatus', "The user's attributes, filled in by the server."),
    },
  },
  {
    id: 'authentication.v1.SelfSubjectReviewStatus',
    description: 'The attributes of the requesting user.',
    fields: {
      userInfo: f(1, 'authentication.v1.UserInfo', 'The user, as the server sees it.'),
    },
  },
];
