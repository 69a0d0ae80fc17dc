// HorizontalPodAutoscalers (autoscaling/v2 and v1): minReplicas 1, v2's default CPU metric and
// scaling-behavior rules; upstream's validation of replicas, the target and metrics.

import type { ResourceDef } from '../../../api/resources.js';
import type { KubeObject } from '../../../api/types.js';
import { type FieldError, forbidden, invalid, isValidPathSegmentName, notSupported, path, required, validateNonnegativeField } from '../../../machinery/validation/index.js';
import type { FieldErr, RequestContext, Strategy } from '../strategy.js';
import { canonicalField } from './resourcelist.js';
import { int, isObj, type Obj, objs, specOf, str, toErrs } from './util.js';

function scaleUpRules(): Obj {
  return { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] };
}

function scaleDownRules(): Obj {
  return { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };
}

function merge(from: unknown, to: Obj): Obj {
  if (!isObj(from)) return to;
  for (const k of ['selectPolicy', 'stabilizationWindowSeconds', 'policies']) if (from[k] !== undefined && from[k] !== null) to[k] = from[k];
  return to;
}

export function defaultHPA(o: KubeObject, v2: boolean): void {
  const spec = specOf(o);
  if (spec.minReplicas === undefined || spec.minReplicas === null) spec.minReplicas = 1;
  if (!v2) return;
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
  if (isObj(spec.behavior)) {
    spec.behavior.scaleUp = merge(spec.behavior.scaleUp, scaleUpRules());
    spec.behavior.scaleDown = merge(spec.behavior.scaleDown, scaleDownRules());
  }
  for (const m of objs(spec.metrics)) {
    for (const k of ['object', 'pods', 'resource', 'containerResource', 'external']) {
      const src = m[k];
      if (isObj(src) && isObj(src.target)) {
        canonicalField(o, src.target, 'value');
        canonicalField(o, src.target, 'averageValue');
      }
    }
  }
}

function crossRef(ref: unknown, p: ReturnType<typeof path>): FieldError[] {
  const r = isObj(ref) ? ref : {};
  const errs: FieldError[] = [];
  if (!str(r.kind)) errs.push(required(p.child('kind')));
  else errs.push(...isValidPathSegmentName(str(r.kind)).map((m) => invalid(p.child('kind'), str(r.kind), m)));
  if (!str(r.name)) errs.push(required(p.child('name')));
  else errs.push(...isValidPathSegmentName(str(r.name)).map((m) => invalid(p.child('name'), str(r.name), m)));
  return errs;
}

function metricTarget(t: unknown, p: ReturnType<typeof path>): FieldError[] {
  const target = isObj(t) ? t : {};
  const errs: FieldError[] = [];
  const type = str(target.type);
  if (!type) errs.push(required(p.child('type'), 'must specify a metric target type'));
  else if (!['AverageValue', 'Utilization', 'Value'].includes(type)) errs.push(notSupported(p.child('type'), type, ['AverageValue', 'Utilization', 'Value']));
  if (target.averageUtilization !== undefined && target.averageUtilization !== null && int(target.averageUtilization) < 1) {
    errs.push(invalid(p.child('averageUtilization'), int(target.averageUtilization), 'must be greater than 0'));
  }
  return errs;
}

const SOURCE_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const FIELD_OF: Record<string, string> = { Object: 'object', Pods: 'pods', Resource: 'resource', External: 'external', ContainerResource: 'containerResource' };

function metricSpec(m: Obj, p: ReturnType<typeof path>): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(m.type);
  if (!type) errs.push(required(p.child('type'), 'must specify a metric source type'));
  if (!SOURCE_TYPES.includes(type)) errs.push(notSupported(p.child('type'), type, SOURCE_TYPES));
  const present = ['object', 'external', 'pods', 'resource', 'containerResource'].filter((k) => isObj(m[k]));
  const first = present[0];
  if (first) {
    const src = m[first] as Obj;
    const sp = p.child(first);
    if (first === 'object') errs.push(...crossRef(src.describedObject, sp.child('describedObject')));
    if (first !== 'resource' && first !== 'containerResource') {
      const metric = isObj(src.metric) ? src.metric : {};
      if (!str(metric.name)) errs.push(required(sp.child('metric', 'name'), 'must specify a metric name'));
    } else if (!str(src.name)) errs.push(required(sp.child('name'), 'must specify a resource name'));
    if (first === 'containerResource' && !str(src.container)) errs.push(required(sp.child('container'), 'must specify a container'));
    errs.push(...metricTarget(src.target, sp.child('target')));
    const t = isObj(src.target) ? src.target : {};
    const has = (k: string) => t[k] !== undefined && t[k] !== null;
    if (first === 'object' && !has('value') && !has('averageValue')) errs.push(required(sp.child('target', 'averageValue'), 'must set either a target value or averageValue'));
    if (first === 'external') {
      if (!has('value') && !has('averageValue')) errs.push(required(sp.child('target', 'averageValue'), 'must set either a target value for metric or a per-pod target'));
      if (has('value') && has('averageValue')) errs.push(forbidden(sp.child('target', 'value'), 'may not set both a target value for metric and a per-pod target'));
    }
    if (first === 'pods' && !has('averageValue')) errs.push(required(sp.child('target', 'averageValue'), 'must specify a positive target averageValue'));
    if ((first === 'resource' || first === 'containerResource')) {
      if (!has('averageUtilization') && !has('averageValue')) errs.push(required(sp.child('target', 'averageUtilization'), 'must set either a target raw value or a target utilization'));
      if (has('averageUtilization') && has('averageValue')) errs.push(forbidden(sp.child('target', 'averageValue'), 'may not set both a target raw value and a target utilization'));
    }
  }
  const expected = FIELD_OF[type];
  if (expected && !isObj(m[expected])) errs.push(required(p.child(expected), 'must populate information for the given metric source'));
  if (present.length !== 1) for (const k of present.filter((x) => x !== expected)) errs.push(forbidden(p.child(k), 'must populate the given metric source only'));
  return errs;
}

function scalingRules(r: unknown, p: ReturnType<typeof path>): FieldError[] {
  if (!isObj(r)) return [];
  const errs: FieldError[] = [];
  if (r.stabilizationWindowSeconds !== undefined && r.stabilizationWindowSeconds !== null) {
    const s = int(r.stabilizationWindowSeconds);
    if (s < 0) errs.push(invalid(p.child('stabilizationWindowSeconds'), s, 'must be greater than or equal to zero'));
    if (s > 3600) errs.push(invalid(p.child('stabilizationWindowSeconds'), s, 'must be less than or equal to 3600'));
  }
  if (r.selectPolicy !== undefined && r.selectPolicy !== null && !['Disabled', 'Max', 'Min'].includes(str(r.selectPolicy))) {
    errs.push(notSupported(p.child('selectPolicy'), str(r.selectPolicy), ['Disabled', 'Max', 'Min']));
  }
  const policies = objs(r.policies);
  if (policies.length === 0) errs.push(required(p.child('policies'), 'must specify at least one Policy'));
  policies.forEach((pol, i) => {
    const ip = p.child('policies').index(i);
    if (!['Percent', 'Pods'].includes(str(pol.type))) errs.push(notSupported(ip.child('type'), str(pol.type), ['Percent', 'Pods']));
    if (int(pol.value) <= 0) errs.push(invalid(ip.child('value'), int(pol.value), 'must be greater than zero'));
    if (int(pol.periodSeconds) <= 0) errs.push(invalid(ip.child('periodSeconds'), int(pol.periodSeconds), 'must be greater than zero'));
    if (int(pol.periodSeconds) > 1800) errs.push(invalid(ip.child('periodSeconds'), int(pol.periodSeconds), 'must be less than or equal to 1800'));
  });
  return errs;
}

export function validateHPASpec(specV: unknown, v2: boolean, minLower = 1): FieldError[] {
  const spec = isObj(specV) ? specV : {};
  const p = path('spec');
  const errs: FieldError[] = [];
  if (spec.minReplicas !== undefined && spec.minReplicas !== null && int(spec.minReplicas) < minLower) {
    errs.push(invalid(p.child('minReplicas'), int(spec.minReplicas), `must be greater than or equal to ${minLower}`));
  }
  if (int(spec.maxReplicas) < 1) errs.push(invalid(p.child('maxReplicas'), int(spec.maxReplicas), 'must be greater than 0'));
  if (spec.minReplicas !== undefined && spec.minReplicas !== null && int(spec.maxReplicas) < int(spec.minReplicas)) {
    errs.push(invalid(p.child('maxReplicas'), int(spec.maxReplicas), 'must be greater than or equal to `minReplicas`'));
  }
  errs.push(...crossRef(spec.scaleTargetRef, p.child('scaleTargetRef')));
  if (v2) {
    objs(spec.metrics).forEach((m, i) => errs.push(...metricSpec(m, p.child('metrics').index(i))));
    if (isObj(spec.behavior)) {
      errs.push(...scalingRules(spec.behavior.scaleUp, p.child('behavior', 'scaleUp')));
      errs.push(...scalingRules(spec.behavior.scaleDown, p.child('behavior', 'scaleDown')));
    }
  } else if (spec.targetCPUUtilizationPercentage !== undefined && spec.targetCPUUtilizationPercentage !== null && int(spec.targetCPUUtilizationPercentage) < 1) {
    errs.push(invalid(p.child('metrics').index(0).child('resource', 'target', 'averageUtilization'), int(spec.targetCPUUtilizationPercentage), 'must be greater than 0'));
  }
  return errs;
}

export function hpaStrategy(def: ResourceDef): Strategy {
  const v2 = def.version === 'v2';
  return {
    defaults: (o: KubeObject) => defaultHPA(o, v2),
    prepareForCreate(o: KubeObject) {
      o.status = v2 ? { desiredReplicas: 0 } : { currentReplicas: 0, desiredReplicas: 0 };
    },
    validate: (o: KubeObject): FieldErr[] => toErrs(validateHPASpec(o.spec, v2)),
    validateUpdate(o: KubeObject, old: KubeObject, ctx: RequestContext): FieldErr[] {
      if (ctx.subresource === 'status') {
        const st = isObj(o.status) ? o.status : {};
        return toErrs([...validateNonnegativeField(int(st.currentReplicas), path('status', 'currentReplicas')), ...validateNonnegativeField(int(st.desiredReplicas), path('status', 'desiredReplicas'))]);
      }
      const oldMin = isObj(old.spec) ? old.spec.minReplicas : undefined;
      return toErrs(validateHPASpec(o.spec, v2, oldMin === 0 ? 0 : 1));
    },
  };
}
