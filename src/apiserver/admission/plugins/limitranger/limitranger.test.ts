import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RESOURCES } from '../../../../api/resources.js';
import type { KubeObject } from '../../../../api/types.js';
import { StatusError } from '../../../../machinery/errors/status.js';
import type { AdmissionAttributes } from '../../interface.js';
import { aggregate, limitRanger, LIMIT_RANGER_ANNOTATION } from './limitranger.js';

const def = (plural: string) => RESOURCES.find((d) => d.group === '' && d.plural === plural)!;

function attrs(plural: string, object: KubeObject, operation: AdmissionAttributes['operation'] = 'CREATE'): AdmissionAttributes {
  return { operation, def: def(plural), subresource: '', namespace: 'ns', name: object.metadata.name ?? '', object, user: { username: 'u', groups: [] }, dryRun: false };
}

const range: KubeObject = {
  metadata: { name: 'limits', namespace: 'ns' },
  spec: {
    limits: [
      { type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' }, max: { cpu: '1' }, min: { cpu: '50m' }, maxLimitRequestRatio: { memory: '2' } },
      { type: 'Pod', max: { memory: '1Gi' } },
      { type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '10Gi' } },
    ],
  },
};

const plugin = limitRanger({ list: () => [range] });

function pod(name: string, containers: KubeObject['spec']): KubeObject {
  return { metadata: { name, namespace: 'ns' }, spec: containers, status: { phase: 'Pending', qosClass: 'BestEffort' } };
}

describe('LimitRanger', () => {
  it('defaults missing requests and limits and records what it set', async () => {
    const p = pod('a', { containers: [{ name: 'web', image: 'x' }, { name: 'side', image: 'x', resources: { requests: { cpu: '200m' }, limits: { cpu: '400m' } } }] });
    const a = attrs('pods', p);
    await plugin.admit!(a);
    const cs = (p.spec as { containers: Array<{ resources: unknown }> }).containers;
    assert.deepEqual(cs[0]!.resources, { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } });
    assert.deepEqual(cs[1]!.resources, { limits: { cpu: '400m', memory: '256Mi' }, requests: { cpu: '200m', memory: '128Mi' } });
    assert.equal(
      p.metadata.annotations?.[LIMIT_RANGER_ANNOTATION],
      'LimitRanger plugin set: cpu, memory request for container web; cpu, memory limit for container web; memory request for container side; memory limit for container side',
    );
    assert.equal((p.status as { qosClass: string }).qosClass, 'Burstable');
    await plugin.validate!(a);
  });

  it('enforces max per container with upstream message', async () => {
    const p = pod('big', { containers: [{ name: 'c', image: 'x', resources: { limits: { cpu: '2', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } } }] });
    await assert.rejects(Promise.resolve(plugin.validate!(attrs('pods', p))), (e: unknown) => {
      assert.ok(e instanceof StatusError);
      assert.equal(e.code, 403);
      assert.equal(e.message, 'pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2');
      return true;
    });
  });

  it('aggregates several violations: min, ratio and the pod total', async () => {
    const p = pod('bad', {
      containers: [
        { name: 'a', image: 'x', resources: { limits: { cpu: '40m', memory: '800Mi' }, requests: { cpu: '40m', memory: '100Mi' } } },
        { name: 'b', image: 'x', resources: { limits: { cpu: '100m', memory: '300Mi' }, requests: { cpu: '100m', memory: '300Mi' } } },
      ],
    });
    await assert.rejects(
      Promise.resolve(plugin.validate!(attrs('pods', p))),
      /pods "bad" is forbidden: \[minimum cpu usage per Container is 50m, but request is 40m, memory max limit to request ratio per Container is 2, but provided ratio is 8.000000, maximum memory usage per Pod is 1Gi, but limit is 1100Mi\]/,
    );
  });

  it('checks claims against min and max storage', async () => {
    const pvc: KubeObject = { metadata: { name: 'data', namespace: 'ns' }, spec: { resources: { requests: { storage: '20Gi' } } } };
    await assert.rejects(Promise.resolve(plugin.validate!(attrs('persistentvolumeclaims', pvc))), /persistentvolumeclaims "data" is forbidden: maximum storage usage per PersistentVolumeClaim is 10Gi, but request is 20Gi/);
  });

  it('leaves pod updates and other resources alone', async () => {
    const p = pod('a', { containers: [{ name: 'c', image: 'x' }] });
    await plugin.admit!(attrs('pods', p, 'UPDATE'));
    assert.equal(p.metadata.annotations, undefined);
  });

  it('prints aggregates as Go does', () => {
    assert.equal(aggregate(['a']), 'a');
    assert.equal(aggregate(['a', 'b', 'a']), '[a, b]');
  });
});
