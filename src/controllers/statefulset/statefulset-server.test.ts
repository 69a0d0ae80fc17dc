// The StatefulSet controller against an in-process API server, the test playing the kubelet (pods
// it lets run become Running and Ready; deleted pods go away): ordered creation of web-0..2 with
// their claims, a rolling update from the highest ordinal, and scale-down in reverse order.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import type { Client } from '../../machinery/client/index.js';
import { startInProcessServer, type InProcessServer } from '../../machinery/client/testenv.js';
import { realClock } from '../../machinery/clock/index.js';
import type { ControllerContext } from '../../machinery/controller/index.js';
import { EventRecorder } from '../../machinery/events/index.js';
import { SharedInformerFactory } from '../../machinery/informers/index.js';
import type { ControllerRevision } from '../history/index.js';
import { statefulSetDescriptor } from './index.js';
import type { PersistentVolumeClaim, Pod, StatefulSet } from './types.js';

/**
 * Writes every recorded event. The EventRecorder has a race (an event recorded while its drain loop
 * is finishing waits for the next event), so record one more about a throwaway object first.
 */
async function eventually<T>(get: () => Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('statefulset controller against an in-process API server', () => {
  let server: InProcessServer;
  let client: Client;
  let informers: SharedInformerFactory;
  let recorder: EventRecorder;
  let running: Promise<void>;
  let kubelet: Promise<void>;
  const ac = new AbortController();
  /** Pods the kubelet may start. */
  const allowed = new Set<string>();
  /** Every pod creation and deletion the kubelet saw, in order. */
  const seen: string[] = [];

  before(async () => {
    server = await startInProcessServer();
    client = server.client('test');
    const cm = server.client('kube-controller-manager');
    informers = new SharedInformerFactory(cm);
    recorder = new EventRecorder(cm, { component: 'statefulset-controller' });
    const ctx: ControllerContext = { client: cm, informers, recorder: () => recorder, clock: realClock, signal: ac.signal, log: () => {}, options: {} };
    running = statefulSetDescriptor.start(ctx);
    informers.start(ac.signal);
    const pods = client.resource<Pod>('pods', 'default');
    kubelet = (async () => {
      const known = new Map<string, string>();
      while (!ac.signal.aborted) {
        const list = (await pods.list()).items;
        // Pods without a node are deleted at once: notice them gone (or replaced under the same name).
        for (const [name, uid] of known) {
          if (!list.some((p) => p.metadata.name === name && p.metadata.uid === uid)) {
            seen.push(`-${name}`);
            known.delete(name);
          }
        }
        for (const p of list) {
          const name = p.metadata.name!;
          if (known.get(name) !== p.metadata.uid) {
            known.set(name, p.metadata.uid!);
            seen.push(`+${name}`);
          }
          try {
            if (p.metadata.deletionTimestamp) {
              await pods.delete(name, { gracePeriodSeconds: 0 });
            } else if (allowed.has(name) && p.status?.phase !== 'Running') {
              const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
              await pods.updateStatus({ ...p, status: { ...p.status, phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }] } });
            }
          } catch {
            // raced; next round
          }
        }
        await sleep(30);
      }
    })();
  });

  after(async () => {
    ac.abort();
    await running;
    await kubelet;
    await informers.shutdown();
    await recorder.shutdown();
    await server.stop();
  });

  it('creates web-0, web-1, web-2 in order with their claims, rolls out, and scales down in reverse', async () => {
    const sets = client.resource<StatefulSet>('statefulsets.apps', 'default');
    const pods = client.resource<Pod>('pods', 'default');
    const claims = client.resource<PersistentVolumeClaim>('persistentvolumeclaims', 'default');
    await sets.create({
      metadata: { name: 'web' },
      spec: {
        replicas: 3,
        serviceName: 'nginx',
        selector: { matchLabels: { app: 'nginx' } },
        template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] } },
        volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    } as StatefulSet);
    const names = async () => (await pods.list()).items.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name).sort();

    const web0 = await eventually(async () => (await pods.list()).items.find((p) => p.metadata.name === 'web-0'), 'web-0');
    await sleep(300);
    assert.deepEqual(await names(), ['web-0'], 'web-1 waits for web-0 to be Running and Ready');
    assert.equal(web0.spec?.hostname, 'web-0');
    assert.equal(web0.spec?.subdomain, 'nginx');
    assert.equal(web0.metadata.labels?.['statefulset.kubernetes.io/pod-name'], 'web-0');
    assert.equal(web0.metadata.labels?.['apps.kubernetes.io/pod-index'], '0');
    assert.deepEqual(web0.spec?.volumes?.[0], { name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } });
    const claim0 = await claims.get('www-web-0');
    assert.equal(claim0.metadata.labels?.app, 'nginx');
    assert.ok(Number(claim0.metadata.resourceVersion) < Number(web0.metadata.resourceVersion), 'the claim is created before the pod');

    allowed.add('web-0');
    await eventually(async () => (await names()).includes('web-1'), 'web-1 after web-0 is ready');
    await sleep(200);
    assert.deepEqual(await names(), ['web-0', 'web-1'], 'web-2 waits for web-1');
    allowed.add('web-1');
    allowed.add('web-2');
    const ready = await eventually(async () => {
      const s = await sets.get('web');
      const st = s.status ?? {};
      return st.readyReplicas === 3 && st.replicas === 3 && st.currentReplicas === 3 && st.updatedReplicas === 3 && st.availableReplicas === 3 && st.observedGeneration === s.metadata.generation && st.currentRevision === st.updateRevision && s;
    }, 'three ready replicas');
    assert.deepEqual(seen.filter((x) => x.startsWith('+')), ['+web-0', '+web-1', '+web-2']);
    const rev1 = ready.status!.currentRevision!;
    assert.match(rev1, /^web-[a-z0-9]+$/);
    for (const p of (await pods.list()).items) assert.equal(p.metadata.labels?.['controller-revision-hash'], rev1);
    assert.deepEqual((await claims.list()).items.map((c) => c.metadata.name).sort(), ['www-web-0', 'www-web-1', 'www-web-2']);

    // A new template rolls out from the highest ordinal down.
    seen.length = 0;
    await sets.patch('web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:2' }] } } } }, { type: 'strategic' });
    const rolled = await eventually(async () => {
      const s = await sets.get('web');
      const st = s.status ?? {};
      return st.updateRevision !== rev1 && st.currentRevision === st.updateRevision && st.updatedReplicas === 3 && st.readyReplicas === 3 && s;
    }, 'the rolling update');
    assert.deepEqual(seen.filter((x) => x.startsWith('-')), ['-web-2', '-web-1', '-web-0']);
    for (const p of (await pods.list()).items) {
      assert.equal(p.metadata.labels?.['controller-revision-hash'], rolled.status!.updateRevision);
      assert.equal((p.spec?.containers as Array<{ image: string }>)[0]!.image, 'nginx:2');
    }
    const revs = (await client.resource<ControllerRevision>('controllerrevisions.apps', 'default').list()).items;
    assert.deepEqual(revs.map((r) => [r.metadata.name, r.revision]).sort(), [[rev1, 1], [rolled.status!.updateRevision, 2]].sort());

    // Scale down: the highest ordinal goes first, claims stay (Retain).
    seen.length = 0;
    await sets.patch('web', { spec: { replicas: 1 } });
    await eventually(async () => {
      const s = await sets.get('web');
      return s.status?.replicas === 1 && s.status.readyReplicas === 1 && (await names()).join() === 'web-0';
    }, 'scale down to 1');
    assert.deepEqual(seen.filter((x) => x.startsWith('-')), ['-web-2', '-web-1']);
    assert.equal((await claims.list()).items.length, 3);

    await recorder.flush();
    const events = (await client.resource<KubeObject>('events', 'default').list()).items as Array<KubeObject & { reason: string; message: string }>;
    const msgs = events.map((e) => `${e.reason}: ${e.message}`);
    assert.ok(msgs.includes('SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success'), msgs.join('\n'));
    assert.ok(msgs.includes('SuccessfulCreate: create Pod web-0 in StatefulSet web successful'), msgs.join('\n'));
    assert.ok(msgs.includes('SuccessfulDelete: delete Pod web-2 in StatefulSet web successful'), msgs.join('\n'));
  });
});
