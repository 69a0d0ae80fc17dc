// Admission control: mutating plugins run first, then validating ones, on every create, update and
// delete (and connect), after authentication and authorization and before the object is stored.

import type { ResourceDef } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import type { UserInfo } from '../registry/strategy.js';
import { statusErrors, type StatusError } from '../../machinery/errors/status.js';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface AdmissionAttributes {
  operation: Operation;
  def: ResourceDef;
  subresource: string;
  namespace: string;
  name: string;
  /** The object being written (mutable by mutating plugins). */
  object?: KubeObject;
  oldObject?: KubeObject;
  user: UserInfo;
  dryRun: boolean;
}

export interface AdmissionPlugin {
  readonly name: string;
  /** Mutating phase: may change attrs.object; throws a StatusError to reject. */
  admit?(attrs: AdmissionAttributes): Promise<void> | void;
  /** Validating phase: throws a StatusError to reject. */
  validate?(attrs: AdmissionAttributes): Promise<void> | void;
}

export class AdmissionChain {
  constructor(private readonly plugins: AdmissionPlugin[]) {}

  async admit(a: AdmissionAttributes): Promise<void> {
    for (const p of this.plugins) if (p.admit) await p.admit(a);
  }

  async validate(a: AdmissionAttributes): Promise<void> {
    for (const p of this.plugins) if (p.validate) await p.validate(a);
  }

  names(): string[] {
    return this.plugins.map((p) => p.name);
  }
}

/**
 * A plugin's refusal, as upstream's admission.NewForbidden: `<resource> "<name>" is forbidden: <why>`,
 * naming the object (or its generateName, since names are generated later).
 */
export function admissionForbidden(a: AdmissionAttributes, why: string): StatusError {
  const m = a.object?.metadata;
  const name = m?.name || m?.generateName || a.name || 'Unknown';
  return statusErrors.forbidden({ group: a.def.group, resource: a.def.plural }, name, why);
}
