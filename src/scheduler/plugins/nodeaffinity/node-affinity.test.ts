import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Affinity } from '../../framework/api.js';
import { CycleState } from '../../framework/cycle-state.js';
import { PreFilterResult } from '../../framework/interface.js';
import { NodeInfo } from '../../framework/node-info.js';
import { PodInfo } from '../../framework/pod-info.js';
import { Code, Status } from '../../framework/status.js';
import { makeNode, makePod } from '../../testing/wrappers.js';
import { NodeAffinity } from './node-affinity.js';

const pl = new NodeAffinity();

function fits(o: { nodeSelector?: Record<string, string>; affinity?: Affinity }, labels: Record<string, string>, name = 'n'): boolean | 'skip' {
  const state = new CycleState();
  const pod = new PodInfo(makePod('p', o));
  const pre = pl.preFilter(state, pod);
  if (pre instanceof Status && pre.code === Code.Skip) return 'skip';
  const s = pl.filter(state, pod, new NodeInfo(makeNode(name, { labels })));
  if (s) assert.equal(s.message(), "node(s) didn't match Pod's node affinity/selector");
  return s === null;
}

const required = (...terms: NonNullable<Affinity['nodeAffinity']>['requiredDuringSchedulingIgnoredDuringExecution'][]) => terms;

describe('NodeAffinity filter', () => {
  it('skips pods without node constraints', () => {
    assert.equal(fits({}, {}), 'skip');
  });
  it('matches spec.nodeSelector', () => {
    assert.equal(fits({ nodeSelector: { foo: 'bar' } }, { foo: 'bar' }), true);
    assert.equal(fits({ nodeSelector: { foo: 'bar' } }, { foo: 'baz' }), false);
  });
  it('matches required node affinity operators', () => {
    const aff = (operator: string, values?: string[]): Affinity => ({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'k', operator, ...(values ? { values } : {}) }] }] } },
    });
    assert.equal(fits({ affinity: aff('In', ['a', 'b']) }, { k: 'b' }), true);
    assert.equal(fits({ affinity: aff('In', ['a']) }, { k: 'c' }), false);
    assert.equal(fits({ affinity: aff('NotIn', ['a']) }, {}), true);
    assert.equal(fits({ affinity: aff('Exists') }, { k: '' }), true);
    assert.equal(fits({ affinity: aff('DoesNotExist') }, { k: 'x' }), false);
    assert.equal(fits({ affinity: aff('Gt', ['5']) }, { k: '6' }), true);
    assert.equal(fits({ affinity: aff('Lt', ['5']) }, { k: '6' }), false);
    assert.equal(fits({ affinity: aff('Gt', ['x']) }, { k: '6' }), false, 'invalid term matches nothing');
  });
  it('ORs terms and treats an empty term as matching nothing', () => {
    const affinity: Affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{}, { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] }],
        },
      },
    };
    assert.equal(fits({ affinity }, { zone: 'z1' }), true);
    assert.equal(fits({ affinity }, { zone: 'z2' }), false);
    void required;
  });
  it('narrows the nodes for matchFields metadata.name', () => {
    const pod = new PodInfo(
      makePod('p', {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] },
                { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] },
              ],
            },
          },
        },
      }),
    );
    const r = pl.preFilter(new CycleState(), pod);
    assert.ok(r instanceof PreFilterResult);
    assert.deepEqual([...r.nodeNames].sort(), ['n1', 'n2']);
  });
  it('reports conflicting metadata.name terms', () => {
    const pod = new PodInfo(
      makePod('p', {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchFields: [
                    { key: 'metadata.name', operator: 'In', values: ['n1'] },
                    { key: 'metadata.name', operator: 'In', values: ['n2'] },
                  ],
                },
              ],
            },
          },
        },
      }),
    );
    const r = pl.preFilter(new CycleState(), pod);
    assert.ok(r instanceof Status);
    assert.equal(r.message(), 'pod affinity terms conflict');
  });
});

describe('NodeAffinity score', () => {
  it('sums matching preferred weights and normalizes to 100', () => {
    // Upstream case: weights 2 (foo=bar), 4 (key=value), 5 (az=az1 + key=value).
    const affinity: Affinity = {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 2, preference: { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] } },
          { weight: 4, preference: { matchExpressions: [{ key: 'key', operator: 'In', values: ['value'] }] } },
          {
            weight: 5,
            preference: {
              matchExpressions: [
                { key: 'foo', operator: 'In', values: ['bar'] },
                { key: 'key', operator: 'In', values: ['value'] },
                { key: 'az', operator: 'In', values: ['az1'] },
              ],
            },
          },
        ],
      },
    };
    const pod = new PodInfo(makePod('p', { affinity }));
    const nodes = [
      new NodeInfo(makeNode('n1', { labels: { foo: 'bar' } })),
      new NodeInfo(makeNode('n2', { labels: { foo: 'bar', key: 'value', az: 'az1' } })),
      new NodeInfo(makeNode('n3', { labels: { key: 'value' } })),
    ];
    const state = new CycleState();
    assert.equal(pl.preScore(state, pod), null);
    const s = new Float64Array(nodes.map((n) => pl.score(state, pod, n) as number));
    assert.deepEqual([...s], [2, 11, 4]);
    pl.normalizeScore(state, pod, nodes, s);
    assert.deepEqual([...s], [18, 100, 36]);
  });
  it('skips scoring without preferred terms', () => {
    assert.equal(pl.preScore(new CycleState(), new PodInfo(makePod('p')))?.code, Code.Skip);
  });
});
