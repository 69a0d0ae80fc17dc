// The downward API selectors (env valueFrom and downwardAPI volume items): fieldRef paths and
// resourceFieldRef resources and divisors.

import { type FieldError, type FieldPath, invalid, isQualifiedName, notSupported, required } from '../../../machinery/validation/index.js';
import { formatQuantity } from './quantity.js';
import { q } from './resources-validate.js';
import { type Obj, str } from './util.js';

const ENV_FIELDS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
const VOLUME_FIELDS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];
const CONVERTIBLE = new Set([
  'metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.restartPolicy',
  'spec.serviceAccountName', 'spec.schedulerName', 'status.phase', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs',
]);
export const RESOURCE_FIELDS = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];

/** fieldpath.SplitMaybeSubscriptedPath: "metadata.labels['x']" → ["metadata.labels", "x"]. */
function splitSubscript(path: string): [string, string] | undefined {
  if (!path.endsWith("']")) return undefined;
  const s = path.slice(0, -2);
  const i = s.indexOf("['");
  if (i <= 0) return undefined;
  return [s.slice(0, i), s.slice(i + 2)];
}

/** podshelper.ConvertDownwardAPIFieldLabel. */
function convertFieldLabel(version: string, label: string): string {
  if (version !== 'v1') throw new Error(`unsupported pod version: ${version}`);
  const sub = splitSubscript(label);
  if (sub) {
    if (sub[0] === 'metadata.annotations' || sub[0] === 'metadata.labels') return label;
    throw new Error(`field label does not support subscript: ${label}`);
  }
  if (CONVERTIBLE.has(label)) return label;
  if (label === 'spec.host') return 'spec.nodeName';
  throw new Error(`field label not supported: ${label}`);
}

export function validateObjectFieldSelector(fs: Obj, where: 'env' | 'volume', p: FieldPath): FieldError[] {
  if (!str(fs.apiVersion)) return [required(p.child('apiVersion'))];
  if (!str(fs.fieldPath)) return [required(p.child('fieldPath'))];
  let internal: string;
  try {
    internal = convertFieldLabel(str(fs.apiVersion), str(fs.fieldPath));
  } catch (e) {
    return [invalid(p.child('fieldPath'), str(fs.fieldPath), `error converting fieldPath: ${(e as Error).message}`)];
  }
  const sub = splitSubscript(internal);
  if (sub) {
    const key = sub[0] === 'metadata.annotations' ? sub[1].toLowerCase() : sub[1];
    if (sub[0] === 'metadata.annotations' || sub[0] === 'metadata.labels') return isQualifiedName(key).map((m) => invalid(p, key, m));
    return [invalid(p, sub[0], 'does not support subscript')];
  }
  const allowed = where === 'env' ? ENV_FIELDS : VOLUME_FIELDS;
  if (!allowed.includes(internal)) return [notSupported(p.child('fieldPath'), internal, allowed)];
  return [];
}

const DIVISORS: Record<string, string[]> = {
  cpu: ['1m', '1'],
  memory: ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'],
};

function validateDivisor(resource: string, divisor: unknown, p: FieldPath): FieldError[] {
  const d = q(divisor);
  if (!d || d.unscaled === 0n) return [];
  const s = formatQuantity(d);
  const errs: FieldError[] = [];
  const fp = p.child('divisor');
  if ((resource === 'limits.cpu' || resource === 'requests.cpu') && !DIVISORS.cpu!.includes(s)) errs.push(invalid(fp, resource, "only divisor's values 1m and 1 are supported with the cpu resource"));
  const mem = DIVISORS.memory!.join(', ');
  if ((resource === 'limits.memory' || resource === 'requests.memory') && !DIVISORS.memory!.includes(s)) errs.push(invalid(fp, resource, `only divisor's values ${mem} are supported with the memory resource`));
  if ((resource === 'limits.ephemeral-storage' || resource === 'requests.ephemeral-storage') && !DIVISORS.memory!.includes(s)) errs.push(invalid(fp, resource, `only divisor's values ${mem} are supported with the local ephemeral storage resource`));
  if ((resource.startsWith('requests.hugepages-') || resource.startsWith('limits.hugepages-')) && !DIVISORS.memory!.includes(s)) errs.push(invalid(fp, resource, `only divisor's values ${mem} are supported with the hugepages resource`));
  return errs;
}

export function validateResourceFieldSelector(fs: Obj, p: FieldPath, volume: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const resource = str(fs.resource);
  if (volume && !str(fs.containerName)) errs.push(required(p.child('containerName')));
  else if (!resource) errs.push(required(p.child('resource')));
  else if (!RESOURCE_FIELDS.includes(resource) && !resource.startsWith('limits.hugepages-') && !resource.startsWith('requests.hugepages-')) {
    errs.push(notSupported(p.child('resource'), resource, RESOURCE_FIELDS));
  }
  errs.push(...validateDivisor(resource, fs.divisor, p));
  return errs;
}
