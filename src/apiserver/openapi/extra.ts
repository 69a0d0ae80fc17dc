// Definitions the OpenAPI documents need that the schema source does not describe as objects: the
// well-known scalar-like types (Time, Quantity, IntOrString …), and the discovery, patch and watch
// types that operations refer to. Descriptions are kts's own words.

import type { TypeDef } from '../../api/schema/index.js';

export type Flavor = 'v2' | 'v3';
export type JsonSchema = { [key: string]: unknown };

export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

/** Definition names of the primitives that upstream publishes as named definitions. */
export const PRIMITIVE_DEFINITION: Record<string, string> = {
  Time: `${META}.Time`,
  MicroTime: `${META}.MicroTime`,
  FieldsV1: `${META}.FieldsV1`,
  Quantity: 'io.k8s.apimachinery.pkg.api.resource.Quantity',
  IntOrString: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  RawExtension: 'io.k8s.apimachinery.pkg.runtime.RawExtension',
  JSON: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON',
};

/** Fixed definitions by name, in the given flavour. */
export function fixedDefinition(name: string, flavor: Flavor): JsonSchema | undefined {
  switch (name) {
    case `${META}.Time`:
      return { type: 'string', format: 'date-time', description: 'A point in time, serialized as an RFC 3339 string in UTC with whole seconds.' };
    case `${META}.MicroTime`:
      return { type: 'string', format: 'date-time', description: 'A point in time with microsecond precision, serialized as an RFC 3339 string in UTC.' };
    case `${META}.FieldsV1`:
      return { type: 'object', description: 'A set of fields as a trie in JSON: keys are "f:<field>", "k:<keys>", "v:<value>", "i:<index>" or ".".' };
    case `${META}.Patch`:
      return { type: 'object', description: 'The body of a PATCH request, interpreted according to its content type.' };
    case PRIMITIVE_DEFINITION.Quantity:
      return flavor === 'v3'
        ? { description: QUANTITY_DOC, oneOf: [{ type: 'string' }, { type: 'number' }] }
        : { type: 'string', description: QUANTITY_DOC };
    case PRIMITIVE_DEFINITION.IntOrString:
      return flavor === 'v3'
        ? { description: INT_OR_STRING_DOC, format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] }
        : { type: 'string', format: 'int-or-string', description: INT_OR_STRING_DOC };
    case PRIMITIVE_DEFINITION.RawExtension:
      return { type: 'object', description: 'An embedded object of any kind, carried as its JSON.' };
    case PRIMITIVE_DEFINITION.JSON:
      return { description: 'Any JSON value.' };
    default:
      return undefined;
  }
}

const QUANTITY_DOC =
  'A fixed-point number with an optional suffix: a binary SI suffix (Ki, Mi, Gi, Ti, Pi, Ei), a decimal SI suffix (m, k, M, G, T, P, E) or a decimal exponent (e3). Serialized in canonical form, such as "500m", "1Gi" or "2".';
const INT_OR_STRING_DOC = 'An integer or a string; JSON carries whichever it holds, such as a port number or a port name.';

/** Union descriptions upstream attaches to a few types (x-kubernetes-unions), by schema type id. */
export const UNIONS: Record<string, unknown[]> = {
  'core.v1.SeccompProfile': [{ discriminator: 'type', 'fields-to-discriminateBy': { localhostProfile: 'LocalhostProfile' } }],
  'core.v1.AppArmorProfile': [{ discriminator: 'type', 'fields-to-discriminateBy': { localhostProfile: 'LocalhostProfile' } }],
};

/** Object types that operations refer to, described like schema types. Ids live in the 'meta.v1' package. */
export const EXTRA_TYPES: TypeDef[] = [
  {
    id: 'meta.v1.APIResource',
    description: 'A resource served in a group and version, and whether it is namespaced.',
    fields: {
      name: { type: 'string', required: true, default: '', description: 'The plural name of the resource.' },
      singularName: { type: 'string', required: true, default: '', description: 'The singular name of the resource.' },
      namespaced: { type: 'boolean', required: true, default: false, description: 'Whether objects of the resource live in namespaces.' },
      group: { type: 'string', description: 'The group of the kind, when it differs from the list (subresources such as scale).' },
      version: { type: 'string', description: 'The version of the kind, when it differs from the list.' },
      kind: { type: 'string', required: true, default: '', description: 'The kind of the resource.' },
      verbs: { type: { array: 'string' }, required: true, description: 'The verbs the resource supports.' },
      shortNames: { type: { array: 'string' }, listType: 'atomic', description: 'Short names kubectl accepts for the resource.' },
      categories: { type: { array: 'string' }, listType: 'atomic', description: 'Groups of resources this one belongs to, such as "all".' },
      storageVersionHash: { type: 'string', description: 'An opaque hash of the storage version.' },
    },
  },
  {
    id: 'meta.v1.APIResourceList',
    description: 'The resources served in one group and version.',
    gvk: [{ group: '', version: 'v1', kind: 'APIResourceList' }],
    fields: {
      apiVersion: { type: 'string', description: 'The versioned schema of this representation of an object.' },
      kind: { type: 'string', description: 'The REST resource this object represents.' },
      groupVersion: { type: 'string', required: true, default: '', description: 'The group and version listed.' },
      resources: { type: { array: 'meta.v1.APIResource' }, required: true, listType: 'atomic', description: 'The resources served.' },
    },
  },
  {
    id: 'meta.v1.WatchEvent',
    description: 'One change to a watched resource.',
    gvk: [{ group: '', version: 'v1', kind: 'WatchEvent' }],
    fields: {
      type: { type: 'string', required: true, default: '', description: 'ADDED, MODIFIED, DELETED, BOOKMARK or ERROR.' },
      object: { type: 'RawExtension', required: true, description: 'The object after the change; for DELETED, its last state; for ERROR, a Status.' },
    },
  },
];
