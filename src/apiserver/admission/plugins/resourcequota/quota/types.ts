// What a quota evaluator knows about one kind of object (upstream's quota.Evaluator): the quota
// resource names it tracks, what an object is charged, the scopes it can match, and when admission
// charges for it.

import type { KubeObject } from '../../../../../api/types.js';
import type { ResourceList } from './resources.js';

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** A scope of a quota: spec.scopes entries become {scopeName, operator: "Exists"}. */
export interface ScopeSelector {
  scopeName: string;
  operator: string;
  values?: string[];
}

export interface Evaluator {
  group: string;
  resource: string;
  /** The names among `input` this evaluator tracks. */
  matchingResources(input: string[]): string[];
  /** Does the object fall under the scope? (only pods match scopes) */
  matchesScope(sel: ScopeSelector, obj: KubeObject): boolean;
  /** What the object is charged. */
  usage(obj: KubeObject, nowMs: number): ResourceList;
  /** Whether admission charges for this operation on the object (or a subresource). */
  handles(op: AdmissionOperation, subresource: string): boolean;
  /** An error message when the object lacks what the quota requires (pods: explicit cpu/memory). */
  constraints?(required: string[], obj: KubeObject): string | undefined;
}
