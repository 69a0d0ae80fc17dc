// Namespaces: the kubernetes.io/metadata.name label, the "kubernetes" finalizer in spec.finalizers,
// status Active; spec.finalizers change only through /finalize and status only through /status;
// deleting marks the namespace Terminating until the namespace controller empties it.

import type { KubeObject } from '../../../api/types.js';
import { type FieldError, invalid, isQualifiedName, path } from '../../../machinery/validation/index.js';
import type { FieldErr, RequestContext, Strategy } from '../strategy.js';
import { isObj, type Obj, str, strs, toErrs } from './util.js';

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** validateFinalizerName: a qualified name; unprefixed ones must be standard. */
function finalizerName(name: string, p: ReturnType<typeof path>): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(p, name, m));
  if (!name.includes('/') && !STANDARD_FINALIZERS.has(name)) errs.push(invalid(p, name, 'name is neither a standard finalizer name nor is it fully qualified'));
  return errs;
}

function finalizers(o: KubeObject): string[] {
  return strs(isObj(o.spec) ? o.spec.finalizers : undefined);
}

export function namespaceStrategy(): Strategy {
  return {
    nameValidation: 'label',
    defaults(o: KubeObject) {
      if (o.metadata.name) o.metadata.labels = { ...(o.metadata.labels ?? {}), 'kubernetes.io/metadata.name': o.metadata.name };
      if (isObj(o.status) && !o.status.phase) o.status.phase = 'Active';
    },
    prepareForCreate(o: KubeObject) {
      const spec = (isObj(o.spec) ? o.spec : (o.spec = {})) as Obj;
      const fins = strs(spec.finalizers);
      if (!fins.includes('kubernetes')) spec.finalizers = [...fins, 'kubernetes'];
      o.status = { phase: 'Active' };
    },
    prepareForUpdate(o: KubeObject, old: KubeObject, ctx: RequestContext) {
      // spec.finalizers change only through /finalize; status only through /status.
      if (ctx.subresource !== 'finalize') {
        if (old.spec === undefined) delete o.spec;
        else o.spec = old.spec;
      }
      if (ctx.subresource === 'finalize') {
        if (old.status === undefined) delete o.status;
        else o.status = old.status;
      }
    },
    validate(o: KubeObject): FieldErr[] {
      return toErrs(finalizers(o).flatMap((f) => finalizerName(f, path('spec', 'finalizers'))));
    },
    validateUpdate(o: KubeObject, _old: KubeObject, ctx: RequestContext): FieldErr[] {
      if (ctx.subresource === 'finalize') return toErrs(finalizers(o).flatMap((f, i) => finalizerName(f, path('spec', 'finalizers').index(i))));
      if (ctx.subresource === 'status') {
        const phase = str(isObj(o.status) ? o.status.phase : '');
        if (!o.metadata.deletionTimestamp) {
          if (phase !== 'Active') return toErrs([invalid(path('status', 'Phase'), phase, "may only be 'Active' if `deletionTimestamp` is empty")]);
        } else if (phase !== 'Terminating') return toErrs([invalid(path('status', 'Phase'), phase, "may only be 'Terminating' if `deletionTimestamp` is not empty")]);
      }
      return [];
    },
    blocksDeletion: (o: KubeObject) => finalizers(o).length > 0,
    pendingDelete(o: KubeObject) {
      if (finalizers(o).length === 0) return false;
      const status = (isObj(o.status) ? o.status : (o.status = {})) as Obj;
      status.phase = 'Terminating';
      return true;
    },
    selectableFields: (o: KubeObject) => ({ 'status.phase': str(isObj(o.status) ? o.status.phase : '') }),
  };
}
