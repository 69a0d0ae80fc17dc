import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareGoStrings, goNumber, goQuote, goTimeString, sortedUnique } from './goformat.js';
import { semanticDeepEqual, validateImmutableField } from './immutable.js';
import { labelSelectorHasInvalidLabelValue, validateLabelSelector, validateLabels } from './labels.js';
import { path } from './path.js';
import { LABEL_VALUE_MSG, NAME_PART_MSG } from './testdata.js';

describe('label and LabelSelector validation', () => {
  const sel = path('spec', 'selector');
  it('validateLabels reports at the map path', () => {
    assert.deepEqual(validateLabels({ 'a/b/c': 'v' }, path('metadata', 'labels')).length, 1);
    assert.deepEqual(validateLabels(undefined, path('x')), []);
  });
  it('accepts a good selector, and a missing one', () => {
    assert.deepEqual(validateLabelSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe'] }] }, sel), []);
    assert.deepEqual(validateLabelSelector(null, sel), []);
  });
  it('checks operators and values with upstream messages', () => {
    const errs = validateLabelSelector(
      {
        matchLabels: { app: '-x' },
        matchExpressions: [
          { key: 'a', operator: 'In' },
          { key: 'b', operator: 'Exists', values: ['x'] },
          { key: '-c', operator: 'Gt', values: ['1', '-'] },
        ],
      },
      sel,
    ).map((e) => e.message);
    assert.deepEqual(errs, [
      `spec.selector.matchLabels: Invalid value: "-x": ${LABEL_VALUE_MSG}`,
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      'spec.selector.matchExpressions[2].operator: Invalid value: "Gt": not a valid selector operator',
      `spec.selector.matchExpressions[2].key: Invalid value: "-c": ${NAME_PART_MSG}`,
      `spec.selector.matchExpressions[2].values[1]: Invalid value: "-": ${LABEL_VALUE_MSG}`,
    ]);
  });
  it('options relax operators and values', () => {
    const ls = { matchExpressions: [{ key: 'a', operator: 'Weird', values: ['-'] }] };
    assert.deepEqual(validateLabelSelector(ls, sel, { allowUnknownOperatorInRequirement: true, allowInvalidLabelValueInSelector: true }), []);
    assert.equal(labelSelectorHasInvalidLabelValue(ls), true);
    assert.equal(labelSelectorHasInvalidLabelValue({ matchLabels: { a: '-' } }), false);
  });
});

describe('Go formatting helpers', () => {
  it('goQuote matches strconv.Quote', () => {
    assert.equal(goQuote(''), '""');
    assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(goQuote('\x07\b\f\n\r\t\v'), '"\\a\\b\\f\\n\\r\\t\\v"');
    assert.equal(goQuote('\x1b'), '"\\x1b"');
    assert.equal(goQuote('\u00a0'), '"\\u00a0"');
    assert.equal(goQuote('😀 ü'), '"😀 ü"');
    assert.equal(goQuote('\u{e0001}'), '"\\U000e0001"');
    assert.equal(goQuote('\ud800'), '"\ufffd"');
  });
  it('goNumber', () => {
    assert.equal(goNumber(42), '42');
    assert.equal(goNumber(-3), '-3');
    assert.equal(goNumber(0.5), '0.5');
    assert.equal(goNumber(0.00001), '1e-05');
    assert.equal(goNumber(123456.5), '123456.5');
    assert.equal(goNumber(1234567.5), '1.2345675e+06');
  });
  it('orders strings byte-wise like Go', () => {
    assert.deepEqual(['b', 'B', 'a', '\uffff', '😀', 'é'].sort(compareGoStrings), ['B', 'a', 'b', 'é', '\uffff', '😀']);
    assert.deepEqual(sortedUnique(['b', 'a', 'b', '']), ['', 'a', 'b']);
  });
  it('formats times as Go time.Time.String() in UTC', () => {
    assert.equal(goTimeString('2024-01-02T03:04:05Z'), '2024-01-02 03:04:05 +0000 UTC');
    assert.equal(goTimeString('2024-01-02T03:04:05.120000+02:00'), '2024-01-02 01:04:05.12 +0000 UTC');
    assert.equal(goTimeString(undefined), '0001-01-01 00:00:00 +0000 UTC');
  });
});

describe('immutable fields', () => {
  it('treats missing as empty, but not as zero or false', () => {
    assert.equal(semanticDeepEqual(undefined, ''), true);
    assert.equal(semanticDeepEqual(null, []), true);
    assert.equal(semanticDeepEqual({}, undefined), true);
    assert.equal(semanticDeepEqual({ a: undefined }, {}), true);
    assert.equal(semanticDeepEqual(undefined, 0), false);
    assert.equal(semanticDeepEqual(undefined, false), false);
    assert.equal(semanticDeepEqual({ a: [1, { b: 'c' }] }, { a: [1, { b: 'c' }] }), true);
    assert.equal(semanticDeepEqual({ a: [1] }, { a: [2] }), false);
  });
  it('reports the new value', () => {
    assert.deepEqual(validateImmutableField('b', 'a', path('spec', 'x')).map((e) => e.message), ['spec.x: Invalid value: "b": field is immutable']);
    assert.deepEqual(validateImmutableField(3, 2, path('spec', 'x')).map((e) => e.message), ['spec.x: Invalid value: 3: field is immutable']);
    assert.deepEqual(validateImmutableField({ a: 1 }, { a: 2 }, path('spec', 'x')).map((e) => e.message), ['spec.x: Invalid value: {"a":1}: field is immutable']);
    assert.deepEqual(validateImmutableField('', undefined, path('spec', 'x')), []);
  });
});
