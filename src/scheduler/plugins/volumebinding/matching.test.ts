import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makePV, makePVC } from '../../testing/volumes.js';
import { AssumeCache, compareResourceVersion } from './assume-cache.js';
import { findMatchingVolume, isClaimFullyBound, topologyAllows, volumeNodeAffinityMatches } from './matching.js';

const node1 = { 'kubernetes.io/hostname': 'n1', zone: 'a' };
const node2 = { 'kubernetes.io/hostname': 'n2', zone: 'b' };
const none = new Set<string>();
const names = (v: { metadata: { name?: string } } | undefined) => v?.metadata.name;

describe('volume node affinity', () => {
  it('admits every node without required terms, and only matching nodes with them', () => {
    assert.equal(volumeNodeAffinityMatches(makePV('free'), node1), true);
    const local = makePV('local', { hostnames: ['n1'] });
    assert.equal(volumeNodeAffinityMatches(local, node1), true);
    assert.equal(volumeNodeAffinityMatches(local, node2), false);
    const noTerms = makePV('x', { nodeAffinity: { required: { nodeSelectorTerms: [] } } });
    assert.equal(volumeNodeAffinityMatches(noTerms, node1), false, 'required with no terms matches nothing');
  });

  it('ORs terms and ignores matchFields (only labels are known, as upstream)', () => {
    const pv = makePV('x', {
      nodeAffinity: {
        required: {
          nodeSelectorTerms: [
            { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] },
            { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] },
          ],
        },
      },
    });
    assert.equal(volumeNodeAffinityMatches(pv, node1), false);
    assert.equal(volumeNodeAffinityMatches(pv, node2), true);
  });
});

describe('topologyAllows (StorageClass allowedTopologies)', () => {
  it('allows every node without terms and needs one term fully matched otherwise', () => {
    assert.equal(topologyAllows(undefined, node1), true);
    assert.equal(topologyAllows([], node1), true);
    const terms = [{ matchLabelExpressions: [{ key: 'zone', values: ['b', 'c'] }] }, { matchLabelExpressions: [{ key: 'zone', values: ['z'] }, { key: 'kubernetes.io/hostname', values: ['n1'] }] }];
    assert.equal(topologyAllows(terms, node1), false);
    assert.equal(topologyAllows(terms, node2), true);
  });
});

describe('findMatchingVolume (scheduler path)', () => {
  const claim = makePVC('c', { storageClassName: 'local', request: '5Gi' });

  it('picks the smallest Available volume of the class that fits, on a node its affinity admits', () => {
    const vols = [
      makePV('big', { storageClassName: 'local', capacity: '100Gi', hostnames: ['n1'] }),
      makePV('small', { storageClassName: 'local', capacity: '10Gi', hostnames: ['n1'] }),
      makePV('tiny', { storageClassName: 'local', capacity: '1Gi', hostnames: ['n1'] }),
      makePV('elsewhere', { storageClassName: 'local', capacity: '6Gi', hostnames: ['n2'] }),
      makePV('otherclass', { storageClassName: 'fast', capacity: '6Gi' }),
      makePV('released', { storageClassName: 'local', capacity: '6Gi', phase: 'Released' }),
      makePV('rwx', { storageClassName: 'local', capacity: '6Gi', accessModes: ['ReadWriteMany'] }),
      makePV('block', { storageClassName: 'local', capacity: '6Gi', volumeMode: 'Block' }),
    ];
    assert.equal(names(findMatchingVolume(claim, vols, node1, none)), 'small');
    assert.equal(names(findMatchingVolume(claim, vols, node2, none)), 'elsewhere');
    assert.equal(names(findMatchingVolume(claim, vols, node1, new Set(['small']))), 'big', 'excluded volumes are skipped');
    assert.equal(findMatchingVolume(claim, vols.slice(2, 3), node1, none), undefined);
  });

  it('takes a volume pre-bound to the claim first, but nothing when its affinity rejects the node', () => {
    const pre = makePV('pre', { storageClassName: 'other', capacity: '50Gi', hostnames: ['n2'], claimRef: { namespace: 'default', name: 'c' }, phase: 'Available' });
    const free = makePV('free', { storageClassName: 'local', capacity: '5Gi' });
    assert.equal(names(findMatchingVolume(claim, [free, pre], node2, none)), 'pre');
    assert.equal(findMatchingVolume(claim, [free, pre], node1, none), undefined);
  });

  it('skips volumes claimed by other claims and honours the claim selector', () => {
    const taken = makePV('taken', { storageClassName: 'local', capacity: '5Gi', claimRef: { namespace: 'default', name: 'other', uid: 'u' } });
    const labelled = makePV('labelled', { storageClassName: 'local', capacity: '8Gi', labels: { tier: 'gold' } });
    const plain = makePV('plain', { storageClassName: 'local', capacity: '6Gi' });
    assert.equal(names(findMatchingVolume(claim, [taken, labelled, plain], node1, none)), 'plain');
    const gold = makePVC('g', { storageClassName: 'local', request: '5Gi' });
    gold.spec!.selector = { matchLabels: { tier: 'gold' } };
    assert.equal(names(findMatchingVolume(gold, [taken, labelled, plain], node1, none)), 'labelled');
  });
});

describe('isClaimFullyBound', () => {
  it('needs volumeName and the bind-completed annotation', () => {
    assert.equal(isClaimFullyBound(makePVC('a', { boundTo: 'pv' })), true);
    const half = makePVC('b');
    half.spec!.volumeName = 'pv';
    assert.equal(isClaimFullyBound(half), false);
    assert.equal(isClaimFullyBound(makePVC('c')), false);
  });
});

describe('AssumeCache', () => {
  it('overlays assumed versions until the informer has a newer one, and restores', () => {
    const store = new Map<string, ReturnType<typeof makePV>>();
    const at = (rv: string, phase = 'Available') => ({ ...makePV('v', { phase }), metadata: { name: 'v', resourceVersion: rv } });
    store.set('v', at('5'));
    const c = new AssumeCache({ get: (k) => store.get(k), keyOf: (o) => o.metadata.name ?? '' });
    c.assume(at('5', 'Assumed'));
    assert.equal(c.get('v')!.status!.phase, 'Assumed');
    assert.equal(c.getAPIObject('v')!.status!.phase, 'Available');
    assert.equal(c.overlay([store.get('v')!])[0]!.status!.phase, 'Assumed');
    assert.throws(() => c.assume(at('4')), /older/);
    store.set('v', at('6', 'Bound'));
    assert.equal(c.get('v')!.status!.phase, 'Bound', 'a newer informer version wins');
    assert.equal(c.size, 0);
    c.assume(at('6', 'Again'));
    c.restore('v');
    assert.equal(c.get('v')!.status!.phase, 'Bound');
    assert.throws(() => c.assume({ ...at('1'), metadata: { name: 'missing', resourceVersion: '1' } }), /not found/);
  });

  it('compares resourceVersions as integers', () => {
    const o = (rv: string) => ({ metadata: { resourceVersion: rv } });
    assert.equal(compareResourceVersion(o('9'), o('10')), -1);
    assert.equal(compareResourceVersion(o('10'), o('10')), 0);
    assert.equal(compareResourceVersion(o('11'), o('10')), 1);
  });
});
