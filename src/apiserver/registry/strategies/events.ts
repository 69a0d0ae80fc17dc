// Events (core/v1 and events.k8s.io/v1, one storage): expire after an hour, field selectors on the
// involved object, and upstream's legacy (core/v1) and strict (events.k8s.io/v1) validation.

import type { ResourceDef } from '../../../api/resources.js';
import type { KubeObject } from '../../../api/types.js';
import { type FieldError, invalid, isDNS1123Subdomain, isQualifiedName, path, required, semanticDeepEqual, FIELD_IMMUTABLE_ERROR_MSG, GoValue } from '../../../machinery/validation/index.js';
import type { FieldErr, Strategy } from '../strategy.js';
import { int, isObj, type Obj, str, toErrs } from './util.js';

const s = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/** The internal Event fields, read from either API version. */
interface EventView {
  namespace: string;
  involvedNamespace: string;
  reportingController: string;
  reportingInstance: string;
  action: string;
  reason: string;
  message: string;
  eventTime: string;
  type: string;
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
  sourceSet: boolean;
  series: unknown;
}

function view(o: KubeObject, v1: boolean): EventView {
  const inv = isObj(v1 ? o.regarding : o.involvedObject) ? ((v1 ? o.regarding : o.involvedObject) as Obj) : {};
  const src = isObj(v1 ? o.deprecatedSource : o.source) ? ((v1 ? o.deprecatedSource : o.source) as Obj) : {};
  return {
    namespace: o.metadata.namespace ?? '',
    involvedNamespace: str(inv.namespace),
    reportingController: str(v1 ? o.reportingController : o.reportingComponent),
    reportingInstance: str(o.reportingInstance),
    action: str(o.action),
    reason: str(o.reason),
    message: str(v1 ? o.note : o.message),
    eventTime: str(o.eventTime),
    type: str(o.type),
    firstTimestamp: str(v1 ? o.deprecatedFirstTimestamp : o.firstTimestamp),
    lastTimestamp: str(v1 ? o.deprecatedLastTimestamp : o.lastTimestamp),
    count: int(v1 ? o.deprecatedCount : o.count),
    sourceSet: !!(str(src.component) || str(src.host)),
    series: o.series,
  };
}

function legacy(e: EventView, coreV1: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const ns = path('involvedObject', 'namespace');
  if (!e.eventTime) {
    if (!e.involvedNamespace) {
      if (e.namespace !== '' && e.namespace !== 'default') errs.push(invalid(ns, e.involvedNamespace, 'does not match event.namespace'));
    } else if (e.namespace !== e.involvedNamespace) errs.push(invalid(ns, e.involvedNamespace, 'does not match event.namespace'));
  } else {
    const rc = path(coreV1 ? 'reportingComponent' : 'reportingController');
    if (!e.involvedNamespace && e.namespace !== 'default' && e.namespace !== 'kube-system') errs.push(invalid(ns, e.involvedNamespace, 'does not match event.namespace'));
    if (!e.reportingController) errs.push(required(rc));
    errs.push(...isQualifiedName(e.reportingController).map((m) => invalid(rc, e.reportingController, m)));
    if (!e.reportingInstance) errs.push(required(path('reportingInstance')));
    if (e.reportingInstance.length > 128) errs.push(invalid(path('reportingInstance'), '', 'can have at most 128 characters'));
    if (!e.action) errs.push(required(path('action')));
    if (e.action.length > 128) errs.push(invalid(path('action'), '', 'can have at most 128 characters'));
    if (!e.reason) errs.push(required(path('reason')));
    if (e.reason.length > 128) errs.push(invalid(path('reason'), '', 'can have at most 128 characters'));
    if (e.message.length > 1024) errs.push(invalid(path('message'), '', 'can have at most 1024 characters'));
  }
  errs.push(...isDNS1123Subdomain(e.namespace).map((m) => invalid(path('namespace'), e.namespace, m)));
  return errs;
}

function series(e: EventView): FieldError[] {
  const errs: FieldError[] = [];
  if (isObj(e.series)) {
    if (int(e.series.count) < 2) errs.push(invalid(path('series', 'count'), '', 'should be at least 2'));
    if (!str(e.series.lastObservedTime)) errs.push(required(path('series', 'lastObservedTime')));
  }
  return errs;
}

function strict(e: EventView): FieldError[] {
  const errs = series(e);
  if (!e.eventTime) errs.push(required(path('eventTime')));
  if (e.type !== 'Normal' && e.type !== 'Warning') errs.push(invalid(path('type'), '', `has invalid value: ${e.type}`));
  if (e.firstTimestamp) errs.push(invalid(path('firstTimestamp'), '', 'needs to be unset'));
  if (e.lastTimestamp) errs.push(invalid(path('lastTimestamp'), '', 'needs to be unset'));
  if (e.count !== 0) errs.push(invalid(path('count'), '', 'needs to be unset'));
  if (e.sourceSet) errs.push(invalid(path('source'), '', 'needs to be unset'));
  return errs;
}

export function eventStrategy(def: ResourceDef): Strategy {
  const v1 = def.group === 'events.k8s.io';
  return {
    ttlSeconds: 3600,
    allowCreateOnUpdate: true,
    validate(o: KubeObject): FieldErr[] {
      const e = view(o, v1);
      const errs = legacy(e, !v1);
      if (v1) errs.push(...strict(e));
      return toErrs(errs);
    },
    validateUpdate(o: KubeObject, old: KubeObject): FieldErr[] {
      const e = view(o, v1);
      const errs = legacy(e, !v1);
      if (!v1) return toErrs(errs);
      const b = view(old, v1);
      if (!semanticDeepEqual(e.series, b.series)) errs.push(...series(e));
      const imm = (p: string, a: unknown, c: unknown, shown: unknown) => {
        if (!semanticDeepEqual(a, c)) errs.push(invalid(path(p), typeof shown === 'string' || typeof shown === 'number' ? shown : new GoValue(JSON.stringify(shown) ?? 'null'), FIELD_IMMUTABLE_ERROR_MSG));
      };
      imm('involvedObject', o.regarding, old.regarding, new GoValue('core.ObjectReference{...}'));
      imm('reason', e.reason, b.reason, e.reason);
      imm('message', e.message, b.message, e.message);
      imm('source', o.deprecatedSource, old.deprecatedSource, new GoValue('core.EventSource{...}'));
      imm('firstTimestamp', e.firstTimestamp, b.firstTimestamp, e.firstTimestamp);
      imm('lastTimestamp', e.lastTimestamp, b.lastTimestamp, e.lastTimestamp);
      imm('count', e.count, b.count, e.count);
      imm('reason', e.reason, b.reason, e.reason);
      imm('type', e.type, b.type, e.type);
      imm('eventTime', e.eventTime, b.eventTime, e.eventTime);
      imm('action', e.action, b.action, e.action);
      imm('related', o.related, old.related, new GoValue('core.ObjectReference{...}'));
      imm('reportingController', e.reportingController, b.reportingController, e.reportingController);
      imm('reportingInstance', e.reportingInstance, b.reportingInstance, e.reportingInstance);
      return toErrs(errs);
    },
    selectableFields: (o: KubeObject): Record<string, string> => {
      if (v1) {
        const r = isObj(o.regarding) ? o.regarding : {};
        return {
          'regarding.kind': s(r.kind), 'regarding.namespace': s(r.namespace), 'regarding.name': s(r.name), 'regarding.uid': s(r.uid),
          'regarding.apiVersion': s(r.apiVersion), 'regarding.resourceVersion': s(r.resourceVersion), 'regarding.fieldPath': s(r.fieldPath),
          reason: s(o.reason), reportingController: s(o.reportingController), type: s(o.type),
        };
      }
      const io = isObj(o.involvedObject) ? o.involvedObject : {};
      const src = isObj(o.source) ? o.source : {};
      return {
        'involvedObject.kind': s(io.kind), 'involvedObject.namespace': s(io.namespace), 'involvedObject.name': s(io.name), 'involvedObject.uid': s(io.uid),
        'involvedObject.apiVersion': s(io.apiVersion), 'involvedObject.resourceVersion': s(io.resourceVersion), 'involvedObject.fieldPath': s(io.fieldPath),
        reason: s(o.reason), reportingComponent: s(o.reportingComponent), source: s(src.component), type: s(o.type),
      };
    },
  };
}
