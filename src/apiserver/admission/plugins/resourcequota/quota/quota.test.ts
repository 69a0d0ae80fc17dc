import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../../../api/types.js';
import { calculateUsage, claimUsage, evaluatorFor, evaluatorsForNames, parseList, podConstraints, podUsage, serviceUsage, toJSON } from './index.js';

const NOW = Date.parse('2024-01-01T00:00:00Z');

function pod(name: string, containers: Array<{ name: string; req?: Record<string, string>; lim?: Record<string, string> }>, extra: Record<string, unknown> = {}): KubeObject {
  return {
    metadata: { name, namespace: 'ns' },
    spec: { containers: containers.map((c) => ({ name: c.name, image: 'x', resources: { ...(c.req ? { requests: c.req } : {}), ...(c.lim ? { limits: c.lim } : {}) } })), ...extra },
    status: { phase: 'Running' },
  };
}

describe('quota evaluators', () => {
  it('charges a pod its count and compute, init containers as the max step', () => {
    const p = pod('a', [{ name: 'c', req: { cpu: '250m', memory: '64Mi' }, lim: { cpu: '1', memory: '128Mi' } }, { name: 'd', req: { cpu: '250m' } }], {
      initContainers: [{ name: 'i', image: 'x', resources: { requests: { cpu: '2' } } }],
    });
    assert.deepEqual(toJSON(podUsage(p, NOW)), {
      'count/pods': '1',
      cpu: '2',
      'limits.cpu': '1',
      'limits.memory': '128Mi',
      memory: '64Mi',
      pods: '1',
      'requests.cpu': '2',
      'requests.memory': '64Mi',
    });
  });

  it('does not charge compute for terminal pods or pods stuck past their grace period', () => {
    const done = { ...pod('a', [{ name: 'c', req: { cpu: '1' } }]), status: { phase: 'Succeeded' } };
    assert.deepEqual(toJSON(podUsage(done, NOW)), { 'count/pods': '1' });
    const stuck = pod('b', [{ name: 'c', req: { cpu: '1' } }]);
    stuck.metadata.deletionTimestamp = '2023-12-31T23:00:00Z';
    stuck.metadata.deletionGracePeriodSeconds = 30;
    assert.deepEqual(toJSON(podUsage(stuck, NOW)), { 'count/pods': '1' });
  });

  it('requires explicit cpu/memory when the quota constrains them, with upstream message', () => {
    const p = pod('a', [{ name: 'c' }, { name: 'b', req: { cpu: '1' } }]);
    assert.equal(podConstraints(['limits.cpu', 'requests.cpu', 'pods'], p), 'must specify limits.cpu for: b,c; requests.cpu for: c');
    assert.equal(podConstraints(['pods', 'count/pods'], p), undefined);
  });

  it('counts services, node ports and load balancers; claims per storage class', () => {
    const svc: KubeObject = { metadata: { name: 's' }, spec: { type: 'NodePort', ports: [{ port: 80 }, { port: 443 }] } };
    assert.deepEqual(toJSON(serviceUsage(svc)), { 'count/services': '1', services: '1', 'services.loadbalancers': '0', 'services.nodeports': '2' });
    const pvc: KubeObject = { metadata: { name: 'c' }, spec: { storageClassName: 'fast', resources: { requests: { storage: '1Gi' } } } };
    assert.deepEqual(toJSON(claimUsage(pvc)), {
      'count/persistentvolumeclaims': '1',
      'fast.storageclass.storage.k8s.io/persistentvolumeclaims': '1',
      'fast.storageclass.storage.k8s.io/requests.storage': '1Gi',
      persistentvolumeclaims: '1',
      'requests.storage': '1Gi',
    });
  });

  it('maps quota names to evaluators, including count/<resource>.<group>', () => {
    const evs = evaluatorsForNames(['pods', 'requests.cpu', 'configmaps', 'count/deployments.apps', 'services.nodeports', 'count/secrets']);
    assert.deepEqual(evs.map((e) => `${e.group}/${e.resource}`).sort(), ['/configmaps', '/pods', '/secrets', '/services', 'apps/deployments']);
    assert.deepEqual(evaluatorFor('', 'configmaps').matchingResources(['configmaps', 'count/configmaps', 'pods']), ['configmaps', 'count/configmaps']);
  });

  it('calculates a namespace usage with scopes and zeros for untouched names', () => {
    const quota: KubeObject = { metadata: { name: 'q', namespace: 'ns' }, spec: { hard: { pods: '10', 'requests.memory': '1Gi', configmaps: '5' }, scopes: ['NotBestEffort'] } };
    const objs: Record<string, KubeObject[]> = {
      '/pods': [pod('a', [{ name: 'c', req: { memory: '100Mi' } }]), pod('b', [{ name: 'c' }]), pod('c', [{ name: 'c', req: { memory: '28Mi' } }])],
      '/configmaps': [{ metadata: { name: 'x' } }],
    };
    const used = calculateUsage({ quota, hard: parseList((quota.spec as { hard: unknown }).hard), list: (ev) => objs[`${ev.group}/${ev.resource}`] ?? [], nowMs: NOW });
    // The scope restricts pods; config maps never match a scoped quota.
    assert.deepEqual(toJSON(used), { configmaps: '0', pods: '2', 'requests.memory': '128Mi' });
  });
});
