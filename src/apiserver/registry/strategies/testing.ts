// Test helpers: run a strategy the way the generic store does (defaults, server metadata,
// prepareForCreate/Update, validate) and render the errors as upstream's "field: message" lines.

import type { KubeObject } from '../../../api/types.js';
import type { FieldErr, RequestContext, Strategy } from '../strategy.js';

export function ctx(subresource = '', now = new Date('2024-01-02T03:04:05Z')): RequestContext {
  return { user: { username: 'alice', uid: 'u-1', groups: ['system:authenticated'] }, namespace: 'default', subresource, dryRun: false, now };
}

export function lines(errs: FieldErr[]): string[] {
  return errs.map((e) => `${e.field}: ${e.message}`);
}

/** Create as the store does; returns the object and the validation errors as lines. */
export function create(s: Strategy, input: Record<string, unknown>, c: RequestContext = ctx()): { obj: KubeObject; errs: string[] } {
  const obj = JSON.parse(JSON.stringify(input)) as KubeObject;
  obj.metadata ??= {};
  s.defaults?.(obj);
  obj.metadata.uid ??= '11111111-2222-3333-4444-555555555555';
  s.prepareForCreate?.(obj, c);
  return { obj, errs: lines(s.validate?.(obj, c) ?? []) };
}

/** Update as the store does (status kept on main-resource writes). */
export function update(s: Strategy, old: KubeObject, input: Record<string, unknown>, c: RequestContext = ctx(), keepStatus = true): { obj: KubeObject; errs: string[] } {
  const obj = JSON.parse(JSON.stringify(input)) as KubeObject;
  obj.metadata ??= {};
  s.defaults?.(obj);
  if (c.subresource === 'status') {
    const status = obj.status;
    const base = JSON.parse(JSON.stringify(old)) as KubeObject;
    for (const k of Object.keys(obj)) delete obj[k];
    Object.assign(obj, base);
    obj.status = status;
  } else {
    if (keepStatus && c.subresource === '') obj.status = JSON.parse(JSON.stringify(old.status ?? null)) ?? undefined;
    s.prepareForUpdate?.(obj, old, c);
  }
  const errs = s.validateUpdate?.(obj, old, c) ?? s.validate?.(obj, c) ?? [];
  return { obj, errs: lines(errs) };
}
