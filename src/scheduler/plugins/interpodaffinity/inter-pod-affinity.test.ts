import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Affinity, PodAffinityTerm } from '../../framework/api.js';
import { filterAll, scoreAll, testFramework } from '../../testing/handle.js';
import { makeNode, makePod, onNode } from '../../testing/wrappers.js';

const plugins = [{ name: 'InterPodAffinity' }];
const term = (labels: Record<string, string>, topologyKey: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({
  labelSelector: { matchLabels: labels },
  topologyKey,
  ...extra,
});
const nodes = [
  makeNode('n1', { labels: { region: 'r1', zone: 'z11' } }),
  makeNode('n2', { labels: { region: 'r1', zone: 'z12' } }),
  makeNode('n3', { labels: { region: 'r2', zone: 'z21' } }),
];

describe('InterPodAffinity filter', () => {
  it('requires a matching pod in the same topology domain', () => {
    const affinity: Affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ service: 'securityscan' }, 'region')] } };
    const t = testFramework({ nodes, plugins, pods: [onNode(makePod('e', { labels: { service: 'securityscan' } }), 'n1')] });
    assert.deepEqual(filterAll(t, makePod('p', { affinity })), { n1: '', n2: '', n3: "node(s) didn't match pod affinity rules" });
  });
  it('lets the first pod of a self-affine group in', () => {
    const affinity: Affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' }, 'region')] } };
    const t = testFramework({ nodes, plugins });
    assert.deepEqual(filterAll(t, makePod('p', { labels: { app: 'web' }, affinity })), { n1: '', n2: '', n3: '' });
    // …but not a pod that does not match its own terms.
    assert.equal(filterAll(t, makePod('q', { affinity })).n1, "node(s) didn't match pod affinity rules");
  });
  it('rejects domains with pods the anti-affinity selects', () => {
    const affinity: Affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, 'zone')] } };
    const t = testFramework({ nodes, plugins, pods: [onNode(makePod('e', { labels: { app: 'db' } }), 'n1')] });
    assert.deepEqual(filterAll(t, makePod('p', { affinity })), { n1: "node(s) didn't match pod anti-affinity rules", n2: '', n3: '' });
  });
  it("honours existing pods' anti-affinity towards the incoming pod", () => {
    const existingAffinity: Affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'foo' }, 'region')] } };
    const t = testFramework({ nodes, plugins, pods: [onNode(makePod('e', { affinity: existingAffinity }), 'n1')] });
    const msg = "node(s) didn't satisfy existing pods anti-affinity rules";
    assert.deepEqual(filterAll(t, makePod('p', { labels: { app: 'foo' } })), { n1: msg, n2: msg, n3: '' });
    assert.deepEqual(filterAll(t, makePod('q', { labels: { app: 'bar' } })), { n1: '', n2: '', n3: '' });
  });
  it('resolves namespaceSelector through the namespace labels', () => {
    const affinity: Affinity = {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, 'region', { namespaceSelector: { matchLabels: { team: 'a' } } })] },
    };
    const pods = [onNode(makePod('e1', { namespace: 'ns-a', labels: { app: 'db' } }), 'n1'), onNode(makePod('e2', { namespace: 'ns-b', labels: { app: 'db' } }), 'n3')];
    const t = testFramework({ nodes, plugins, pods, namespaces: { 'ns-a': { team: 'a' }, 'ns-b': { team: 'b' }, default: {} } });
    const msg = "node(s) didn't match pod anti-affinity rules";
    assert.deepEqual(filterAll(t, makePod('p', { affinity })), { n1: msg, n2: msg, n3: '' });
  });
});

describe('InterPodAffinity score', () => {
  it('prefers domains with pods matching preferred affinity', () => {
    const affinity: Affinity = {
      podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: term({ security: 'S1' }, 'region') }] },
    };
    const t = testFramework({ nodes, plugins, pods: [onNode(makePod('e', { labels: { security: 'S1' } }), 'n1')] });
    assert.deepEqual(scoreAll(t, makePod('p', { affinity })), { n1: 100, n2: 100, n3: 0 });
  });
  it('avoids domains with pods matching preferred anti-affinity', () => {
    const affinity: Affinity = {
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: term({ security: 'S1' }, 'region') }] },
    };
    const t = testFramework({ nodes, plugins, pods: [onNode(makePod('e', { labels: { security: 'S1' } }), 'n3')] });
    assert.deepEqual(scoreAll(t, makePod('p', { affinity })), { n1: 100, n2: 100, n3: 0 });
  });
  it("counts existing pods' required affinity towards the incoming pod with hardPodAffinityWeight", () => {
    const existingAffinity: Affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' }, 'zone')] } };
    const t = testFramework({ nodes, plugins, pods: [onNode(makePod('e', { labels: { app: 'web' }, affinity: existingAffinity }), 'n2')] });
    assert.deepEqual(scoreAll(t, makePod('p', { labels: { app: 'web' } })), { n1: 0, n2: 100, n3: 0 });
  });
});
