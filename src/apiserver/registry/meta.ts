// ObjectMeta validation on create and update, through the validation toolkit (upstream's
// ValidateObjectMeta / ValidateObjectMetaUpdate and their messages).
import type { KubeObject } from '../../api/types.js';
import {
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateObjectMeta as vMeta,
  validateObjectMetaUpdate as vMetaUpdate,
  validatePathSegmentName,
  type FieldError,
  type ValidateNameFunc,
} from '../../machinery/validation/index.js';
import type { FieldErr } from './strategy.js';

export type NameKind = 'subdomain' | 'label' | 'dns1035' | 'path-segment';

const NAME_FNS: Record<NameKind, ValidateNameFunc> = {
  subdomain: nameIsDNSSubdomain,
  label: nameIsDNSLabel,
  dns1035: nameIsDNS1035Label,
  'path-segment': validatePathSegmentName,
};

/** The toolkit's FieldError as the store's FieldErr. */
export function toFieldErrs(errs: readonly FieldError[]): FieldErr[] {
  return errs.map((e) => ({ type: e.type, field: e.field, message: e.body }));
}

export function validateObjectMeta(obj: KubeObject, namespaced: boolean, nameKind: NameKind): FieldErr[] {
  return toFieldErrs(vMeta(obj.metadata, { requiresNamespace: namespaced, nameFn: NAME_FNS[nameKind] }));
}

export function validateObjectMetaUpdate(obj: KubeObject, old: KubeObject, namespaced: boolean): FieldErr[] {
  void namespaced;
  return toFieldErrs(vMetaUpdate(obj.metadata, old.metadata));
}
