import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../../machinery/clock/index.js';
import { ANN_SELECTED_NODE } from '../../../machinery/volume/index.js';
import { CycleState } from '../../framework/cycle-state.js';
import { PodInfo } from '../../framework/pod-info.js';
import { Code } from '../../framework/status.js';
import { filterAll, testFramework } from '../../testing/handle.js';
import { FakeVolumeAPI, makePV, makePVC, makeStorageClass, withClaims, withEphemeral } from '../../testing/volumes.js';
import { makeNode, makePod } from '../../testing/wrappers.js';
import { Names } from '../names.js';
import { VolumeBinding } from './volume-binding.js';

const nodes = [makeNode('n1', { labels: { zone: 'a' } }), makeNode('n2', { labels: { zone: 'b' } }), makeNode('n3', { labels: { zone: 'b' } })];

function setup(api: FakeVolumeAPI, args: Record<string, unknown> = { pollIntervalMs: 1000 }) {
  const clock = new FakeClock();
  const t = testFramework({ nodes, plugins: [{ name: Names.VolumeBinding, args }], volumeLister: api, volumeBinder: api, clock });
  const plugin = t.fwk.plugins.find((p) => p.name === Names.VolumeBinding) as VolumeBinding;
  return { t, plugin, clock };
}

/** PreFilter + Filter + Reserve on `node`, as a scheduling cycle would. */
function reserveOn(t: ReturnType<typeof setup>['t'], podJSON: ReturnType<typeof makePod>, node: string) {
  const state = new CycleState();
  const pod = new PodInfo({ ...podJSON, spec: { ...podJSON.spec, nodeName: node } });
  const pre = t.fwk.runPreFilterPlugins(state, new PodInfo(podJSON), t.snapshot.list());
  assert.equal(pre.status, null, pre.status?.message());
  const f = t.fwk.runFilterPlugins(state, new PodInfo(podJSON), t.snapshot.get(node)!);
  assert.equal(f, null, f?.message());
  assert.equal(t.fwk.runReservePluginsReserve(state, pod, node), null);
  return { state, pod };
}

describe('VolumeBinding PreFilter', () => {
  it('skips pods without claims', () => {
    const { t } = setup(new FakeVolumeAPI());
    const state = new CycleState();
    const pre = t.fwk.runPreFilterPlugins(state, new PodInfo(makePod('p')), t.snapshot.list());
    assert.equal(pre.status, null);
    assert.ok(state.skipFilterPlugins.has(Names.VolumeBinding));
  });

  it('rejects missing, deleting, lost and unbound immediate claims with upstream messages', () => {
    const api = new FakeVolumeAPI({
      classes: [makeStorageClass('wait'), makeStorageClass('now', { volumeBindingMode: 'Immediate' })],
      pvcs: [
        makePVC('deleting', { deleting: true }),
        makePVC('lost', { phase: 'Lost', boundTo: 'gone' }),
        makePVC('immediate', { storageClassName: 'now' }),
        makePVC('noclass', { storageClassName: '' }),
        makePVC('missingclass', { storageClassName: 'nosuch' }),
        makePVC('prebound', { storageClassName: 'wait' }),
      ],
    });
    api.pvcs.get('default/prebound')!.spec!.volumeName = 'pv1';
    const { t } = setup(api);
    const msg = (...claims: string[]) => Object.values(filterAll(t, withClaims(makePod('p'), ...claims)))[0];
    assert.equal(msg('nope'), 'persistentvolumeclaim "nope" not found');
    assert.equal(msg('deleting'), 'persistentvolumeclaim "deleting" is being deleted');
    assert.equal(msg('lost'), 'persistentvolumeclaim "lost" bound to non-existent persistentvolume "gone"');
    for (const c of ['immediate', 'noclass', 'missingclass', 'prebound']) assert.equal(msg(c), 'pod has unbound immediate PersistentVolumeClaims', c);
    const pre = t.fwk.runPreFilterPlugins(new CycleState(), new PodInfo(withClaims(makePod('p'), 'nope')), t.snapshot.list());
    assert.equal(pre.status!.code, Code.UnschedulableAndUnresolvable);
    assert.equal(pre.status!.plugin, Names.VolumeBinding);
  });

  it('waits for the ephemeral volume controller and checks the claim belongs to the pod', () => {
    const api = new FakeVolumeAPI({ classes: [makeStorageClass('wait')] });
    const { t } = setup(api);
    const pod = withEphemeral(makePod('web'), 'scratch');
    assert.equal(filterAll(t, pod).n1, 'waiting for ephemeral volume controller to create the persistentvolumeclaim "web-scratch"');
    api.putPVC(makePVC('web-scratch', { boundTo: 'pv', ownerUID: 'someone-else' }));
    assert.equal(filterAll(t, pod).n1, 'PVC default/web-scratch was not created for pod default/web (pod is not owner)');
    api.putPVC(makePVC('web-scratch', { boundTo: 'pv', ownerUID: pod.metadata.uid! }));
    api.putPV(makePV('pv', { hostnames: ['n2'] }));
    assert.deepEqual(filterAll(t, pod), { n1: 'node(s) had volume node affinity conflict', n2: '', n3: 'node(s) had volume node affinity conflict' });
  });

  it('fails with an error when a class has no volumeBindingMode', () => {
    const sc = makeStorageClass('broken');
    delete sc.volumeBindingMode;
    const { t } = setup(new FakeVolumeAPI({ classes: [sc], pvcs: [makePVC('c', { storageClassName: 'broken' })] }));
    const pre = t.fwk.runPreFilterPlugins(new CycleState(), new PodInfo(withClaims(makePod('p'), 'c')), t.snapshot.list());
    assert.equal(pre.status!.code, Code.Error);
    assert.match(pre.status!.message(), /VolumeBindingMode not set for StorageClass "broken"/);
  });
});

describe('VolumeBinding Filter', () => {
  it('keeps pods with bound claims on the nodes their volumes allow', () => {
    const api = new FakeVolumeAPI({
      pvs: [makePV('local-n2', { hostnames: ['n2'], phase: 'Bound' }), makePV('zone-b', { phase: 'Bound', nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }] } } })],
      pvcs: [makePVC('data', { boundTo: 'local-n2' }), makePVC('shared', { boundTo: 'zone-b' }), makePVC('dangling', { boundTo: 'deleted-pv' })],
    });
    const { t } = setup(api);
    const conflict = 'node(s) had volume node affinity conflict';
    assert.deepEqual(filterAll(t, withClaims(makePod('p'), 'data')), { n1: conflict, n2: '', n3: conflict });
    assert.deepEqual(filterAll(t, withClaims(makePod('p'), 'shared')), { n1: conflict, n2: '', n3: '' });
    const missing = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
    assert.deepEqual(filterAll(t, withClaims(makePod('p'), 'dangling')), { n1: missing, n2: missing, n3: missing });
  });

  it('finds Available volumes for WaitForFirstConsumer claims, one volume per claim', () => {
    const api = new FakeVolumeAPI({
      classes: [makeStorageClass('local')],
      pvs: [makePV('pv-n1', { storageClassName: 'local', hostnames: ['n1'] }), makePV('pv-n3', { storageClassName: 'local', hostnames: ['n3'] }), makePV('pv-n3b', { storageClassName: 'local', hostnames: ['n3'] })],
      pvcs: [makePVC('a', { storageClassName: 'local' }), makePVC('b', { storageClassName: 'local' })],
    });
    const { t } = setup(api);
    const none = "node(s) didn't find available persistent volumes to bind";
    assert.deepEqual(filterAll(t, withClaims(makePod('p'), 'a')), { n1: '', n2: none, n3: '' });
    assert.deepEqual(filterAll(t, withClaims(makePod('p'), 'a', 'b')), { n1: none, n2: none, n3: '' }, 'two claims need two volumes on the node');
  });

  it('provisions claims of classes with a provisioner on nodes allowedTopologies admit', () => {
    const api = new FakeVolumeAPI({
      classes: [makeStorageClass('csi', { provisioner: 'csi.example.com', allowedTopologies: [{ matchLabelExpressions: [{ key: 'zone', values: ['b'] }] }] })],
      pvcs: [makePVC('new', { storageClassName: 'csi' })],
    });
    const { t } = setup(api);
    const none = "node(s) didn't find available persistent volumes to bind";
    assert.deepEqual(filterAll(t, withClaims(makePod('p'), 'new')), { n1: none, n2: '', n3: '' });
    api.putPVC(makePVC('new', { storageClassName: 'csi', selectedNode: 'n3' }));
    assert.deepEqual(filterAll(t, withClaims(makePod('p'), 'new')), { n1: none, n2: none, n3: '' }, 'a claim being provisioned only fits its selected node');
  });
});

describe('VolumeBinding Reserve / Unreserve', () => {
  it('assumes the chosen volume so the next pod cannot take it, and forgets it on Unreserve', () => {
    const api = new FakeVolumeAPI({
      classes: [makeStorageClass('local')],
      pvs: [makePV('pv-n1', { storageClassName: 'local', hostnames: ['n1'] })],
      pvcs: [makePVC('a', { storageClassName: 'local' }), makePVC('b', { storageClassName: 'local' })],
    });
    const { t, plugin } = setup(api);
    const first = withClaims(makePod('p1'), 'a');
    const { state, pod } = reserveOn(t, first, 'n1');
    const assumed = plugin.binder!.pvCache.get('pv-n1')!;
    assert.deepEqual(assumed.spec!.claimRef, { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'a', uid: 'uid-pvc-default-a', apiVersion: 'v1', resourceVersion: api.pvcs.get('default/a')!.metadata.resourceVersion });
    assert.equal(assumed.metadata.annotations!['pv.kubernetes.io/bound-by-controller'], 'yes');
    assert.equal(api.pvs.get('pv-n1')!.spec!.claimRef, undefined, 'nothing written at Reserve');
    const none = "node(s) didn't find available persistent volumes to bind";
    assert.equal(filterAll(t, withClaims(makePod('p2'), 'b')).n1, none);
    assert.equal(filterAll(t, withClaims(makePod('p3'), 'a')).n1, '', 'the claim itself still fits its assumed volume');
    t.fwk.runReservePluginsUnreserve(state, pod, 'n1');
    assert.equal(filterAll(t, withClaims(makePod('p2'), 'b')).n1, '');
  });

  it('assumes selected-node on claims to provision', () => {
    const api = new FakeVolumeAPI({ classes: [makeStorageClass('csi', { provisioner: 'csi.example.com' })], pvcs: [makePVC('new', { storageClassName: 'csi' })] });
    const { t, plugin } = setup(api);
    reserveOn(t, withClaims(makePod('p'), 'new'), 'n2');
    assert.equal(plugin.binder!.pvcCache.get('default/new')!.metadata.annotations![ANN_SELECTED_NODE], 'n2');
    assert.equal(filterAll(t, withClaims(makePod('q'), 'new')).n1, "node(s) didn't find available persistent volumes to bind");
  });
});

describe('VolumeBinding PreBind', () => {
  it('does nothing when every claim is bound', async () => {
    const api = new FakeVolumeAPI({ pvs: [makePV('pv', { phase: 'Bound' })], pvcs: [makePVC('c', { boundTo: 'pv' })] });
    const { t } = setup(api);
    const { state, pod } = reserveOn(t, withClaims(makePod('p'), 'c'), 'n1');
    assert.equal(await t.fwk.runPreBindPlugins(state, pod, 'n1'), null);
    assert.equal(api.writes.length, 0);
  });

  it('writes the claimRef and waits until the claim is bound', async () => {
    const api = new FakeVolumeAPI({
      classes: [makeStorageClass('local')],
      pvs: [makePV('pv-n1', { storageClassName: 'local', hostnames: ['n1'] })],
      pvcs: [makePVC('a', { storageClassName: 'local' })],
    });
    const { t, clock } = setup(api);
    const { state, pod } = reserveOn(t, withClaims(makePod('p'), 'a'), 'n1');
    let result: unknown = 'pending';
    const done = t.fwk.runPreBindPlugins(state, pod, 'n1').then((s) => (result = s));
    await clock.waitForTimers(1);
    assert.equal(api.writes.length, 1);
    assert.equal(api.pvs.get('pv-n1')!.spec!.claimRef!.uid, 'uid-pvc-default-a');
    await clock.advance(3000);
    assert.equal(result, 'pending', 'waits while the claim is not bound');
    assert.equal(api.completeBindings(), 1);
    await clock.advance(1000);
    await done;
    assert.equal(result, null);
  });

  it('annotates claims to provision with the node and fails when provisioning is given up', async () => {
    const api = new FakeVolumeAPI({ classes: [makeStorageClass('csi', { provisioner: 'csi.example.com' })], pvcs: [makePVC('new', { storageClassName: 'csi' })] });
    const { t, clock } = setup(api);
    const { state, pod } = reserveOn(t, withClaims(makePod('p'), 'new'), 'n2');
    const done = t.fwk.runPreBindPlugins(state, pod, 'n2');
    await clock.waitForTimers(1);
    const written = api.pvcs.get('default/new')!;
    assert.equal(written.metadata.annotations![ANN_SELECTED_NODE], 'n2');
    // The provisioner gives up: it removes the annotation.
    api.putPVC({ ...written, metadata: { ...written.metadata, annotations: {} } });
    await clock.advance(1000);
    const s = await done;
    assert.equal(s!.code, Code.Error);
    assert.equal(s!.message(), 'running PreBind plugin "VolumeBinding": binding volumes: provisioning failed for PVC "new"');
  });

  it('binds a provisioned claim once the provisioner and the controller are done', async () => {
    const api = new FakeVolumeAPI({ classes: [makeStorageClass('csi', { provisioner: 'csi.example.com' })], pvcs: [makePVC('new', { storageClassName: 'csi' })] });
    const { t, clock } = setup(api);
    const { state, pod } = reserveOn(t, withClaims(makePod('p'), 'new'), 'n3');
    const done = t.fwk.runPreBindPlugins(state, pod, 'n3');
    await clock.waitForTimers(1);
    assert.equal(api.completeBindings({ provision: true }), 1);
    await clock.advance(1000);
    assert.equal(await done, null);
    assert.equal(api.pvcs.get('default/new')!.spec!.volumeName, 'pvc-uid-pvc-default-new');
  });

  it('times out after bindTimeoutSeconds with an error', async () => {
    const api = new FakeVolumeAPI({
      classes: [makeStorageClass('local')],
      pvs: [makePV('pv-n1', { storageClassName: 'local', hostnames: ['n1'] })],
      pvcs: [makePVC('a', { storageClassName: 'local' })],
    });
    const { t, clock } = setup(api, { bindTimeoutSeconds: 5 });
    const { state, pod } = reserveOn(t, withClaims(makePod('p'), 'a'), 'n1');
    const done = t.fwk.runPreBindPlugins(state, pod, 'n1');
    await clock.waitForTimers(1);
    await clock.advance(6000);
    const s = await done;
    assert.equal(s!.code, Code.Error);
    assert.match(s!.message(), /binding volumes: context deadline exceeded/);
  });

  it('fails at once when the API write fails, un-assuming the volume', async () => {
    const api = new FakeVolumeAPI({
      classes: [makeStorageClass('local')],
      pvs: [makePV('pv-n1', { storageClassName: 'local', hostnames: ['n1'] })],
      pvcs: [makePVC('a', { storageClassName: 'local' })],
    });
    const { t, plugin } = setup(api);
    const { state, pod } = reserveOn(t, withClaims(makePod('p'), 'a'), 'n1');
    // Someone else changed the volume since: the PUT conflicts.
    api.putPV(api.pvs.get('pv-n1')!);
    const s = await t.fwk.runPreBindPlugins(state, pod, 'n1');
    assert.equal(s!.code, Code.Error);
    assert.match(s!.message(), /the object has been modified/);
    assert.equal(plugin.binder!.pvCache.size, 0);
  });

  it('stops waiting when the pod is deleted', async () => {
    const api = new FakeVolumeAPI({
      classes: [makeStorageClass('local')],
      pvs: [makePV('pv-n1', { storageClassName: 'local', hostnames: ['n1'] })],
      pvcs: [makePVC('a', { storageClassName: 'local' })],
    });
    const { t, clock } = setup(api);
    api.pods = new Set(['default/p']);
    const { state, pod } = reserveOn(t, withClaims(makePod('p'), 'a'), 'n1');
    const done = t.fwk.runPreBindPlugins(state, pod, 'n1');
    await clock.waitForTimers(1);
    api.pods.clear();
    await clock.advance(1000);
    assert.match((await done)!.message(), /pod does not exist any more/);
  });
});

describe('VolumeBinding without a volume lister', () => {
  it('skips every pod', () => {
    const t = testFramework({ nodes, plugins: [{ name: Names.VolumeBinding }] });
    assert.deepEqual(filterAll(t, withClaims(makePod('p'), 'whatever')), { n1: '', n2: '', n3: '' });
  });
});
