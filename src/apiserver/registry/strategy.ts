// What differs between resources in the generic store (upstream's RESTCreateStrategy,
// RESTUpdateStrategy, RESTDeleteStrategy and friends), as one options object per resource.

import type { ResourceDef } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export interface FieldErr {
  /** Upstream's ErrorType name: FieldValueRequired, FieldValueInvalid … */
  type: string;
  /** Path like spec.containers[0].image */
  field: string;
  /** The message after "<field>: " */
  message: string;
}

/** What a strategy may need to know about the request. */
export interface RequestContext {
  user: UserInfo;
  namespace: string;
  subresource: string;
  dryRun: boolean;
  now: Date;
}

export interface Strategy {
  /** Sets the defaults of the kind (after decoding, before admission). */
  defaults?(obj: KubeObject): void;
  /** Clears what a client may not set on create (e.g. status), sets initial state. */
  prepareForCreate?(obj: KubeObject, ctx: RequestContext): void;
  /** Carries over what the client may not change with this update (status on the main resource, spec on status). */
  prepareForUpdate?(obj: KubeObject, old: KubeObject, ctx: RequestContext): void;
  validate?(obj: KubeObject, ctx: RequestContext): FieldErr[];
  validateUpdate?(obj: KubeObject, old: KubeObject, ctx: RequestContext): FieldErr[];
  /** Name validation for metadata.name (default: DNS-1123 subdomain). */
  nameValidation?: 'subdomain' | 'label' | 'dns1035' | 'path-segment';
  /** PUT of a missing object creates it. */
  allowCreateOnUpdate?: boolean;
  /** PUT without metadata.resourceVersion overwrites (default true). */
  allowUnconditionalUpdate?: boolean;
  /** metadata.generation is kept and bumped on spec changes. */
  generation?: boolean;
  /** Fields the field selector of this kind supports, besides metadata.name and metadata.namespace. */
  selectableFields?(obj: KubeObject): Record<string, string>;
  /** Pods: deletion first sets deletionTimestamp and a grace period; the kubelet removes the pod. */
  gracefulDelete?(obj: KubeObject, requestedGrace: number | undefined): number | null;
  /**
   * Deletion that first needs work by a controller (namespaces): mutates the object into its
   * "being deleted" state and returns true; the store then saves it with a deletionTimestamp.
   */
  pendingDelete?(obj: KubeObject): boolean;
  /** Something besides metadata.finalizers still holds a deleted object (namespaces' spec.finalizers). */
  blocksDeletion?(obj: KubeObject): boolean;
  /** Objects expire after this many seconds (events: 1 h). */
  ttlSeconds?: number;
  /** Paths that status updates may change on the main resource (default: status only via /status). */
  statusPaths?: string[];
}

export interface ResourceRegistration {
  def: ResourceDef;
  strategy: Strategy;
}
