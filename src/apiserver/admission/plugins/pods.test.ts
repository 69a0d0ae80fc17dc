// The pod admission plugins by themselves: ServiceAccount (defaulting, the kube-api-access volume,
// refusal of a missing service account after waiting for "default"), DefaultTolerationSeconds and
// Priority, with upstream's messages.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RESOURCES, type ResourceDef } from '../../../api/resources.js';
import type { KubeObject } from '../../../api/types.js';
import { StatusError } from '../../../machinery/errors/status.js';
import type { AdmissionAttributes } from '../interface.js';
import { defaultTolerationSeconds, priorityAdmission, serviceAccountAdmission, type ServiceAccountAccess } from './pods.js';

const PODS: ResourceDef = RESOURCES.find((d) => d.group === '' && d.plural === 'pods')!;

function createAttrs(pod: KubeObject, namespace = 'ns1'): AdmissionAttributes {
  return { operation: 'CREATE', def: PODS, subresource: '', namespace, name: pod.metadata.name ?? '', object: pod, user: { username: 'u', groups: [] }, dryRun: false };
}

const pod = (spec: Record<string, unknown> = {}, meta: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  metadata: { name: 'p', namespace: 'ns1', ...meta },
  spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec },
});

/** Service accounts in a map; `lookups` counts live lookups; `appearAfter` makes one show up late. */
function access(sas: Record<string, KubeObject>, appearAfter?: { key: string; lookups: number; sa: KubeObject }) {
  const state = { lookups: 0 };
  const a: ServiceAccountAccess = {
    get: (ns, name) => sas[`${ns}/${name}`],
    lookup: async (ns, name) => {
      state.lookups++;
      if (appearAfter && `${ns}/${name}` === appearAfter.key && state.lookups >= appearAfter.lookups) sas[appearAfter.key] = appearAfter.sa;
      return sas[`${ns}/${name}`];
    },
  };
  return { a, state };
}

async function forbidden(p: Promise<unknown>): Promise<StatusError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof StatusError, String(err));
    assert.equal(err.status.code, 403);
    assert.equal(err.status.reason, 'Forbidden');
    return err;
  }
  assert.fail('expected a 403');
}

describe('ServiceAccount admission', () => {
  const fast = { retryIntervalMs: () => 1 };

  it('defaults serviceAccountName to default and mounts the kube-api-access volume in every container', async () => {
    const { a } = access({ 'ns1/default': { metadata: { name: 'default', namespace: 'ns1' } } });
    const p = pod({ initContainers: [{ name: 'i', image: 'busybox' }] });
    await serviceAccountAdmission(a, fast).admit!(createAttrs(p));
    const spec = p.spec as { serviceAccountName: string; serviceAccount: string; volumes: Array<{ name: string; projected?: { sources: unknown[] } }>; containers: Array<{ volumeMounts: unknown[] }>; initContainers: Array<{ volumeMounts: unknown[] }> };
    assert.equal(spec.serviceAccountName, 'default');
    assert.equal(spec.serviceAccount, 'default');
    assert.equal(spec.volumes.length, 1);
    assert.match(spec.volumes[0]!.name, /^kube-api-access-[a-z0-9]{5}$/);
    assert.equal(spec.volumes[0]!.projected?.sources.length, 3);
    for (const c of [...spec.containers, ...spec.initContainers]) {
      assert.deepEqual(c.volumeMounts, [{ name: spec.volumes[0]!.name, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }]);
    }
  });

  it('mounts nothing when the service account or the pod opts out', async () => {
    const { a } = access({ 'ns1/robot': { metadata: { name: 'robot' }, automountServiceAccountToken: false }, 'ns1/default': { metadata: { name: 'default' } } });
    const p1 = pod({ serviceAccountName: 'robot' });
    await serviceAccountAdmission(a, fast).admit!(createAttrs(p1));
    assert.equal((p1.spec as { volumes?: unknown[] }).volumes, undefined);
    const p2 = pod({ automountServiceAccountToken: false });
    await serviceAccountAdmission(a, fast).admit!(createAttrs(p2));
    assert.equal((p2.spec as { volumes?: unknown[] }).volumes, undefined);
  });

  it('refuses a pod whose service account does not exist, as upstream, after one live lookup', async () => {
    const { a, state } = access({});
    const err = await forbidden(serviceAccountAdmission(a, fast).admit!(createAttrs(pod({ serviceAccountName: 'robot' }))) as Promise<void>);
    assert.equal(err.status.message, 'pods "p" is forbidden: error looking up service account ns1/robot: serviceaccount "robot" not found');
    assert.equal(state.lookups, 1);
  });

  it('waits for the default service account (10 live lookups) and names a generated pod by its generateName', async () => {
    const { a, state } = access({});
    const p = pod({}, { name: undefined, generateName: 'web-' });
    const err = await forbidden(serviceAccountAdmission(a, fast).admit!(createAttrs(p)) as Promise<void>);
    assert.equal(err.status.message, 'pods "web-" is forbidden: error looking up service account ns1/default: serviceaccount "default" not found');
    assert.equal(state.lookups, 10);
  });

  it('admits the pod once the default service account shows up while it waits', async () => {
    const { a, state } = access({}, { key: 'ns1/default', lookups: 3, sa: { metadata: { name: 'default', namespace: 'ns1' } } });
    const p = pod();
    await serviceAccountAdmission(a, fast).admit!(createAttrs(p));
    assert.equal(state.lookups, 3);
    assert.equal((p.spec as { volumes: unknown[] }).volumes.length, 1);
  });

  it('leaves mirror pods alone', async () => {
    const { a, state } = access({});
    const p = pod({}, { annotations: { 'kubernetes.io/config.mirror': 'x' } });
    await serviceAccountAdmission(a, fast).admit!(createAttrs(p));
    assert.equal((p.spec as { serviceAccountName?: string }).serviceAccountName, undefined);
    assert.equal(state.lookups, 0);
  });
});

describe('DefaultTolerationSeconds admission', () => {
  it('adds the not-ready and unreachable NoExecute tolerations unless the pod has them', async () => {
    const p = pod({ tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }] });
    await defaultTolerationSeconds({ notReadySeconds: 30 }).admit!(createAttrs(p));
    assert.deepEqual((p.spec as { tolerations: unknown[] }).tolerations, [
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
    ]);
  });
});

describe('Priority admission', () => {
  const classes: Record<string, KubeObject> = { high: { metadata: { name: 'high' }, value: 1000, preemptionPolicy: 'Never' } };
  const plugin = priorityAdmission({ get: (n) => classes[n], globalDefault: () => undefined });

  it('resolves a class to its value and policy, and the system classes without objects', async () => {
    const p = pod({ priorityClassName: 'high' });
    await plugin.admit!(createAttrs(p));
    assert.equal((p.spec as { priority: number }).priority, 1000);
    assert.equal((p.spec as { preemptionPolicy: string }).preemptionPolicy, 'Never');
    const s = pod({ priorityClassName: 'system-node-critical' });
    await plugin.admit!(createAttrs(s));
    assert.equal((s.spec as { priority: number }).priority, 2000001000);
  });

  it('refuses an unknown class and a hand-set priority with upstream messages', async () => {
    const e1 = await forbidden(Promise.resolve().then(() => plugin.admit!(createAttrs(pod({ priorityClassName: 'nope' })))));
    assert.equal(e1.status.message, 'pods "p" is forbidden: no PriorityClass with name nope was found');
    const e2 = await forbidden(Promise.resolve().then(() => plugin.admit!(createAttrs(pod({ priorityClassName: 'high', priority: 5 })))));
    assert.equal(e2.status.message, 'pods "p" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name');
  });
});
