// rbac.authorization.k8s.io/v1: path-segment names, roleRef and subjects' apiGroup defaults,
// policy rules, roleRef required and immutable, subject kinds, aggregation rules.

import type { KubeObject } from '../../../api/types.js';
import { type FieldError, GoValue, invalid, isValidPathSegmentName, nameIsDNSSubdomain, notSupported, path, required, validateLabelSelector } from '../../../machinery/validation/index.js';
import type { FieldErr, Strategy } from '../strategy.js';
import { isObj, type Obj, objs, str, strs, toErrs } from './util.js';

const GROUP = 'rbac.authorization.k8s.io';

function defaultBinding(o: KubeObject): void {
  const ref = isObj(o.roleRef) ? o.roleRef : (o.roleRef = {});
  if (!(ref as Obj).apiGroup) (ref as Obj).apiGroup = GROUP;
  for (const s of objs(o.subjects)) {
    if (s.apiGroup) continue;
    if (s.kind === 'ServiceAccount') s.apiGroup = '';
    else if (s.kind === 'User' || s.kind === 'Group') s.apiGroup = GROUP;
  }
}

function rule(r: Obj, namespaced: boolean, p: ReturnType<typeof path>): FieldError[] {
  const errs: FieldError[] = [];
  if (strs(r.verbs).length === 0) errs.push(required(p.child('verbs'), 'verbs must contain at least one value'));
  const urls = strs(r.nonResourceURLs);
  if (urls.length) {
    if (namespaced) errs.push(invalid(p.child('nonResourceURLs'), urls, 'namespaced rules cannot apply to non-resource URLs'));
    if (strs(r.apiGroups).length || strs(r.resources).length || strs(r.resourceNames).length) errs.push(invalid(p.child('nonResourceURLs'), urls, 'rules cannot apply to both regular resources and non-resource URLs'));
    return errs;
  }
  if (strs(r.apiGroups).length === 0) errs.push(required(p.child('apiGroups'), 'resource rules must supply at least one api group'));
  if (strs(r.resources).length === 0) errs.push(required(p.child('resources'), 'resource rules must supply at least one resource'));
  return errs;
}

function subject(s: Obj, namespaced: boolean, p: ReturnType<typeof path>): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(s.name);
  if (!name) errs.push(required(p.child('name')));
  switch (str(s.kind)) {
    case 'ServiceAccount':
      if (name) errs.push(...nameIsDNSSubdomain(name, false).map((m) => invalid(p.child('name'), name, m)));
      if (str(s.apiGroup)) errs.push(notSupported(p.child('apiGroup'), str(s.apiGroup), ['']));
      if (!namespaced && !str(s.namespace)) errs.push(required(p.child('namespace')));
      break;
    case 'User':
    case 'Group':
      if (str(s.apiGroup) !== GROUP) errs.push(notSupported(p.child('apiGroup'), str(s.apiGroup), [GROUP]));
      break;
    default:
      errs.push(notSupported(p.child('kind'), str(s.kind), ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

function goRoleRef(ref: Obj): GoValue {
  return new GoValue(`rbac.RoleRef{APIGroup:${JSON.stringify(str(ref.apiGroup))}, Kind:${JSON.stringify(str(ref.kind))}, Name:${JSON.stringify(str(ref.name))}}`);
}

function validateBinding(o: KubeObject, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const ref = isObj(o.roleRef) ? o.roleRef : {};
  if (str(ref.apiGroup) !== GROUP) errs.push(notSupported(path('roleRef', 'apiGroup'), str(ref.apiGroup), [GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(str(ref.kind))) errs.push(notSupported(path('roleRef', 'kind'), str(ref.kind), kinds));
  const name = str(ref.name);
  if (!name) errs.push(required(path('roleRef', 'name')));
  else errs.push(...isValidPathSegmentName(name).map((m) => invalid(path('roleRef', 'name'), name, m)));
  objs(o.subjects).forEach((s, i) => errs.push(...subject(s, namespaced, path('subjects').index(i))));
  return errs;
}

function bindingStrategy(namespaced: boolean): Strategy {
  return {
    nameValidation: 'path-segment',
    defaults: defaultBinding,
    validate: (o: KubeObject): FieldErr[] => toErrs(validateBinding(o, namespaced)),
    validateUpdate(o: KubeObject, old: KubeObject): FieldErr[] {
      const errs = validateBinding(o, namespaced);
      const a = isObj(o.roleRef) ? o.roleRef : {};
      const b = isObj(old.roleRef) ? old.roleRef : {};
      if (str(a.apiGroup) !== str(b.apiGroup) || str(a.kind) !== str(b.kind) || str(a.name) !== str(b.name)) errs.push(invalid(path('roleRef'), goRoleRef(a), 'cannot change roleRef'));
      return toErrs(errs);
    },
  };
}

function validateRole(o: KubeObject, namespaced: boolean): FieldError[] {
  const errs = objs(o.rules).flatMap((r, i) => rule(r, namespaced, path('rules').index(i)));
  if (!namespaced && isObj(o.aggregationRule)) {
    const sels = objs(o.aggregationRule.clusterRoleSelectors);
    const p = path('aggregationRule', 'clusterRoleSelectors');
    if (sels.length === 0) errs.push(required(p, 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    sels.forEach((s, i) => errs.push(...validateLabelSelector(s as never, p.index(i))));
  }
  return errs;
}

function roleStrategy(namespaced: boolean): Strategy {
  return {
    nameValidation: 'path-segment',
    validate: (o: KubeObject): FieldErr[] => toErrs(validateRole(o, namespaced)),
    validateUpdate: (o: KubeObject): FieldErr[] => toErrs(validateRole(o, namespaced)),
  };
}

export const rbacStrategies = {
  roles: () => roleStrategy(true),
  clusterroles: () => roleStrategy(false),
  rolebindings: () => bindingStrategy(true),
  clusterrolebindings: () => bindingStrategy(false),
};
