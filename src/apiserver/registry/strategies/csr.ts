// certificates.k8s.io/v1 CertificateSigningRequests: the requester's identity written into the spec,
// status cleared on create, spec fixed after create, approval/status conditions; request PEM,
// signerName, usages and expirationSeconds validated; selectable by spec.signerName.

import type { KubeObject } from '../../../api/types.js';
import {
  type FieldError,
  duplicate,
  GoValue,
  invalid,
  isDNS1123Label,
  notSupported,
  path,
  required,
  tooLong,
} from '../../../machinery/validation/index.js';
import type { FieldErr, RequestContext, Strategy } from '../strategy.js';
import { clone, isObj, type Obj, objs, specOf, str, strs, toErrs } from './util.js';

const USAGES = [
  'any', 'cert sign', 'client auth', 'code signing', 'content commitment', 'crl sign', 'data encipherment', 'decipher only',
  'digital signature', 'email protection', 'encipher only', 'ipsec end system', 'ipsec tunnel', 'ipsec user', 'key agreement',
  'key encipherment', 'microsoft sgc', 'netscape sgc', 'ocsp signing', 's/mime', 'server auth', 'signing', 'timestamping',
];

function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function requestError(req: unknown): string | undefined {
  const pem = Buffer.from(str(req), 'base64').toString('latin1');
  const m = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/.exec(pem);
  if (!m || m[1] !== 'CERTIFICATE REQUEST') return 'PEM block type must be CERTIFICATE REQUEST';
  const der = Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64');
  if (der.length < 2 || der[0] !== 0x30) return 'asn1: structure error: tags don\'t match';
  return undefined;
}

export function validateSignerName(name: string, p: ReturnType<typeof path>): FieldError[] {
  if (!name) return [required(p)];
  const segs = name.split('/');
  if (segs.length !== 2) return [invalid(p, name, "must be a fully qualified domain and path of the form 'example.com/signer-name'")];
  const errs: FieldError[] = [];
  const [domain, rest] = segs as [string, string];
  if (domain.length > 253) errs.push(tooLong(p, 253));
  const labels = domain.split('.');
  for (const l of labels) {
    const e = isDNS1123Label(l);
    if (e.length) {
      errs.push(...e.map((m) => invalid(p, domain, `validating label ${JSON.stringify(l)}: ${m}`)));
      break;
    }
  }
  if (labels.length < 2) errs.push(invalid(p, domain, 'should be a domain with at least two segments separated by dots'));
  for (const l of rest.split('.')) {
    const e = isDNS1123Label(l);
    if (e.length) {
      errs.push(...e.map((m) => invalid(p, rest, `validating label ${JSON.stringify(l)}: ${m}`)));
      break;
    }
  }
  return errs;
}

function validateCSR(o: KubeObject): FieldError[] {
  const spec = isObj(o.spec) ? o.spec : {};
  const sp = path('spec');
  const errs: FieldError[] = [];
  const reqErr = requestError(spec.request);
  if (reqErr) errs.push(invalid(sp.child('request'), new GoValue('[]byte{...}'), reqErr));
  const usages = strs(spec.usages);
  if (usages.length === 0) errs.push(required(sp.child('usages')));
  usages.forEach((u, i) => {
    if (!USAGES.includes(u)) errs.push(notSupported(sp.child('usages').index(i), u, USAGES));
  });
  const seen = new Set<string>();
  usages.forEach((u, i) => {
    if (seen.has(u)) errs.push(duplicate(sp.child('usages').index(i), u));
    seen.add(u);
  });
  const signer = str(spec.signerName);
  if (signer === 'kubernetes.io/legacy-unknown') errs.push(invalid(sp.child('signerName'), signer, 'the legacy signerName is not allowed via this API version'));
  else errs.push(...validateSignerName(signer, sp.child('signerName')));
  if (spec.expirationSeconds !== undefined && spec.expirationSeconds !== null && Number(spec.expirationSeconds) < 600) {
    errs.push(invalid(sp.child('expirationSeconds'), Number(spec.expirationSeconds), 'may not specify a duration less than 600 seconds (10 minutes)'));
  }
  const cp = path('status', 'conditions');
  let approved = false;
  let denied = false;
  objs(isObj(o.status) ? o.status.conditions : undefined).forEach((c, i) => {
    const t = str(c.type);
    if (!t) errs.push(required(cp.index(i).child('type')));
    if (t === 'Approved') approved = true;
    if (t === 'Denied') denied = true;
    const s = str(c.status);
    if (!['True', 'False', 'Unknown'].includes(s)) errs.push(notSupported(cp.index(i).child('status'), s, ['False', 'True', 'Unknown']));
  });
  if (approved && denied) errs.push(invalid(cp, new GoValue('[]certificates.CertificateSigningRequestCondition{...}'), 'Approved and Denied conditions are mutually exclusive'));
  return errs;
}

/** Fills condition timestamps the client left out (populateConditionTimestamps). */
function timestamps(o: KubeObject, old: KubeObject, now: Date): void {
  const olds = objs(isObj(old.status) ? old.status.conditions : undefined);
  for (const c of objs(isObj(o.status) ? o.status.conditions : undefined)) {
    if (!c.lastUpdateTime) c.lastUpdateTime = rfc3339(now);
    if (!c.lastTransitionTime) {
      const prev = olds.find((x) => x.type === c.type && x.status === c.status);
      c.lastTransitionTime = prev?.lastTransitionTime ?? rfc3339(now);
    }
  }
}

export function csrStrategy(): Strategy {
  return {
    prepareForCreate(o: KubeObject, ctx: RequestContext) {
      const spec = specOf(o);
      delete spec.username;
      delete spec.uid;
      delete spec.groups;
      delete spec.extra;
      if (ctx.user.username) spec.username = ctx.user.username;
      if (ctx.user.uid) spec.uid = ctx.user.uid;
      if (ctx.user.groups.length) spec.groups = [...ctx.user.groups];
      if (ctx.user.extra && Object.keys(ctx.user.extra).length) spec.extra = clone(ctx.user.extra);
      o.status = {};
    },
    prepareForUpdate(o: KubeObject, old: KubeObject, ctx: RequestContext) {
      o.spec = clone(old.spec);
      if (ctx.subresource === 'approval') {
        const st = (isObj(o.status) ? o.status : (o.status = {})) as Obj;
        const ost = isObj(old.status) ? old.status : {};
        if (ost.certificate === undefined) delete st.certificate;
        else st.certificate = ost.certificate;
        timestamps(o, old, ctx.now);
      } else {
        o.status = clone(old.status);
        if (o.status === undefined) delete o.status;
      }
    },
    validate: (o: KubeObject): FieldErr[] => toErrs(validateCSR(o)),
    validateUpdate(o: KubeObject, old: KubeObject, ctx: RequestContext): FieldErr[] {
      if (ctx.subresource === 'status') timestamps(o, old, ctx.now);
      return toErrs(validateCSR(o));
    },
    selectableFields: (o: KubeObject) => ({ 'spec.signerName': str(isObj(o.spec) ? o.spec.signerName : '') }),
  };
}
