import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import { Client, FakeTransport } from '../../machinery/client/index.js';
import { FakeClock } from '../../machinery/clock/clock.js';
import { EventRecorder } from '../../machinery/events/index.js';
import { SharedInformerFactory } from '../../machinery/informers/index.js';
import type { LabelSelector } from '../../machinery/labels/index.js';
import { PersistentVolumeController } from './controller.js';
import { bindVolumeToClaim, checkVolumeSatisfyClaim, claimClass, defaultClass, findBestMatchForClaim, isDelayBindingMode } from './match.js';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from './types.js';

function vol(name: string, size: string, o: { modes?: string[]; cls?: string; phase?: string; labels?: Record<string, string>; claimRef?: Record<string, string>; mode?: string } = {}): PersistentVolume {
  return {
    metadata: { name, ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      capacity: { storage: size },
      accessModes: o.modes ?? ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Retain',
      ...(o.cls !== undefined ? { storageClassName: o.cls } : {}),
      ...(o.claimRef ? { claimRef: o.claimRef } : {}),
      ...(o.mode ? { volumeMode: o.mode } : {}),
    },
    status: { phase: o.phase ?? 'Available' },
  };
}

function claim(name: string, size: string, o: { modes?: string[]; cls?: string | null; uid?: string; selector?: LabelSelector } = {}): PersistentVolumeClaim {
  return {
    metadata: { name, namespace: 'ns', uid: o.uid ?? `uid-${name}` },
    spec: {
      accessModes: o.modes ?? ['ReadWriteOnce'],
      resources: { requests: { storage: size } },
      ...(o.cls !== undefined ? { storageClassName: o.cls } : {}),
      ...(o.selector ? { selector: o.selector } : {}),
    },
  };
}

describe('persistentvolume matching', () => {
  it('takes the smallest volume that fits, skipping other classes, modes, phases and claimed volumes', () => {
    const volumes = [
      vol('huge', '100Gi'),
      vol('small', '500Mi'),
      vol('fits', '2Gi'),
      vol('other-class', '1Gi', { cls: 'fast' }),
      vol('block', '1Gi', { mode: 'Block' }),
      vol('pending', '1Gi', { phase: 'Pending' }),
      vol('claimed', '1Gi', { claimRef: { namespace: 'ns', name: 'someone', uid: 'x' } }),
    ];
    assert.equal(findBestMatchForClaim(claim('c', '1Gi'), volumes, false)?.metadata.name, 'fits');
    assert.equal(findBestMatchForClaim(claim('c', '1Gi', { cls: 'fast' }), volumes, false)?.metadata.name, 'other-class');
    assert.equal(findBestMatchForClaim(claim('c', '200Gi'), volumes, false), undefined);
  });

  it('prefers volumes with fewer access modes, even larger ones', () => {
    const volumes = [vol('rwo-rwx', '1Gi', { modes: ['ReadWriteOnce', 'ReadWriteMany'] }), vol('rwo', '5Gi')];
    assert.equal(findBestMatchForClaim(claim('c', '1Gi'), volumes, false)?.metadata.name, 'rwo');
    assert.equal(findBestMatchForClaim(claim('c', '1Gi', { modes: ['ReadWriteMany'] }), volumes, false)?.metadata.name, 'rwo-rwx');
    assert.equal(findBestMatchForClaim(claim('c', '1Gi', { modes: ['ReadOnlyMany'] }), volumes, false), undefined);
  });

  it('matches the selector against volume labels', () => {
    const volumes = [vol('a', '1Gi', { labels: { tier: 'bronze' } }), vol('b', '10Gi', { labels: { tier: 'gold' } })];
    const c = claim('c', '1Gi', { selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['gold', 'silver'] }] } });
    assert.equal(findBestMatchForClaim(c, volumes, false)?.metadata.name, 'b');
  });

  it('returns a volume pre-bound to the claim when it is large enough, even with delayed binding', () => {
    const volumes = [vol('free', '1Gi'), vol('mine', '50Gi', { phase: 'Available', claimRef: { namespace: 'ns', name: 'c' } })];
    assert.equal(findBestMatchForClaim(claim('c', '1Gi'), volumes, false)?.metadata.name, 'mine');
    assert.equal(findBestMatchForClaim(claim('c', '1Gi'), volumes, true)?.metadata.name, 'mine');
    assert.equal(findBestMatchForClaim(claim('other', '1Gi'), volumes, true), undefined);
    // Pre-bound to another claim with the same name (another UID): not ours.
    const taken = [vol('theirs', '1Gi', { claimRef: { namespace: 'ns', name: 'c', uid: 'other' } })];
    assert.equal(findBestMatchForClaim(claim('c', '1Gi'), taken, false), undefined);
  });

  it('explains why a named volume does not satisfy a claim', () => {
    assert.equal(checkVolumeSatisfyClaim(vol('v', '1Gi'), claim('c', '2Gi')), 'requested PV is too small');
    assert.equal(checkVolumeSatisfyClaim(vol('v', '1Gi', { cls: 'x' }), claim('c', '1Gi')), 'storageClassName does not match');
    assert.equal(checkVolumeSatisfyClaim(vol('v', '1Gi', { mode: 'Block' }), claim('c', '1Gi')), 'incompatible volumeMode');
    assert.equal(checkVolumeSatisfyClaim(vol('v', '1Gi'), claim('c', '1Gi', { modes: ['ReadWriteMany'] })), 'incompatible accessMode');
    assert.equal(checkVolumeSatisfyClaim(vol('v', '1Gi'), claim('c', '1024Mi')), undefined);
  });

  it('binds a volume with a full claim reference, marking only volumes it was not pre-bound to', () => {
    const c = { ...claim('c', '1Gi'), metadata: { name: 'c', namespace: 'ns', uid: 'u1', resourceVersion: '7' } };
    const { volume, dirty } = bindVolumeToClaim(vol('v', '1Gi'), c);
    assert.ok(dirty);
    assert.deepEqual(volume.spec?.claimRef, { kind: 'PersistentVolumeClaim', namespace: 'ns', name: 'c', uid: 'u1', apiVersion: 'v1', resourceVersion: '7' });
    assert.equal(volume.metadata.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
    const pre = bindVolumeToClaim(vol('v', '1Gi', { claimRef: { namespace: 'ns', name: 'c' } }), c);
    assert.ok(pre.dirty);
    assert.equal(pre.volume.metadata.annotations, undefined);
    assert.equal(bindVolumeToClaim(volume, c).dirty, false);
  });

  it('knows classes: annotation first, default class, delayed binding', () => {
    const annotated: PersistentVolumeClaim = { ...claim('c', '1Gi', { cls: 'field' }), metadata: { name: 'c', namespace: 'ns', annotations: { 'volume.beta.kubernetes.io/storage-class': 'ann' } } };
    assert.equal(claimClass(annotated), 'ann');
    assert.equal(claimClass(claim('c', '1Gi')), '');
    const sc = (name: string, created: string, def: boolean, mode = 'Immediate'): StorageClass => ({
      metadata: { name, creationTimestamp: created, ...(def ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}) },
      provisioner: 'x',
      volumeBindingMode: mode,
    });
    assert.equal(defaultClass([sc('a', '2024-01-01T00:00:00Z', true), sc('b', '2024-06-01T00:00:00Z', true), sc('c', '2025-01-01T00:00:00Z', false)])?.metadata.name, 'b');
    assert.equal(defaultClass([sc('c', '2025-01-01T00:00:00Z', false)]), undefined);
    const classes = new Map([['wffc', sc('wffc', '', false, 'WaitForFirstConsumer')]]);
    assert.equal(isDelayBindingMode(claim('c', '1Gi', { cls: 'wffc' }), (n) => classes.get(n)), true);
    assert.equal(isDelayBindingMode(claim('c', '1Gi', { cls: 'missing' }), (n) => classes.get(n)), false);
  });
});

async function setup(seed: (fake: FakeTransport) => void) {
  const clock = new FakeClock();
  const fake = new FakeTransport({ clock });
  seed(fake);
  const client = new Client({ transport: fake, retry: false });
  const informers = new SharedInformerFactory(client);
  const recorder = new EventRecorder(client, { component: 'persistentvolume-controller', clock });
  const c = new PersistentVolumeController({ client, informers, recorder, clock, syncPeriodMs: 3_600_000, log: process.env.PV_DEBUG ? console.log : () => {} });
  const ac = new AbortController();
  informers.start(ac.signal);
  const running = c.run(ac.signal);
  const claimOf = (name: string) => fake.tracker.get('/persistentvolumeclaims', 'ns', name) as PersistentVolumeClaim | undefined;
  const volumeOf = (name: string) => fake.tracker.get('/persistentvolumes', '', name) as PersistentVolume | undefined;
  const events = () => fake.tracker.list('/events', 'ns') as Array<KubeObject & { reason?: string; message?: string }>;
  return {
    fake,
    claimOf,
    volumeOf,
    events,
    stop: async () => {
      ac.abort();
      await running;
      await informers.shutdown();
      await recorder.shutdown();
    },
  };
}

async function eventually(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('persistentvolume-binder', () => {
  it('gives a claim without a class the default class, then binds it to a volume of that class', async () => {
    const env = await setup((fake) => {
      fake.seed('storageclasses.storage.k8s.io', { metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'Immediate' });
      fake.seed('persistentvolumes', vol('std', '1Gi', { cls: 'standard' }));
      fake.seed('persistentvolumeclaims', claim('c', '1Gi'));
    });
    try {
      await eventually(() => env.claimOf('c')?.spec?.storageClassName === 'standard', 'the default class');
      // The update starts a new sync that binds.
      await eventually(() => env.claimOf('c')?.status?.phase === 'Bound', 'the claim to be bound');
      assert.equal(env.claimOf('c')?.spec?.volumeName, 'std');
      assert.equal(env.volumeOf('std')?.status?.phase, 'Bound');
    } finally {
      await env.stop();
    }
  });

  it('hands a claim of a class with an external provisioner to it', async () => {
    const env = await setup((fake) => {
      fake.seed('storageclasses.storage.k8s.io', { metadata: { name: 'csi' }, provisioner: 'csi.example.com', volumeBindingMode: 'Immediate' });
      fake.seed('persistentvolumeclaims', claim('c', '1Gi', { cls: 'csi' }), claim('nope', '1Gi', { cls: 'missing' }));
    });
    try {
      await eventually(() => env.claimOf('c')?.metadata.annotations?.['volume.kubernetes.io/storage-provisioner'] === 'csi.example.com', 'the provisioner annotation');
      assert.equal(env.claimOf('c')?.metadata.annotations?.['volume.beta.kubernetes.io/storage-provisioner'], 'csi.example.com');
      await eventually(() => env.events().some((e) => e.reason === 'ExternalProvisioning'), 'ExternalProvisioning');
      await eventually(() => env.events().some((e) => e.reason === 'ProvisioningFailed' && e.message === 'storageclass.storage.k8s.io "missing" not found'), 'ProvisioningFailed');
    } finally {
      await env.stop();
    }
  });

  it('marks a claim Lost when its volume went to another claim, and unbinds a volume bound by the controller to a claim bound elsewhere', async () => {
    const env = await setup((fake) => {
      const bound = (name: string, volumeName: string): PersistentVolumeClaim => {
        const c = claim(name, '1Gi');
        c.metadata.annotations = { 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' };
        c.spec!.volumeName = volumeName;
        c.status = { phase: 'Bound' };
        return c;
      };
      // The fake assigns UIDs: claim references use the stored ones.
      const [, winner, other] = fake.seed('persistentvolumeclaims', bound('loser', 'shared'), bound('winner', 'v2'), bound('other', 'shared'));
      const shared = vol('shared', '1Gi', { phase: 'Bound', claimRef: { namespace: 'ns', name: 'other', uid: other!.metadata.uid! } });
      const v2 = vol('v2', '1Gi', { phase: 'Bound', claimRef: { namespace: 'ns', name: 'winner', uid: winner!.metadata.uid! } });
      const stray = vol('stray', '1Gi', { phase: 'Bound', claimRef: { namespace: 'ns', name: 'winner', uid: winner!.metadata.uid! } });
      stray.metadata.annotations = { 'pv.kubernetes.io/bound-by-controller': 'yes' };
      fake.seed('persistentvolumes', shared, v2, stray);
    });
    try {
      await eventually(() => env.claimOf('loser')?.status?.phase === 'Lost', 'the misbound claim to be Lost');
      await eventually(() => env.events().some((e) => e.reason === 'ClaimMisbound'), 'ClaimMisbound');
      await eventually(() => env.volumeOf('stray')?.status?.phase === 'Available', 'the stray volume to be unbound');
      assert.equal(env.volumeOf('stray')?.spec?.claimRef, undefined);
      assert.equal(env.volumeOf('stray')?.metadata.annotations, undefined);
      assert.equal(env.volumeOf('v2')?.status?.phase, 'Bound');
      assert.equal(env.claimOf('winner')?.status?.phase, 'Bound');
      assert.equal(env.volumeOf('shared')?.status?.phase, 'Bound');
      assert.equal(env.claimOf('other')?.status?.phase, 'Bound');
    } finally {
      await env.stop();
    }
  });
});
