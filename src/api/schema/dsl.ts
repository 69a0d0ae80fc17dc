// The schema source: kts's own description of every API type it serves — field names, types, the
// protobuf field numbers of Kubernetes' wire format, and the patch/list/map semantics that strategic
// merge patch and server-side apply follow. From it kts derives OpenAPI v2/v3, the protobuf decoder,
// strict field validation and patch metadata. Written for kts; descriptions are kts's own words.

/** Built-in scalar and well-known types. */
export const PRIMITIVES = [
  'string',
  'int32',
  'int64',
  'double',
  'boolean',
  /** base64 in JSON, bytes in protobuf */
  'bytes',
  /** meta/v1 Time: RFC 3339 seconds in JSON; {seconds=1, nanos=2} in protobuf */
  'Time',
  /** meta/v1 MicroTime: RFC 3339 with microseconds */
  'MicroTime',
  /** meta/v1 Duration: "1h2m3s" in JSON; {duration=1 (ns)} in protobuf */
  'Duration',
  /** util/intstr IntOrString: a number or a string; {type=1, intVal=2, strVal=3} in protobuf */
  'IntOrString',
  /** api/resource Quantity: "100m", "1Gi"; {string=1} in protobuf */
  'Quantity',
  /** runtime RawExtension: any JSON object; {raw=1} in protobuf */
  'RawExtension',
  /** meta/v1 FieldsV1: a JSON object; {Raw=1} in protobuf */
  'FieldsV1',
  /** apiextensions JSON: any JSON value */
  'JSON',
] as const;
export type Primitive = (typeof PRIMITIVES)[number];

/** A type: a primitive, the id of a defined type ('core.v1.Container'), an array, or a string-keyed map. */
export type TypeExpr = string | { array: TypeExpr } | { map: TypeExpr };

export interface FieldDef {
  /** Field number in Kubernetes' generated.proto; absent for fields that are not in the protobuf message (apiVersion, kind). */
  proto?: number;
  /**
   * For fields of an embedded struct that JSON inlines but protobuf nests (Volume's VolumeSource,
   * IngressRule's IngressRuleValue): the field numbers from the enclosing message down, e.g. [2, 1].
   */
  protoPath?: number[];
  type: TypeExpr;
  description?: string;
  required?: boolean;
  patchStrategy?: 'merge' | 'retainKeys' | 'merge,retainKeys' | 'replace';
  patchMergeKey?: string;
  listType?: 'atomic' | 'set' | 'map';
  listMapKeys?: string[];
  mapType?: 'atomic' | 'granular';
  /** Allowed values of a string enum (for OpenAPI and validation). */
  enum?: string[];
  /** The value the API server defaults it to, for OpenAPI. */
  default?: unknown;
  /** int32/int64/double format override; 'byte' etc. are implied by the type. */
  format?: string;
}

export interface GVK {
  group: string;
  version: string;
  kind: string;
}

export interface TypeDef {
  /** 'core.v1.Pod', 'apps.v1.Deployment', 'meta.v1.ObjectMeta' … (package '.' name) */
  id: string;
  description?: string;
  fields: Record<string, FieldDef>;
  /** For top-level kinds: the group/version/kind it is served as. */
  gvk?: GVK[];
  /** 'atomic': replaced as a whole by apply/SMP. */
  structType?: 'atomic' | 'granular';
}

type Extra = Omit<FieldDef, 'proto' | 'type' | 'description'>;

/** A field with a protobuf number: f(1, 'string', 'What it is.', { required: true }). */
export function f(proto: number, type: TypeExpr, description?: string, extra: Extra = {}): FieldDef {
  return { proto, type, ...(description ? { description } : {}), ...extra };
}

export const arr = (t: TypeExpr): TypeExpr => ({ array: t });
export const map = (t: TypeExpr): TypeExpr => ({ map: t });

/** apiVersion and kind: present in JSON, carried by the envelope (not the message) in protobuf. */
export function typeMeta(): Record<string, FieldDef> {
  return {
    apiVersion: { type: 'string', description: 'The versioned schema of this representation of an object.' },
    kind: { type: 'string', description: 'The REST resource this object represents.' },
  };
}

/** A list kind: { apiVersion, kind, metadata: ListMeta (1), items (2) }. */
export function listOf(itemId: string, gvk: GVK, description?: string): TypeDef {
  return {
    id: `${itemId}List`,
    description: description ?? `A list of ${gvk.kind.replace(/List$/, '')} objects.`,
    gvk: [gvk],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ListMeta', 'Standard list metadata.'),
      items: f(2, arr(itemId), 'The list of objects.', { required: true }),
    },
  };
}

/** Packages of type ids → OpenAPI definition prefix and protobuf package. */
export const PACKAGES: Record<string, { openapi: string; proto: string }> = {
  'meta.v1': { openapi: 'io.k8s.apimachinery.pkg.apis.meta.v1', proto: 'k8s.io.apimachinery.pkg.apis.meta.v1' },
  'core.v1': { openapi: 'io.k8s.api.core.v1', proto: 'k8s.io.api.core.v1' },
  'apps.v1': { openapi: 'io.k8s.api.apps.v1', proto: 'k8s.io.api.apps.v1' },
  'batch.v1': { openapi: 'io.k8s.api.batch.v1', proto: 'k8s.io.api.batch.v1' },
  'autoscaling.v1': { openapi: 'io.k8s.api.autoscaling.v1', proto: 'k8s.io.api.autoscaling.v1' },
  'autoscaling.v2': { openapi: 'io.k8s.api.autoscaling.v2', proto: 'k8s.io.api.autoscaling.v2' },
  'coordination.v1': { openapi: 'io.k8s.api.coordination.v1', proto: 'k8s.io.api.coordination.v1' },
  'discovery.v1': { openapi: 'io.k8s.api.discovery.v1', proto: 'k8s.io.api.discovery.v1' },
  'events.v1': { openapi: 'io.k8s.api.events.v1', proto: 'k8s.io.api.events.v1' },
  'rbac.v1': { openapi: 'io.k8s.api.rbac.v1', proto: 'k8s.io.api.rbac.v1' },
  'storage.v1': { openapi: 'io.k8s.api.storage.v1', proto: 'k8s.io.api.storage.v1' },
  'certificates.v1': { openapi: 'io.k8s.api.certificates.v1', proto: 'k8s.io.api.certificates.v1' },
  'policy.v1': { openapi: 'io.k8s.api.policy.v1', proto: 'k8s.io.api.policy.v1' },
  'networking.v1': { openapi: 'io.k8s.api.networking.v1', proto: 'k8s.io.api.networking.v1' },
  'scheduling.v1': { openapi: 'io.k8s.api.scheduling.v1', proto: 'k8s.io.api.scheduling.v1' },
  'authentication.v1': { openapi: 'io.k8s.api.authentication.v1', proto: 'k8s.io.api.authentication.v1' },
  'authorization.v1': { openapi: 'io.k8s.api.authorization.v1', proto: 'k8s.io.api.authorization.v1' },
  'apiextensions.v1': {
    openapi: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1',
    proto: 'k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1',
  },
  'metrics.v1beta1': { openapi: 'io.k8s.metrics.pkg.apis.metrics.v1beta1', proto: 'k8s.io.metrics.pkg.apis.metrics.v1beta1' },
};

/** 'apps.v1.Deployment' → { pkg: 'apps.v1', name: 'Deployment' } */
export function splitId(id: string): { pkg: string; name: string } {
  const i = id.lastIndexOf('.');
  return { pkg: id.slice(0, i), name: id.slice(i + 1) };
}

export function openapiName(id: string): string {
  const { pkg, name } = splitId(id);
  const p = PACKAGES[pkg];
  if (!p) throw new Error(`unknown schema package ${pkg} (type ${id})`);
  return `${p.openapi}.${name}`;
}

export function isPrimitive(t: TypeExpr): t is Primitive {
  return typeof t === 'string' && (PRIMITIVES as readonly string[]).includes(t);
}
