// Go structs that core/v1 embeds: JSON inlines their fields into the outer object, while protobuf carries
// them as one nested message field of the outer message. The schema lists such inlined fields on the outer
// type without protobuf numbers (see `inlined`); this table tells the protobuf codec where they travel.

import type { FieldDef, TypeExpr } from '../../dsl.js';

type Extra = Omit<FieldDef, 'proto' | 'type' | 'description'>;

/** A field that JSON inlines from an embedded struct: present in JSON, nested in an embedded message in protobuf. */
export function inlined(type: TypeExpr, description?: string, extra: Extra = {}): FieldDef {
  return { type, ...(description ? { description } : {}), ...extra };
}

/** Fields as JSON inlines them from an embedded message: without protobuf numbers, with per-field overrides. */
export function inlinedFields(fields: Record<string, FieldDef>, overrides: Record<string, Partial<FieldDef>> = {}): Record<string, FieldDef> {
  const out: Record<string, FieldDef> = {};
  for (const [name, { proto: _proto, ...rest }] of Object.entries(fields)) out[name] = { ...rest, ...overrides[name] };
  return out;
}

export interface ProtoEmbedded {
  /** Field number of the embedded message in the outer message. */
  proto: number;
  /** The field's name in generated.proto (not a JSON name). */
  name: string;
  /** Type of the embedded message; its fields appear inline in the outer JSON object. */
  type: string;
}

/**
 * For each core/v1 type: the embedded messages of its protobuf form. Decoding reads the nested message and
 * merges its fields into the outer object; encoding moves the inlined fields back into it.
 */
export const coreProtoEmbedded: Record<string, ProtoEmbedded[]> = {
  'core.v1.Volume': [{ proto: 2, name: 'volumeSource', type: 'core.v1.VolumeSource' }],
  'core.v1.PersistentVolumeSpec': [{ proto: 2, name: 'persistentVolumeSource', type: 'core.v1.PersistentVolumeSource' }],
  'core.v1.Probe': [{ proto: 1, name: 'handler', type: 'core.v1.ProbeHandler' }],
  'core.v1.EphemeralContainer': [{ proto: 1, name: 'ephemeralContainerCommon', type: 'core.v1.EphemeralContainerCommon' }],
  'core.v1.ConfigMapEnvSource': [{ proto: 1, name: 'localObjectReference', type: 'core.v1.LocalObjectReference' }],
  'core.v1.ConfigMapKeySelector': [{ proto: 1, name: 'localObjectReference', type: 'core.v1.LocalObjectReference' }],
  'core.v1.ConfigMapProjection': [{ proto: 1, name: 'localObjectReference', type: 'core.v1.LocalObjectReference' }],
  'core.v1.ConfigMapVolumeSource': [{ proto: 1, name: 'localObjectReference', type: 'core.v1.LocalObjectReference' }],
  'core.v1.SecretEnvSource': [{ proto: 1, name: 'localObjectReference', type: 'core.v1.LocalObjectReference' }],
  'core.v1.SecretKeySelector': [{ proto: 1, name: 'localObjectReference', type: 'core.v1.LocalObjectReference' }],
  'core.v1.SecretProjection': [{ proto: 1, name: 'localObjectReference', type: 'core.v1.LocalObjectReference' }],
};

/**
 * Types that exist only as embedded protobuf messages. Upstream's OpenAPI has no definition for them
 * (their fields appear inline in the outer types), so OpenAPI output should leave them out.
 */
export const coreProtoOnlyTypes: ReadonlySet<string> = new Set([
  'core.v1.VolumeSource',
  'core.v1.PersistentVolumeSource',
  'core.v1.ProbeHandler',
  'core.v1.EphemeralContainerCommon',
]);
