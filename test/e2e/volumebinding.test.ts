// The scheduler's VolumeBinding on simulated nodes, driven by the real kubectl: pods follow their local
// volume's node affinity, WaitForFirstConsumer claims are bound to a volume on the node the pod lands
// on, and pods whose claims cannot be used get FailedScheduling with upstream's messages.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, manifest, startCluster, type Cluster } from './harness.js';

interface Obj {
  metadata: { name: string };
  spec?: { nodeName?: string; volumeName?: string };
  status?: { phase?: string };
}

async function get(c: Cluster, kind: string, name: string): Promise<Obj> {
  return JSON.parse(await c.k(['get', kind, name, '-o', 'json'])) as Obj;
}

/** A local volume on one node (nodeAffinity kubernetes.io/hostname In [node]). */
function localPV(name: string, node: string, storageClassName: string): string {
  return `apiVersion: v1
kind: PersistentVolume
metadata:
  name: ${name}
spec:
  capacity:
    storage: 1Gi
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: "${storageClassName}"
  local:
    path: /mnt/disks/${name}
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions:
        - key: kubernetes.io/hostname
          operator: In
          values: [${node}]
`;
}

function claim(name: string, storageClassName: string, o: { size?: string; volumeName?: string } = {}): string {
  return `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: ${name}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: "${storageClassName}"
  resources:
    requests:
      storage: ${o.size ?? '1Gi'}
${o.volumeName ? `  volumeName: ${o.volumeName}\n` : ''}`;
}

function podWithClaim(name: string, claimName: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: c
    image: registry.k8s.io/pause:3.10
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: ${claimName}
`;
}

const docs = (...d: string[]) => d.join('---\n');

describe('VolumeBinding on simulated nodes', () => {
  let c: Cluster;
  before(async () => {
    c = await startCluster({ args: ['--sim-nodes', '3'] });
    await eventually(async () => (await c.k(['get', 'nodes'])).match(/ Ready /g)?.length === 3, { what: '3 Ready nodes', timeoutMs: 30_000 });
  });
  after(async () => {
    await c?.stop();
  });

  it('schedules every pod of a claim bound to a local volume on sim-1', async () => {
    await c.k(['create', '-f', manifest(docs(localPV('local-sim-1', 'sim-1', ''), claim('data', '', { volumeName: 'local-sim-1' })))]);
    // The pods may come before the claim is bound: VolumeBinding retries them when it is.
    const names = ['reader-0', 'reader-1', 'reader-2', 'reader-3', 'reader-4'];
    await c.k(['create', '-f', manifest(docs(...names.map((n) => podWithClaim(n, 'data'))))]);
    await eventually(async () => (await get(c, 'pvc', 'data')).status?.phase === 'Bound', { what: 'claim data Bound' });
    for (const n of names) {
      const node = await eventually(async () => (await get(c, 'pod', n)).spec?.nodeName, { what: `${n} scheduled`, timeoutMs: 30_000 });
      assert.equal(node, 'sim-1', n);
    }
  });

  it('binds a WaitForFirstConsumer claim to the volume on the node its pod lands on', async () => {
    await c.k([
      'create',
      '-f',
      manifest(
        docs(
          `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: local-wait
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
`,
          localPV('wait-sim-0', 'sim-0', 'local-wait'),
          localPV('wait-sim-2', 'sim-2', 'local-wait'),
          claim('later', 'local-wait'),
        ),
      ),
    ]);
    await eventually(async () => /WaitForFirstConsumer\s+.*waiting for first consumer to be created before binding/.test(await c.k(['describe', 'pvc', 'later'])), {
      what: 'the WaitForFirstConsumer event',
    });
    // Without a consumer the claim stays Pending.
    await new Promise((r) => setTimeout(r, 2000));
    const pending = await get(c, 'pvc', 'later');
    assert.equal(pending.status?.phase, 'Pending');
    assert.equal(pending.spec?.volumeName ?? '', '');

    await c.k(['create', '-f', manifest(podWithClaim('consumer', 'later'))]);
    const node = await eventually(async () => (await get(c, 'pod', 'consumer')).spec?.nodeName, { what: 'consumer scheduled', timeoutMs: 30_000 });
    assert.ok(node === 'sim-0' || node === 'sim-2', node);
    const bound = await eventually(async () => {
      const p = await get(c, 'pvc', 'later');
      return p.status?.phase === 'Bound' ? p : undefined;
    }, { what: 'claim later Bound' });
    assert.equal(bound.spec?.volumeName, `wait-${node}`);
    const pv = await eventually(async () => {
      const v = await get(c, 'pv', `wait-${node}`);
      return v.status?.phase === 'Bound' ? v : undefined;
    }, { what: 'volume Bound' });
    assert.ok(pv);
    const other = await get(c, 'pv', node === 'sim-0' ? 'wait-sim-2' : 'wait-sim-0');
    assert.equal(other.status?.phase, 'Available', 'the other volume stays free');
  });

  it('reports unbound immediate and missing claims in FailedScheduling', async () => {
    await c.k(['create', '-f', manifest(docs(claim('stuck', '', { size: '100Gi' }), podWithClaim('stuck-pod', 'stuck'), podWithClaim('orphan', 'nope')))]);
    const stuck = await eventually(async () => {
      const out = await c.k(['describe', 'pod', 'stuck-pod']);
      return /FailedScheduling/.test(out) ? out : undefined;
    }, { what: 'FailedScheduling for stuck-pod' });
    assert.match(stuck, /0\/3 nodes are available: pod has unbound immediate PersistentVolumeClaims\./);
    const orphan = await eventually(async () => {
      const out = await c.k(['describe', 'pod', 'orphan']);
      return /FailedScheduling/.test(out) ? out : undefined;
    }, { what: 'FailedScheduling for orphan' });
    assert.match(orphan, /0\/3 nodes are available: persistentvolumeclaim "nope" not found\./);
    assert.equal((await get(c, 'pod', 'stuck-pod')).spec?.nodeName, undefined);
    assert.equal((await get(c, 'pod', 'orphan')).spec?.nodeName, undefined);
  });
});
