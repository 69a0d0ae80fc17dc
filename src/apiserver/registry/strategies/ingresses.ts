// networking.k8s.io/v1 Ingresses and IngressClasses: rules, paths, backends, TLS, class name;
// IngressClass controller (immutable) and parameters (scope defaulted to Cluster).

import type { KubeObject } from '../../../api/types.js';
import {
  type FieldError,
  GoValue,
  invalid,
  isDNS1123Subdomain,
  isDomainPrefixedPath,
  isValidPathSegmentName,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
  nameIsDNS1035Label,
  nameIsDNSSubdomain,
  notSupported,
  parseIPSloppy,
  path,
  required,
  tooLong,
  validateImmutableField,
  forbidden,
} from '../../../machinery/validation/index.js';
import type { FieldErr, RequestContext, Strategy } from '../strategy.js';
import { validateLoadBalancerStatus } from './service-validate.js';
import { int, isObj, type Obj, objs, specOf, str, strs, toErrs } from './util.js';

type P = ReturnType<typeof path>;

function typedRef(ref: unknown, p: P): FieldError[] {
  if (!isObj(ref)) return [];
  const errs: FieldError[] = [];
  if (ref.apiGroup !== undefined && ref.apiGroup !== null) errs.push(...isDNS1123Subdomain(str(ref.apiGroup)).map((m) => invalid(p.child('apiGroup'), str(ref.apiGroup), m)));
  if (!str(ref.kind)) errs.push(required(p.child('kind'), 'kind is required'));
  else errs.push(...isValidPathSegmentName(str(ref.kind)).map((m) => invalid(p.child('kind'), str(ref.kind), m)));
  if (!str(ref.name)) errs.push(required(p.child('name'), 'name is required'));
  else errs.push(...isValidPathSegmentName(str(ref.name)).map((m) => invalid(p.child('name'), str(ref.name), m)));
  return errs;
}

function backend(b: Obj, p: P): FieldError[] {
  const hasRes = isObj(b.resource);
  const hasSvc = isObj(b.service);
  if (hasRes && hasSvc) return [invalid(p, '', 'cannot set both resource and service backends')];
  if (hasRes) return typedRef(b.resource, p.child('resource'));
  if (!hasSvc) return [invalid(p, '', 'resource or service backend is required')];
  const svc = b.service as Obj;
  const errs: FieldError[] = [];
  const name = str(svc.name);
  if (!name) errs.push(required(p.child('service', 'name')));
  else errs.push(...nameIsDNS1035Label(name, false).map((m) => invalid(p.child('service', 'name'), name, m)));
  const port = isObj(svc.port) ? svc.port : {};
  const pname = str(port.name);
  const pnum = int(port.number);
  if (pname && pnum) errs.push(invalid(p, '', 'cannot set both port name & port number'));
  else if (pname) errs.push(...isValidPortName(pname).map((m) => invalid(p.child('service', 'port', 'name'), pname, m)));
  else if (pnum) errs.push(...isValidPortNum(pnum).map((m) => invalid(p.child('service', 'port', 'number'), pnum, m)));
  else errs.push(required(p, 'port name or number is required'));
  return errs;
}

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];

function httpPath(hp: Obj, p: P): FieldError[] {
  if (hp.pathType === undefined || hp.pathType === null) return [required(p.child('pathType'), 'pathType must be specified')];
  const errs: FieldError[] = [];
  const pt = str(hp.pathType);
  const value = str(hp.path);
  if (pt === 'Exact' || pt === 'Prefix') {
    if (!value.startsWith('/')) errs.push(invalid(p.child('path'), value, 'must be an absolute path'));
    if (value) {
      for (const seq of ['//', '/./', '/../', '%2f', '%2F']) if (value.includes(seq)) errs.push(invalid(p.child('path'), value, `must not contain '${seq}'`));
      for (const suf of ['/..', '/.']) if (value.endsWith(suf)) errs.push(invalid(p.child('path'), value, `cannot end with '${suf}'`));
    }
  } else if (pt === 'ImplementationSpecific') {
    if (value && !value.startsWith('/')) errs.push(invalid(p.child('path'), value, 'must be an absolute path'));
  } else errs.push(notSupported(p.child('pathType'), pt, PATH_TYPES));
  errs.push(...backend(isObj(hp.backend) ? hp.backend : {}, p.child('backend')));
  return errs;
}

function ruleValue(rule: Obj, p: P): FieldError[] {
  if (!isObj(rule.http)) return [];
  const paths = objs(rule.http.paths);
  const errs: FieldError[] = [];
  if (paths.length === 0) errs.push(required(p.child('http', 'paths')));
  paths.forEach((hp, i) => errs.push(...httpPath(hp, p.child('http', 'paths').index(i))));
  return errs;
}

export function validateIngressSpec(specV: unknown, old?: Obj): FieldError[] {
  const spec = isObj(specV) ? specV : {};
  const p = path('spec');
  const errs: FieldError[] = [];
  const rules = objs(spec.rules);
  if (rules.length === 0 && !isObj(spec.defaultBackend)) {
    errs.push(invalid(p, new GoValue(Array.isArray(spec.rules) ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)'), 'either `defaultBackend` or `rules` must be specified'));
  }
  if (isObj(spec.defaultBackend)) errs.push(...backend(spec.defaultBackend, p.child('defaultBackend')));
  const allowInvalidWildcard = !!old && objs(old.rules).some((r) => str(r.host).includes('*') && ruleValue(r, p).length > 0);
  rules.forEach((rule, i) => {
    const rp = p.child('rules').index(i);
    const host = str(rule.host);
    let wildcard = false;
    if (host) {
      if (parseIPSloppy(host)) errs.push(invalid(rp.child('host'), host, 'must be a DNS name, not an IP address'));
      if (host.includes('*')) {
        errs.push(...isWildcardDNS1123Subdomain(host).map((m) => invalid(rp.child('host'), host, m)));
        wildcard = true;
      } else errs.push(...isDNS1123Subdomain(host).map((m) => invalid(rp.child('host'), host, m)));
    }
    if (!wildcard || !allowInvalidWildcard) errs.push(...ruleValue(rule, rp));
  });
  const allowInvalidSecret = !!old && objs(old.tls).some((t) => str(t.secretName) && nameIsDNSSubdomain(str(t.secretName), false).length > 0);
  objs(spec.tls).forEach((t, i) => {
    const tp = p.child('tls').index(i);
    strs(t.hosts).forEach((h, j) => {
      const msgs = h.includes('*') ? isWildcardDNS1123Subdomain(h) : isDNS1123Subdomain(h);
      errs.push(...msgs.map((m) => invalid(tp.child('hosts').index(j), h, m)));
    });
    const sn = str(t.secretName);
    if (!allowInvalidSecret && sn) errs.push(...nameIsDNSSubdomain(sn, false).map((m) => invalid(tp.child('secretName'), sn, m)));
  });
  if (spec.ingressClassName !== undefined && spec.ingressClassName !== null) {
    const cn = str(spec.ingressClassName);
    errs.push(...nameIsDNSSubdomain(cn, false).map((m) => invalid(p.child('ingressClassName'), cn, m)));
  }
  return errs;
}

export function ingressStrategy(): Strategy {
  return {
    prepareForCreate(o: KubeObject) {
      o.status = { loadBalancer: {} };
    },
    validate(o: KubeObject): FieldErr[] {
      const errs = validateIngressSpec(o.spec);
      const ann = o.metadata.annotations?.['kubernetes.io/ingress.class'];
      if (ann !== undefined && isObj(o.spec) && o.spec.ingressClassName !== undefined && o.spec.ingressClassName !== null) {
        errs.push(invalid(path('annotations').child('kubernetes.io/ingress.class'), ann, 'can not be set when the class field is also set'));
      }
      return toErrs(errs);
    },
    validateUpdate(o: KubeObject, old: KubeObject, ctx: RequestContext): FieldErr[] {
      if (ctx.subresource === 'status') {
        const lb = isObj(o.status) ? o.status : {};
        return toErrs(validateLoadBalancerStatus(lb, { type: 'LoadBalancer' }, path('status')));
      }
      return toErrs(validateIngressSpec(o.spec, isObj(old.spec) ? old.spec : {}));
    },
  };
}

function validateIngressClassSpec(specV: unknown): FieldError[] {
  const spec = isObj(specV) ? specV : {};
  const p = path('spec');
  const errs: FieldError[] = [];
  const controller = str(spec.controller);
  if (controller.length > 250) errs.push(tooLong(p.child('controller'), 250));
  errs.push(...isDomainPrefixedPath(p.child('controller'), controller));
  const params = spec.parameters;
  if (isObj(params)) {
    const pp = p.child('parameters');
    errs.push(...typedRef(params, pp));
    const scope = str(params.scope);
    if (params.scope !== undefined && params.scope !== null && scope !== 'Cluster' && scope !== 'Namespace') errs.push(notSupported(pp.child('scope'), scope, ['Cluster', 'Namespace']));
    if (scope === 'Namespace' && !str(params.namespace)) errs.push(required(pp.child('namespace'), '`parameters.scope` is set to \'Namespace\''));
    if (scope === 'Cluster' && params.namespace !== undefined && params.namespace !== null) errs.push(forbidden(pp.child('namespace'), '`parameters.scope` is set to \'Cluster\''));
    if (str(params.namespace)) errs.push(...nameIsDNSSubdomain(str(params.namespace), false).map((m) => invalid(pp.child('namespace'), str(params.namespace), m)));
  }
  return errs;
}

export function ingressClassStrategy(): Strategy {
  return {
    defaults(o: KubeObject) {
      const params = specOf(o).parameters;
      if (isObj(params) && (params.scope === undefined || params.scope === null)) params.scope = 'Cluster';
    },
    validate: (o: KubeObject): FieldErr[] => toErrs(validateIngressClassSpec(o.spec)),
    validateUpdate(o: KubeObject, old: KubeObject): FieldErr[] {
      const a = isObj(o.spec) ? str(o.spec.controller) : '';
      const b = isObj(old.spec) ? str(old.spec.controller) : '';
      return toErrs([...validateImmutableField(a, b, path('spec', 'controller')), ...validateIngressClassSpec(o.spec)]);
    },
  };
}
