// The persistentvolume-binder against a real API server (in process): binding, classes, access modes,
// selectors, pre-binding both ways, waiting for a volume, and what happens to a volume whose claim goes.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import type { Client } from '../../machinery/client/index.js';
import { startInProcessServer, type InProcessServer } from '../../machinery/client/testenv.js';
import { realClock } from '../../machinery/clock/clock.js';
import { EventRecorder } from '../../machinery/events/index.js';
import { SharedInformerFactory } from '../../machinery/informers/index.js';
import { PersistentVolumeController } from './controller.js';
import type { PersistentVolume, PersistentVolumeClaim } from './types.js';

async function eventually<T>(fn: () => Promise<T | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function pv(name: string, size: string, o: { modes?: string[]; cls?: string; labels?: Record<string, string>; policy?: string; claimRef?: Record<string, string>; hostPath?: string; annotations?: Record<string, string>; mode?: string } = {}): KubeObject {
  return {
    metadata: { name, ...(o.labels ? { labels: o.labels } : {}), ...(o.annotations ? { annotations: o.annotations } : {}) },
    spec: {
      capacity: { storage: size },
      accessModes: o.modes ?? ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: o.policy ?? 'Retain',
      hostPath: { path: o.hostPath ?? `/data/${name}` },
      ...(o.cls !== undefined ? { storageClassName: o.cls } : {}),
      ...(o.claimRef ? { claimRef: o.claimRef } : {}),
      ...(o.mode ? { volumeMode: o.mode } : {}),
    },
  };
}

function pvc(name: string, size: string, o: { modes?: string[]; cls?: string; selector?: Record<string, unknown>; volumeName?: string } = {}): KubeObject {
  return {
    metadata: { name },
    spec: {
      accessModes: o.modes ?? ['ReadWriteOnce'],
      resources: { requests: { storage: size } },
      ...(o.cls !== undefined ? { storageClassName: o.cls } : {}),
      ...(o.selector ? { selector: o.selector } : {}),
      ...(o.volumeName ? { volumeName: o.volumeName } : {}),
    },
  };
}

describe('persistentvolume-binder against an API server', () => {
  let server: InProcessServer;
  let client: Client;
  let informers: SharedInformerFactory;
  let recorder: EventRecorder;
  let running: Promise<void>;
  const ac = new AbortController();
  let n = 0;

  before(async () => {
    server = await startInProcessServer();
    client = server.client('test');
    const kcm = server.client('kube-controller-manager');
    informers = new SharedInformerFactory(kcm);
    recorder = new EventRecorder(kcm, { component: 'persistentvolume-controller' });
    const c = new PersistentVolumeController({ client: kcm, informers, recorder, clock: realClock, syncPeriodMs: 300 });
    informers.start(ac.signal);
    running = c.run(ac.signal);
  });

  after(async () => {
    ac.abort();
    await running;
    await informers.shutdown();
    await recorder.shutdown();
    await server.stop();
  });

  /** A fresh namespace per test; volume names get its prefix too (volumes are cluster-wide). */
  async function ns(): Promise<string> {
    const name = `t${++n}`;
    await client.resource('namespaces').create({ metadata: { name } });
    return name;
  }

  const pvs = () => client.resource<PersistentVolume>('persistentvolumes');
  const pvcs = (namespace: string) => client.resource<PersistentVolumeClaim>('persistentvolumeclaims', namespace);

  async function boundClaim(namespace: string, name: string): Promise<PersistentVolumeClaim> {
    return eventually(async () => {
      const c = await pvcs(namespace).get(name);
      return c.status?.phase === 'Bound' ? c : undefined;
    }, `claim ${namespace}/${name} to be Bound`);
  }

  async function volumePhase(name: string, phase: string): Promise<PersistentVolume> {
    return eventually(async () => {
      const v = await pvs().get(name);
      return v.status?.phase === phase ? v : undefined;
    }, `volume ${name} to be ${phase}`);
  }

  async function event(namespace: string, involved: string, reason: string): Promise<{ message?: string; type?: string }> {
    return eventually(async () => {
      const list = await client.resource('events', namespace).list();
      return list.items.find((e) => (e.involvedObject as { name?: string }).name === involved && e.reason === reason) as { message?: string; type?: string } | undefined;
    }, `event ${reason} about ${involved}`);
  }

  it('binds the smallest volume that fits, both ways', async () => {
    const t = await ns();
    for (const [name, size] of [['small', '1Gi'], ['medium', '5Gi'], ['large', '10Gi']] as const) await pvs().create(pv(`${t}-${name}`, size, { cls: t }));
    await volumePhase(`${t}-small`, 'Available');
    await volumePhase(`${t}-large`, 'Available');
    const created = await pvcs(t).create(pvc('data', '3Gi', { cls: t }));
    const claim = await boundClaim(t, 'data');
    assert.equal(claim.spec?.volumeName, `${t}-medium`);
    assert.equal(claim.metadata.annotations?.['pv.kubernetes.io/bind-completed'], 'yes');
    assert.equal(claim.metadata.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
    assert.deepEqual(claim.status?.accessModes, ['ReadWriteOnce']);
    assert.equal(claim.status?.capacity?.storage, '5Gi');
    const vol = await volumePhase(`${t}-medium`, 'Bound');
    const ref = vol.spec?.claimRef;
    assert.equal(ref?.kind, 'PersistentVolumeClaim');
    assert.equal(ref?.apiVersion, 'v1');
    assert.equal(ref?.namespace, t);
    assert.equal(ref?.name, 'data');
    assert.equal(ref?.uid, created.metadata.uid);
    assert.ok(ref?.resourceVersion);
    assert.equal(vol.metadata.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
    assert.ok(vol.status?.lastPhaseTransitionTime);
    assert.equal((await pvs().get(`${t}-small`)).status?.phase, 'Available');
    assert.equal((await pvs().get(`${t}-large`)).status?.phase, 'Available');
  });

  it('respects storageClassName, accessModes, volumeMode and the selector', async () => {
    const t = await ns();
    // Volumes are cluster-wide: the test's own class keeps other tests' volumes out.
    await pvs().create(pv(`${t}-fast`, '1Gi', { cls: `${t}-fast` }));
    await pvs().create(pv(`${t}-rwx`, '1Gi', { cls: t, modes: ['ReadWriteOnce', 'ReadWriteMany'] }));
    await pvs().create(pv(`${t}-gold`, '8Gi', { cls: t, labels: { tier: 'gold' } }));
    await pvs().create(pv(`${t}-block`, '1Gi', { cls: t, mode: 'Block' }));
    await pvs().create(pv(`${t}-plain`, '2Gi', { cls: t }));
    for (const name of ['fast', 'rwx', 'gold', 'block', 'plain']) await volumePhase(`${t}-${name}`, 'Available');
    await pvcs(t).create(pvc('gold', '1Gi', { cls: t, selector: { matchLabels: { tier: 'gold' } } }));
    await pvcs(t).create(pvc('fast', '1Gi', { cls: `${t}-fast` }));
    await pvcs(t).create(pvc('shared', '1Gi', { cls: t, modes: ['ReadWriteMany'] }));
    assert.equal((await boundClaim(t, 'gold')).spec?.volumeName, `${t}-gold`);
    assert.equal((await boundClaim(t, 'fast')).spec?.volumeName, `${t}-fast`);
    assert.equal((await boundClaim(t, 'shared')).spec?.volumeName, `${t}-rwx`);
    // A plain RWO claim: the 1Gi volumes are taken or of another class or mode; the 2Gi one fits.
    await pvcs(t).create(pvc('plain', '1Gi', { cls: t }));
    assert.equal((await boundClaim(t, 'plain')).spec?.volumeName, `${t}-plain`);
    assert.equal((await pvs().get(`${t}-block`)).status?.phase, 'Available');
  });

  it('binds a claim to the volume it names, and a volume pre-bound to a claim', async () => {
    const t = await ns();
    await pvs().create(pv(`${t}-tiny`, '1Gi', { cls: t }));
    await pvs().create(pv(`${t}-named`, '20Gi', { cls: t }));
    await pvs().create(pv(`${t}-reserved`, '30Gi', { cls: t, claimRef: { namespace: t, name: 'reserved' } }));
    await volumePhase(`${t}-tiny`, 'Available');
    await volumePhase(`${t}-reserved`, 'Available');
    // The claim names its volume: bound to it though a smaller one would do.
    await pvcs(t).create(pvc('named', '1Gi', { cls: t, volumeName: `${t}-named` }));
    const named = await boundClaim(t, 'named');
    assert.equal(named.spec?.volumeName, `${t}-named`);
    assert.equal(named.metadata.annotations?.['pv.kubernetes.io/bound-by-controller'], undefined);
    assert.equal(named.metadata.annotations?.['pv.kubernetes.io/bind-completed'], 'yes');
    const namedPV = await volumePhase(`${t}-named`, 'Bound');
    assert.equal(namedPV.metadata.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
    // The volume names the claim: the claim gets it, and the volume's claimRef its UID.
    const created = await pvcs(t).create(pvc('reserved', '1Gi', { cls: t }));
    const reserved = await boundClaim(t, 'reserved');
    assert.equal(reserved.spec?.volumeName, `${t}-reserved`);
    assert.equal(reserved.metadata.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
    const reservedPV = await volumePhase(`${t}-reserved`, 'Bound');
    assert.equal(reservedPV.spec?.claimRef?.uid, created.metadata.uid);
    assert.equal(reservedPV.metadata.annotations?.['pv.kubernetes.io/bound-by-controller'], undefined);
    assert.equal((await pvs().get(`${t}-tiny`)).status?.phase, 'Available');
  });

  it('refuses a named volume that does not fit, with VolumeMismatch', async () => {
    const t = await ns();
    await pvs().create(pv(`${t}-small`, '1Gi', { cls: t }));
    await volumePhase(`${t}-small`, 'Available');
    await pvcs(t).create(pvc('big', '5Gi', { cls: t, volumeName: `${t}-small` }));
    const ev = await event(t, 'big', 'VolumeMismatch');
    assert.equal(ev.type, 'Warning');
    assert.equal(ev.message, `Cannot bind to requested volume "${t}-small": requested PV is too small`);
    assert.equal((await pvcs(t).get('big')).status?.phase, 'Pending');
    assert.equal((await pvs().get(`${t}-small`)).status?.phase, 'Available');
  });

  it('keeps a claim Pending with FailedBinding until a volume appears', async () => {
    const t = await ns();
    // No class (""), as most volumes of the other tests: the selector keeps them out.
    await pvcs(t).create(pvc('waiting', '2Gi', { selector: { matchLabels: { test: t } } }));
    const ev = await event(t, 'waiting', 'FailedBinding');
    assert.equal(ev.type, 'Normal');
    assert.equal(ev.message, 'no persistent volumes available for this claim and no storage class is set');
    assert.equal((await pvcs(t).get('waiting')).status?.phase, 'Pending');
    await pvs().create(pv(`${t}-late`, '2Gi', { labels: { test: t } }));
    assert.equal((await boundClaim(t, 'waiting')).spec?.volumeName, `${t}-late`);
  });

  it('waits for the first consumer when the class says so', async () => {
    const t = await ns();
    await client.resource('storageclasses.storage.k8s.io').create({ metadata: { name: `${t}-local` }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' });
    await pvs().create(pv(`${t}-local`, '1Gi', { cls: `${t}-local` }));
    await volumePhase(`${t}-local`, 'Available');
    await pvcs(t).create(pvc('later', '1Gi', { cls: `${t}-local` }));
    const ev = await event(t, 'later', 'WaitForFirstConsumer');
    assert.equal(ev.message, 'waiting for first consumer to be created before binding');
    assert.equal((await pvcs(t).get('later')).status?.phase, 'Pending');
    assert.equal((await pvs().get(`${t}-local`)).status?.phase, 'Available');
  });

  it('releases a volume whose claim is deleted and applies its reclaim policy', async () => {
    const t = await ns();
    await pvs().create(pv(`${t}-retain`, '1Gi', { cls: 'retain' }));
    await pvs().create(pv(`${t}-delete`, '1Gi', { cls: 'delete', policy: 'Delete' }));
    await pvs().create(pv(`${t}-recycle`, '1Gi', { cls: 'recycle', policy: 'Recycle', hostPath: '/tmp/x' }));
    await pvs().create(pv(`${t}-provisioned`, '1Gi', { cls: 'provisioned', policy: 'Delete', annotations: { 'pv.kubernetes.io/provisioned-by': 'kts.io/test' } }));
    for (const cls of ['retain', 'delete', 'recycle', 'provisioned']) {
      await volumePhase(`${t}-${cls}`, 'Available');
      await pvcs(t).create(pvc(cls, '1Gi', { cls }));
    }
    for (const cls of ['retain', 'delete', 'recycle', 'provisioned']) await boundClaim(t, cls);
    for (const cls of ['retain', 'delete', 'recycle', 'provisioned']) await pvcs(t).delete(cls);

    const retained = await volumePhase(`${t}-retain`, 'Released');
    assert.equal(retained.spec?.claimRef?.name, 'retain');

    const failed = await volumePhase(`${t}-delete`, 'Failed');
    assert.equal(failed.status?.message, `host_path deleter only supports /tmp/.+ but received provided /data/${t}-delete`);
    const ev = await eventually(async () => {
      const list = await client.resource('events', 'default').list();
      return list.items.find((e) => (e.involvedObject as { name?: string }).name === `${t}-delete` && e.reason === 'VolumeFailedDelete');
    }, 'VolumeFailedDelete event');
    assert.equal(ev.type, 'Warning');

    const recycled = await volumePhase(`${t}-recycle`, 'Failed');
    assert.equal(recycled.status?.message, 'No recycler plugin found for the volume!');

    await eventually(async () => !(await pvs().list()).items.some((v) => v.metadata.name === `${t}-provisioned`), 'the provisioned volume to be deleted');
    // Retain keeps it Released.
    await new Promise((r) => setTimeout(r, 700));
    assert.equal((await pvs().get(`${t}-retain`)).status?.phase, 'Released');
  });

  it('marks a bound claim Lost when its volume is deleted', async () => {
    const t = await ns();
    await pvs().create(pv(`${t}-gone`, '1Gi', { cls: 'gone' }));
    await volumePhase(`${t}-gone`, 'Available');
    await pvcs(t).create(pvc('orphan', '1Gi', { cls: 'gone' }));
    await boundClaim(t, 'orphan');
    await pvs().delete(`${t}-gone`);
    const ev = await event(t, 'orphan', 'ClaimLost');
    assert.equal(ev.message, 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
    assert.equal((await pvcs(t).get('orphan')).status?.phase, 'Lost');
  });
});

describe('persistentvolume-binder in kube-controller-manager', () => {
  it('runs from its descriptor with --pvclaimbinder-sync-period', async () => {
    const { runControllerManager } = await import('../../controller-manager/manager.js');
    const { allControllers } = await import('../../controller-manager/controllers.js');
    const server = await startInProcessServer();
    const client = server.client('test');
    const ac = new AbortController();
    const kcm = runControllerManager({
      client: server.client('kube-controller-manager'),
      controllers: allControllers(),
      enabled: ['persistentvolume-binder'],
      options: { 'pvclaimbinder-sync-period': '200ms' },
      leaderElection: { enabled: false },
      signal: ac.signal,
    });
    try {
      await client.resource('namespaces').create({ metadata: { name: 'kcm' } });
      await client.resource('persistentvolumeclaims', 'kcm').create(pvc('c', '1Gi', { cls: 'kcm' }));
      await client.resource('persistentvolumes').create(pv('kcm-v', '1Gi', { cls: 'kcm' }));
      const bound = await eventually(async () => {
        const c = await client.resource<PersistentVolumeClaim>('persistentvolumeclaims', 'kcm').get('c');
        return c.status?.phase === 'Bound' ? c : undefined;
      }, 'the claim to be bound');
      assert.equal(bound.spec?.volumeName, 'kcm-v');
    } finally {
      ac.abort();
      await kcm;
      await server.stop();
    }
  });
});
