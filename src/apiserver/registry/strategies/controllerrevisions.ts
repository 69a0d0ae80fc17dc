// apps/v1 ControllerRevisions: data required, revision non-negative, data immutable.

import type { KubeObject } from '../../../api/types.js';
import { type FieldError, path, required, validateNonnegativeField } from '../../../machinery/validation/index.js';
import type { FieldErr, Strategy } from '../strategy.js';
import { gv, immutable, int, toErrs } from './util.js';

function validateRevision(o: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  if (o.data === undefined || o.data === null) errs.push(required(path('data'), 'data is mandatory'));
  errs.push(...validateNonnegativeField(int(o.revision), path('revision')));
  return errs;
}

export function controllerRevisionStrategy(): Strategy {
  return {
    validate: (o: KubeObject): FieldErr[] => toErrs(validateRevision(o)),
    validateUpdate: (o: KubeObject, old: KubeObject): FieldErr[] =>
      toErrs([...validateRevision(o), ...immutable(o.data, old.data, path('data'), gv('runtime.RawExtension{...}'))]),
  };
}
