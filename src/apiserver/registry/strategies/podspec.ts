// Defaults and validation of a PodSpec (shared by pods and every pod template).
import type { FieldErr } from '../strategy.js';

type Obj = Record<string, unknown>;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function defaultContainer(c: Obj): void {
  if (c.terminationMessagePath === undefined) c.terminationMessagePath = '/dev/termination-log';
  if (c.terminationMessagePolicy === undefined) c.terminationMessagePolicy = 'File';
  if (c.imagePullPolicy === undefined) {
    const image = String(c.image ?? '');
    const ref = image.split('@')[0]!;
    const lastSeg = ref.slice(ref.lastIndexOf('/') + 1);
    const tag = lastSeg.includes(':') ? lastSeg.slice(lastSeg.indexOf(':') + 1) : '';
    c.imagePullPolicy = image.includes('@') ? 'IfNotPresent' : tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
  }
  if (c.resources === undefined) c.resources = {};
  for (const p of (c.ports as Obj[] | undefined) ?? []) if (p.protocol === undefined) p.protocol = 'TCP';
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const pr = c[probe] as Obj | undefined;
    if (!pr) continue;
    pr.timeoutSeconds ??= 1;
    pr.periodSeconds ??= 10;
    pr.successThreshold ??= 1;
    pr.failureThreshold ??= 3;
    const http = pr.httpGet as Obj | undefined;
    if (http) {
      http.path ??= '/';
      http.scheme ??= 'HTTP';
    }
  }
  for (const e of (c.env as Obj[] | undefined) ?? []) {
    const fr = (e.valueFrom as Obj | undefined)?.fieldRef as Obj | undefined;
    if (fr && fr.apiVersion === undefined) fr.apiVersion = 'v1';
  }
}

export function defaultPodSpec(spec: Obj): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  spec.enableServiceLinks ??= true;
  if (spec.serviceAccountName === undefined && spec.serviceAccount !== undefined) spec.serviceAccountName = spec.serviceAccount;
  for (const c of (spec.containers as Obj[] | undefined) ?? []) defaultContainer(c);
  for (const c of (spec.initContainers as Obj[] | undefined) ?? []) defaultContainer(c);
  for (const v of (spec.volumes as Obj[] | undefined) ?? []) {
    const cm = (v.configMap ?? v.secret ?? v.downwardAPI ?? v.projected) as Obj | undefined;
    if (cm && cm.defaultMode === undefined) cm.defaultMode = 420;
    if (v.emptyDir === undefined && Object.keys(v).length === 1 && v.name !== undefined) v.emptyDir = {};
  }
}

export function validatePodSpec(specV: unknown, base: string): FieldErr[] {
  const errs: FieldErr[] = [];
  const spec = (specV ?? {}) as Obj;
  const containers = spec.containers as Obj[] | undefined;
  if (!containers || containers.length === 0) {
    errs.push({ type: 'FieldValueRequired', field: `${base}.containers`, message: 'Required value' });
  }
  const names = new Set<string>();
  const check = (list: Obj[] | undefined, what: string) =>
    (list ?? []).forEach((c, i) => {
      const p = `${base}.${what}[${i}]`;
      const name = c.name as string | undefined;
      if (!name) errs.push({ type: 'FieldValueRequired', field: `${p}.name`, message: 'Required value' });
      else if (!DNS1123_LABEL.test(name) || name.length > 63)
        errs.push({
          type: 'FieldValueInvalid',
          field: `${p}.name`,
          message: `Invalid value: ${JSON.stringify(name)}: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
        });
      else if (names.has(name)) errs.push({ type: 'FieldValueDuplicate', field: `${p}.name`, message: `Duplicate value: ${JSON.stringify(name)}` });
      if (name) names.add(name);
      if (!c.image) errs.push({ type: 'FieldValueRequired', field: `${p}.image`, message: 'Required value' });
      const pol = c.imagePullPolicy as string | undefined;
      if (pol !== undefined && !['Always', 'IfNotPresent', 'Never'].includes(pol))
        errs.push({ type: 'FieldValueNotSupported', field: `${p}.imagePullPolicy`, message: `Unsupported value: ${JSON.stringify(pol)}: supported values: "Always", "IfNotPresent", "Never"` });
      ((c.ports as Obj[] | undefined) ?? []).forEach((port, j) => {
        const cp = port.containerPort as number | undefined;
        if (cp === undefined || cp === 0) errs.push({ type: 'FieldValueRequired', field: `${p}.ports[${j}].containerPort`, message: 'Required value' });
        else if (cp < 1 || cp > 65535)
          errs.push({ type: 'FieldValueInvalid', field: `${p}.ports[${j}].containerPort`, message: `Invalid value: ${cp}: must be between 1 and 65535, inclusive` });
      });
    });
  check(containers, 'containers');
  check(spec.initContainers as Obj[] | undefined, 'initContainers');
  const rp = spec.restartPolicy as string | undefined;
  if (rp !== undefined && !['Always', 'OnFailure', 'Never'].includes(rp))
    errs.push({ type: 'FieldValueNotSupported', field: `${base}.restartPolicy`, message: `Unsupported value: ${JSON.stringify(rp)}: supported values: "Always", "Never", "OnFailure"` });
  const dp = spec.dnsPolicy as string | undefined;
  if (dp !== undefined && !['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'].includes(dp))
    errs.push({ type: 'FieldValueNotSupported', field: `${base}.dnsPolicy`, message: `Unsupported value: ${JSON.stringify(dp)}: supported values: "ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"` });
  return errs;
}
