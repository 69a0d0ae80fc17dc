import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LABEL_VALUE_MSG, NAME_PART_MSG } from '../validation/testdata.js';
import { formatLabelSelector, fromLabelSelector, labelSelectorAsMap, parseToLabelSelector, setAsLabelSelector } from './index.js';

describe('fromLabelSelector (metav1.LabelSelectorAsSelector)', () => {
  it('a missing selector selects nothing; an empty one selects everything', () => {
    assert.equal(fromLabelSelector(null).matchesNothing(), true);
    assert.equal(fromLabelSelector(undefined).matches({ a: 'b' }), false);
    assert.equal(fromLabelSelector({}).empty(), true);
    assert.equal(fromLabelSelector({ matchLabels: {}, matchExpressions: [] }).matches({ a: 'b' }), true);
  });
  it('combines matchLabels and matchExpressions, sorted by key', () => {
    const s = fromLabelSelector({
      matchLabels: { tier: 'fe', app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'NotIn', values: ['dev', 'ci'] },
        { key: 'zone', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
        { key: 'app', operator: 'In', values: ['web', 'api'] },
      ],
    });
    assert.equal(s.toString(), 'app=web,app in (api,web),env notin (ci,dev),!legacy,tier=fe,zone');
    assert.equal(s.matches({ app: 'web', tier: 'fe', zone: 'a' }), true);
    assert.equal(s.matches({ app: 'web', tier: 'fe', zone: 'a', env: 'dev' }), false);
    assert.equal(s.requiresExactMatch('app'), 'web');
  });
  it('rejects bad operators, keys and values with upstream messages', () => {
    assert.throws(() => fromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }), {
      message: '"Gt" is not a valid label selector operator',
    });
    assert.throws(() => fromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In' }] }), {
      message: "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    });
    assert.throws(() => fromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }), {
      message: 'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist',
    });
    assert.throws(() => fromLabelSelector({ matchLabels: { '-a': 'b' } }), { message: `key: Invalid value: "-a": ${NAME_PART_MSG}` });
    assert.throws(() => fromLabelSelector({ matchLabels: { a: 'b c' } }), { message: `values[0][a]: Invalid value: "b c": ${LABEL_VALUE_MSG}` });
  });
});

describe('formatLabelSelector', () => {
  it('gives the status.selector / describe form', () => {
    assert.equal(formatLabelSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe'] }] }), 'app=web,tier in (fe)');
    assert.equal(formatLabelSelector({ matchLabels: { app: 'web' } }), 'app=web');
  });
  it('"<none>" for empty or missing, "<error>" for invalid', () => {
    assert.equal(formatLabelSelector({}), '<none>');
    assert.equal(formatLabelSelector(null), '<none>');
    assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }), '<error>');
  });
});

describe('parseToLabelSelector, labelSelectorAsMap, setAsLabelSelector', () => {
  it('parses a string to matchLabels and matchExpressions', () => {
    assert.deepEqual(parseToLabelSelector('app=web,tier in (fe,be),!legacy,zone,env notin (dev),x==y'), {
      matchLabels: { app: 'web', x: 'y' },
      matchExpressions: [
        { key: 'env', operator: 'NotIn', values: ['dev'] },
        { key: 'legacy', operator: 'DoesNotExist', values: [] },
        { key: 'tier', operator: 'In', values: ['be', 'fe'] },
        { key: 'zone', operator: 'Exists', values: [] },
      ],
    });
  });
  it('rejects what a LabelSelector cannot express', () => {
    assert.throws(() => parseToLabelSelector('a!=b'), { message: '"!=" is not a valid label selector operator' });
    assert.throws(() => parseToLabelSelector('a>1'), { message: `"gt" isn't supported in label selectors` });
    assert.throws(() => parseToLabelSelector('a b'), {
      message: `couldn't parse the selector string "a b": unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt`,
    });
  });
  it('labelSelectorAsMap', () => {
    assert.equal(labelSelectorAsMap(null), null);
    assert.deepEqual(labelSelectorAsMap({ matchLabels: { a: '1' }, matchExpressions: [{ key: 'b', operator: 'In', values: ['2'] }] }), { a: '1', b: '2' });
    assert.throws(() => labelSelectorAsMap({ matchExpressions: [{ key: 'b', operator: 'In', values: ['2', '3'] }] }), {
      message: 'operator "In" without a single value cannot be converted into the old label selector format',
    });
    assert.throws(() => labelSelectorAsMap({ matchExpressions: [{ key: 'b', operator: 'Exists' }] }), {
      message: 'operator "Exists" cannot be converted into the old label selector format',
    });
    assert.throws(() => labelSelectorAsMap({ matchExpressions: [{ key: 'b', operator: 'Nope' }] }), { message: '"Nope" is not a valid selector operator' });
  });
  it('setAsLabelSelector', () => {
    assert.deepEqual(setAsLabelSelector({ a: 'b' }), { matchLabels: { a: 'b' } });
    assert.equal(setAsLabelSelector(undefined), null);
  });
});
