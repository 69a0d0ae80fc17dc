// Subresources (status, scale, binding, eviction, finalize, connect) and the virtual create-only
// resources (access reviews, self subject review).

import { apiVersionOf, type KubeObject } from '../../api/types.js';
import { isStatusError, StatusError, statusErrors, successStatus, type StatusDetails } from '../../machinery/errors/status.js';
import { fromLabelSelector } from '../../machinery/labels/index.js';
import { DISRUPTION_BUDGET_CAUSE, isPodReady, metaTime, type PodDisruptionBudget, updateDisruptionAllowedCondition } from '../../api/poddisruptionbudget.js';
import type { DeleteOptionsBody, Store } from '../registry/store.js';
import type { AuthzAttributes, PolicyRule } from '../auth/authz.js';
import { readBody, decodeObject } from '../http/body.js';
import { writeJson } from '../http/respond.js';
import { formatSelector } from './selectors.js';
import { handleGet } from './read.js';
import { requestContext, type Scope } from './scope.js';
import { checkDecoded, decodeBody, deleteOptions, fieldManager, handlePatch, handleUpdate, typeIdOf } from './write.js';
import { applyPatch } from './patch.js';

/** What subresource handlers need from the server beyond the scope. */
export interface SubresourceHost {
  authorizeAttrs(a: AuthzAttributes): boolean;
  authz: { rulesFor(user: Scope['user'], namespace: string): PolicyRule[] };
  /** TokenReview: the user a bearer token names, or null; and the audiences the server accepts by default. */
  reviewToken?(token: string, audiences?: string[]): Promise<Scope['user'] | null>;
  apiAudiences?: string[];
}

export async function handleSubresource(s: Scope, host: SubresourceHost): Promise<void> {
  if (!s.store) return handleVirtual(s, host);
  const sub = s.def.subresources?.find((x) => x.name === s.info.subresource);
  if (!sub) throw statusErrors.notFoundPath();
  const verb = s.info.verb;
  if (sub.connect) {
    if (s.env.connect && (await s.env.connect(s))) return;
    throw statusErrors.notImplemented(`${s.def.plural}/${sub.name} is not served by this kts apiserver yet`);
  }
  if (!sub.verbs.includes(verb as never)) throw statusErrors.methodNotSupported({ group: s.def.group, resource: `${s.def.plural}/${sub.name}` }, verb);
  switch (sub.name) {
    case 'status':
    case 'finalize':
    case 'ephemeralcontainers':
    case 'resize':
    case 'approval':
      if (verb === 'get') return handleGet(s);
      if (verb === 'update') return handleUpdate(s);
      return handlePatch(s);
    case 'scale':
      return handleScale(s);
    case 'binding':
      return handleBinding(s);
    case 'eviction':
      return handleEviction(s);
    case 'token':
      return handleTokenRequest(s);
    default:
      throw statusErrors.notImplemented(`${s.def.plural}/${sub.name} is not implemented by kts yet`);
  }
}

// ---------------------------------------------------------------- scale

type ScalableSpec = { replicas?: number; selector?: unknown };

function toScale(s: Scope, o: KubeObject): KubeObject {
  const spec = (o.spec ?? {}) as ScalableSpec;
  const status = (o.status ?? {}) as { replicas?: number };
  const sel = spec.selector;
  const selector = s.def.kind === 'ReplicationController' ? formatSelector({ matchLabels: sel as Record<string, string> }) : formatSelector(sel as never);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: o.metadata.name!,
      namespace: o.metadata.namespace!,
      uid: o.metadata.uid!,
      resourceVersion: o.metadata.resourceVersion!,
      creationTimestamp: o.metadata.creationTimestamp ?? null,
    },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector },
  };
}

async function handleScale(s: Scope): Promise<void> {
  const ctx = requestContext(s, { subresource: '' });
  if (s.info.verb === 'get') {
    const o = await s.store.get(ctx, s.info.name);
    writeJson(s.res, 200, toScale(s, o));
    return;
  }
  const expect = { group: 'autoscaling', version: 'v1', kind: 'Scale' };
  let scaleIn: KubeObject | null = null;
  let patchBody: Buffer | null = null;
  if (s.info.verb === 'update') scaleIn = await decodeBody(s);
  else patchBody = await readBody(s.req);
  const r = await s.store.update(ctx, s.info.name, (cur) => {
    if (!cur) throw statusErrors.notFound(s.store.gr, s.info.name);
    const curScale = toScale(s, cur);
    let want: KubeObject;
    if (scaleIn) want = scaleIn;
    else {
      want = applyPatch({
        contentType: String(s.req.headers['content-type'] ?? ''),
        body: patchBody!,
        current: curScale,
        typeId: 'autoscaling.v1.Scale',
        manager: s.query.get('fieldManager') ?? 'unknown',
        force: s.query.get('force') === 'true',
        now: s.now,
        apiVersion: 'autoscaling/v1',
      });
      want = checkDecoded(s, want as Record<string, unknown>, expect);
    }
    const rv = want.metadata?.resourceVersion;
    if (rv && rv !== cur.metadata.resourceVersion) throw statusErrors.modified(s.store.gr, s.info.name);
    const replicas = (want.spec as { replicas?: number } | undefined)?.replicas;
    if (replicas === undefined || replicas < 0 || !Number.isInteger(replicas))
      throw statusErrors.invalid({ group: 'autoscaling', kind: 'Scale' }, s.info.name, `Scale.autoscaling "${s.info.name}" is invalid: spec.replicas: Invalid value: ${replicas ?? 'null'}: must be greater than or equal to 0`, [
        { reason: 'FieldValueInvalid', field: 'spec.replicas', message: `Invalid value: ${replicas}: must be greater than or equal to 0` },
      ]);
    (cur.spec as ScalableSpec).replicas = replicas;
    cur.metadata.resourceVersion = '';
    return cur;
  }, { fieldManager: fieldManager(s, 'unknown') });
  writeJson(s.res, 200, toScale(s, r.obj));
}

// ---------------------------------------------------------------- binding & eviction

async function handleBinding(s: Scope): Promise<void> {
  const body = await decodeBody(s);
  const target = (body.target ?? {}) as { name?: string; kind?: string };
  const name = s.info.name || body.metadata.name || '';
  if (!target.name)
    throw statusErrors.invalid({ group: '', kind: 'Binding' }, name, `Binding "${name}" is invalid: target.name: Required value`, [{ reason: 'FieldValueRequired', field: 'target.name', message: 'Required value' }]);
  const ctx = requestContext(s, { subresource: 'binding' });
  await s.store.guaranteedUpdate(ctx, name, (cur) => {
    if (cur.metadata.deletionTimestamp) throw statusErrors.conflict(s.store.gr, name, `pod ${name} is being deleted, cannot be assigned to a host`);
    const spec = (cur.spec ?? {}) as { nodeName?: string };
    if (spec.nodeName) throw statusErrors.conflict(s.store.gr, name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
    spec.nodeName = target.name;
    const status = (cur.status ??= {}) as { conditions?: Array<Record<string, unknown>> };
    const conds = (status.conditions ??= []);
    const now = s.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const i = conds.findIndex((c) => c.type === 'PodScheduled');
    const c = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now };
    if (i >= 0) conds[i] = c;
    else conds.push(c);
    return cur;
  }, { fieldManager: fieldManager(s, 'kube-scheduler') });
  writeJson(s.res, 201, successStatus());
}

// pods/eviction (upstream's EvictionREST): a pod that is terminal, pending or already being deleted
// goes at once; any other must be allowed by the one PodDisruptionBudget that selects it, whose
// status.disruptionsAllowed is decremented (and the pod recorded in status.disruptedPods, for the
// disruption controller) before the pod is deleted with the eviction's deleteOptions.

/** Entries of status.disruptedPods beyond which evictions are refused (the controller is behind). */
const MAX_DISRUPTED_POD_SIZE = 2000;
/** Conflicting writes retried (upstream's EvictionsRetry has 20 steps). */
const EVICTION_RETRIES = 20;

type EvictionDeleteOptions = DeleteOptionsBody;

/** Terminal, not yet running, or already going: evicting it cannot disrupt anything more. */
function canIgnorePDB(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata.deletionTimestamp;
}

/** Whether the delete must be pinned to the resourceVersion seen (not for terminal or terminating pods). */
function shouldEnforceResourceVersion(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return !(phase === 'Succeeded' || phase === 'Failed' || pod.metadata.deletionTimestamp);
}

function withResourceVersion(o: EvictionDeleteOptions, rv: string | undefined): EvictionDeleteOptions {
  return { ...o, preconditions: { ...(o.preconditions ?? {}), ...(rv !== undefined ? { resourceVersion: rv } : {}) } };
}

function evictionRefused(causeMessage: string, retryAfterSeconds: number): StatusError {
  const details: StatusDetails = { causes: [{ reason: DISRUPTION_BUDGET_CAUSE, message: causeMessage }] };
  if (retryAfterSeconds > 0) details.retryAfterSeconds = retryAfterSeconds;
  return new StatusError(429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", details);
}

/** The budget is newer than its status: the controller has not looked at it yet. */
const stillProcessing = (name: string) => evictionRefused(`The disruption budget ${name} is still being processed by the server.`, 10);

/** Budgets in the pod's namespace whose (non-empty) selector matches the pod. */
async function budgetsOf(s: Scope, pdbs: Store, pod: KubeObject): Promise<PodDisruptionBudget[]> {
  const { items } = await pdbs.list(requestContext(s, { subresource: '', namespace: pod.metadata.namespace ?? s.info.namespace }), {});
  const labels = pod.metadata.labels ?? {};
  const out: PodDisruptionBudget[] = [];
  for (const it of items) {
    const pdb = it.obj as PodDisruptionBudget;
    if (pdb.metadata.namespace !== pod.metadata.namespace) continue;
    let sel;
    try {
      sel = fromLabelSelector(pdb.spec?.selector ?? null);
    } catch {
      continue; // an invalid selector matches nothing
    }
    // A budget with a nil or empty selector must match nothing here, not everything.
    if (sel.empty() || !sel.matches(labels)) continue;
    out.push(pdb);
  }
  return out;
}

/** Checks that the budget allows one more disruption and takes it (upstream's checkAndDecrement). */
function checkAndDecrement(pdb: PodDisruptionBudget, podName: string, nowMs: number, dryRun: boolean): PodDisruptionBudget {
  const name = pdb.metadata.name ?? '';
  const st = (pdb.status ??= {});
  const gr = { group: 'policy', resource: 'poddisruptionbudget' };
  if ((st.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) throw stillProcessing(name);
  const allowed = st.disruptionsAllowed ?? 0;
  if (allowed < 0) throw statusErrors.forbidden(gr, name, 'pdb disruptions allowed is negative');
  if (Object.keys(st.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE)
    throw statusErrors.forbidden(gr, name, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  if (allowed === 0) throw evictionRefused(`The disruption budget ${name} needs ${st.desiredHealthy ?? 0} healthy pods and has ${st.currentHealthy ?? 0} currently`, 0);
  st.disruptionsAllowed = allowed - 1;
  if (st.disruptionsAllowed === 0) updateDisruptionAllowedCondition(pdb, nowMs);
  if (dryRun) return pdb;
  // Tell the disruption controller the pod is about to go, so it stops counting it as healthy; if it
  // does not go within the controller's deletion timeout the entry is dropped again.
  st.disruptedPods = { ...(st.disruptedPods ?? {}), [podName]: metaTime(nowMs) };
  return pdb;
}

async function handleEviction(s: Scope): Promise<void> {
  const body = await decodeBody(s);
  const name = s.info.name;
  if ((body.metadata.name ?? '') !== name) throw statusErrors.badRequest('name in URL does not match name in Eviction object');
  if (body.metadata.namespace && body.metadata.namespace !== s.info.namespace)
    throw statusErrors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  // The request's dryRun and the eviction's deleteOptions.dryRun must agree (upstream's propagateDryRun).
  const original: EvictionDeleteOptions = { ...((body.deleteOptions ?? {}) as EvictionDeleteOptions) };
  const queryDryRun = s.query.getAll('dryRun');
  if (!original.dryRun?.length) {
    if (queryDryRun.length) original.dryRun = queryDryRun;
  } else if (queryDryRun.length && queryDryRun.join('\u0000') !== original.dryRun.join('\u0000')) {
    throw statusErrors.internal(`Non-matching dry-run options in request and content: [${queryDryRun.join(' ')}] and [${original.dryRun.join(' ')}]`);
  }
  const dryRun = !!original.dryRun?.includes('All');
  // Admission sees the eviction itself first (NodeRestriction: a node evicts only its own pods),
  // before any budget is touched.
  await s.store.admitSubresourceCreate(requestContext(s, { subresource: 'eviction', dryRun }), name, body);
  const ctx = requestContext(s, { subresource: '', dryRun });
  const rvUnset = !original.preconditions?.resourceVersion;
  const success = () => writeJson(s.res, 201, { ...successStatus(), code: 201 });

  // Pods a budget does not protect go at once (retrying conflicts unless the caller pinned a version).
  let pod: KubeObject;
  for (let attempt = 0; ; attempt++) {
    pod = await s.store.get(ctx, name);
    if (!canIgnorePDB(pod)) break;
    const opts = shouldEnforceResourceVersion(pod) && rvUnset ? withResourceVersion(original, pod.metadata.resourceVersion) : original;
    try {
      await s.store.delete(ctx, name, opts);
      success();
      return;
    } catch (err) {
      if (isStatusError(err, 'Conflict') && rvUnset && attempt < EVICTION_RETRIES) continue;
      throw err;
    }
  }

  const pdbs = s.env.storeFor('policy', 'poddisruptionbudgets');
  let pdbName = '';
  let pinToResourceVersion = false;
  const matching = pdbs ? await budgetsOf(s, pdbs, pod) : [];
  if (matching.length > 1) {
    writeJson(s.res, 500, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      code: 500,
    });
    return;
  }
  if (matching.length === 1 && pdbs) {
    const pdb = matching[0]!;
    pdbName = pdb.metadata.name ?? '';
    const st = pdb.status ?? {};
    // An unready pod does not count as healthy: evicting it takes nothing from the budget, if the
    // budget's policy (or its health) allows that; the delete is then pinned to the version checked.
    const alwaysAllow = pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow';
    if (!isPodReady(pod) && (alwaysAllow || ((st.currentHealthy ?? 0) >= (st.desiredHealthy ?? 0) && (st.desiredHealthy ?? 0) > 0))) {
      pinToResourceVersion = true;
    } else {
      await pdbs.guaranteedUpdate(
        { ...ctx, namespace: pod.metadata.namespace ?? s.info.namespace, subresource: 'status' },
        pdbName,
        (cur) => checkAndDecrement(cur as PodDisruptionBudget, name, s.now.getTime(), dryRun),
        { fieldManager: 'kube-apiserver', dryRun },
      );
    }
  }

  // No budget, or the budget allowed it: delete the pod.
  const opts = pinToResourceVersion ? withResourceVersion(original, pod.metadata.resourceVersion) : original;
  try {
    await s.store.delete(ctx, name, opts);
  } catch (err) {
    // The pod changed (it may have become ready) since it was checked: let the client try again.
    if (isStatusError(err, 'Conflict') && pinToResourceVersion && rvUnset) throw stillProcessing(pdbName);
    throw err;
  }
  success();
}

async function handleTokenRequest(s: Scope): Promise<void> {
  const req = await decodeBody(s);
  await s.store.admitSubresourceCreate(requestContext(s, { subresource: 'token' }), s.info.name, req);
  if (!s.env.tokens) throw statusErrors.notImplemented('service account token issuing is not configured');
  const spec = (req.spec ?? {}) as { audiences?: string[]; expirationSeconds?: number; boundObjectRef?: { kind?: string; name?: string; uid?: string } };
  const sa = await s.store.get(requestContext(s, { subresource: '' }), s.info.name);
  let boundPod: KubeObject | undefined;
  if (spec.boundObjectRef?.kind === 'Pod' && spec.boundObjectRef.name) {
    const pods = s.env.storeFor('', 'pods');
    boundPod = await pods?.get(requestContext(s, { subresource: '' }), spec.boundObjectRef.name);
    if (spec.boundObjectRef.uid && boundPod?.metadata.uid !== spec.boundObjectRef.uid)
      throw statusErrors.conflict({ group: '', resource: 'pods' }, spec.boundObjectRef.name, 'the UID in the bound object reference does not match the object');
  }
  if (spec.expirationSeconds !== undefined && spec.expirationSeconds < 600)
    throw statusErrors.invalid({ group: 'authentication.k8s.io', kind: 'TokenRequest' }, s.info.name, `TokenRequest.authentication.k8s.io "${s.info.name}" is invalid: spec.expirationSeconds: Invalid value: ${spec.expirationSeconds}: may not specify a duration less than 10 minutes`, [
      { reason: 'FieldValueInvalid', field: 'spec.expirationSeconds', message: `Invalid value: ${spec.expirationSeconds}: may not specify a duration less than 10 minutes` },
    ]);
  const { token, expiration } = await s.env.tokens.issue({
    namespace: s.info.namespace,
    sa,
    ...(spec.audiences?.length ? { audiences: spec.audiences } : {}),
    expirationSeconds: spec.expirationSeconds ?? 3600,
    ...(boundPod ? { boundPod } : {}),
    now: s.now,
  });
  const out: KubeObject = {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name: s.info.name, namespace: s.info.namespace, creationTimestamp: null },
    spec: { audiences: spec.audiences?.length ? spec.audiences : [s.env.tokens.issuer], expirationSeconds: spec.expirationSeconds ?? 3600, boundObjectRef: spec.boundObjectRef ?? null },
    status: { token, expirationTimestamp: expiration.toISOString().replace(/\.\d{3}Z$/, 'Z') },
  };
  writeJson(s.res, 201, out);
}

// ---------------------------------------------------------------- virtual resources

async function handleVirtual(s: Scope, host: SubresourceHost): Promise<void> {
  if (s.info.verb !== 'create') throw statusErrors.methodNotSupported({ group: s.def.group, resource: s.def.plural }, s.info.verb);
  const raw = decodeObject(await readBody(s.req), {
    contentType: s.req.headers['content-type'],
    expect: { group: s.def.group, version: s.def.version, kind: s.def.kind },
    ...(s.env.protobuf ? { protobuf: s.env.protobuf } : {}),
  });
  const obj = checkDecoded(s, raw, { group: s.def.group, version: s.def.version, kind: s.def.kind });
  obj.apiVersion = apiVersionOf(s.def.group, s.def.version);
  obj.kind = s.def.kind;
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  const attrsFrom = (user: Scope['user'], ns: string): AuthzAttributes => {
    const ra = spec.resourceAttributes as Record<string, string> | undefined;
    const na = spec.nonResourceAttributes as Record<string, string> | undefined;
    if (ra)
      return {
        user,
        verb: ra.verb ?? '',
        resourceRequest: true,
        apiGroup: ra.group ?? '',
        resource: ra.resource ?? '',
        subresource: ra.subresource ?? '',
        namespace: ns || ra.namespace || '',
        name: ra.name ?? '',
        path: '',
      };
    return { user, verb: na?.verb ?? '', resourceRequest: false, apiGroup: '', resource: '', subresource: '', namespace: '', name: '', path: na?.path ?? '' };
  };
  switch (s.def.plural) {
    case 'selfsubjectaccessreviews':
    case 'subjectaccessreviews':
    case 'localsubjectaccessreviews': {
      let user = s.user;
      if (s.def.plural !== 'selfsubjectaccessreviews') {
        const groups = (spec.groups as string[] | undefined) ?? [];
        user = { username: String(spec.user ?? ''), groups, ...(spec.uid ? { uid: String(spec.uid) } : {}) };
      }
      const allowed = host.authorizeAttrs(attrsFrom(user, s.def.plural === 'localsubjectaccessreviews' ? s.info.namespace : ''));
      obj.status = allowed ? { allowed: true, reason: 'RBAC: allowed' } : { allowed: false };
      writeJson(s.res, 201, obj);
      return;
    }
    case 'selfsubjectrulesreviews': {
      const ns = String(spec.namespace ?? '');
      const rules = host.authz.rulesFor(s.user, ns);
      const masters = s.user.groups.includes('system:masters');
      const resourceRules = masters ? [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }] : rules.filter((r) => r.resources?.length).map((r) => ({ ...r }));
      const nonResourceRules = masters ? [{ verbs: ['*'], nonResourceURLs: ['*'] }] : rules.filter((r) => r.nonResourceURLs?.length).map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs }));
      obj.status = { resourceRules, nonResourceRules, incomplete: false };
      writeJson(s.res, 201, obj);
      return;
    }
    case 'tokenreviews': {
      if (!host.reviewToken) throw statusErrors.notImplemented('token review is not configured on this kts apiserver');
      const token = typeof spec.token === 'string' ? spec.token : '';
      if (!token) throw statusErrors.invalid({ group: s.def.group, kind: s.def.kind }, '', `TokenReview.authentication.k8s.io "" is invalid: spec.token: Required value`, [{ reason: 'FieldValueRequired', field: 'spec.token', message: 'Required value' }]);
      const wanted = Array.isArray(spec.audiences) ? (spec.audiences as unknown[]).map(String) : undefined;
      const user = await host.reviewToken(token, wanted);
      if (!user) obj.status = { authenticated: false, error: 'invalid bearer token', user: {} };
      else {
        const ui: Record<string, unknown> = { username: user.username, groups: user.groups };
        if (user.uid) ui.uid = user.uid;
        if (user.extra) ui.extra = user.extra;
        obj.status = { authenticated: true, user: ui, audiences: wanted?.length ? wanted : (host.apiAudiences ?? []) };
      }
      writeJson(s.res, 201, obj);
      return;
    }
    case 'selfsubjectreviews': {
      const ui: Record<string, unknown> = { username: s.user.username, groups: s.user.groups };
      if (s.user.uid) ui.uid = s.user.uid;
      if (s.user.extra) ui.extra = s.user.extra;
      obj.status = { userInfo: ui };
      writeJson(s.res, 201, obj);
      return;
    }
    default:
      throw statusErrors.notImplemented(`${s.def.group}/${s.def.plural} is not served by this kts apiserver yet`);
  }
}

export { typeIdOf, deleteOptions };
