import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  andSelectors,
  defaultMetaV1FieldSelectorConversion,
  escapeValue,
  everything,
  FieldLabelNotSupportedError,
  fieldLabelConversion,
  fieldLabelNotSupported,
  FieldSelectorError,
  nothing,
  oneTermEqualSelector,
  oneTermNotEqualSelector,
  parseAndTransformSelector,
  parseSelector,
  selectorFromSet,
  unescapeValue,
} from './index.js';

describe('escaping', () => {
  it('escapes \\ , = and round-trips', () => {
    const cases: Record<string, string> = { '': '', a: 'a', '=': '\\=', ',': '\\,', '\\': '\\\\', '\\=\\,\\': '\\\\\\=\\\\\\,\\\\' };
    for (const [raw, esc] of Object.entries(cases)) {
      assert.equal(escapeValue(raw), esc);
      assert.equal(unescapeValue(esc), raw);
    }
  });
  it('rejects invalid escapes and unescaped specials with upstream messages', () => {
    assert.throws(() => unescapeValue('\\'), { message: 'invalid field selector: invalid escape sequence: \\' });
    assert.throws(() => unescapeValue('\\\\\\'), { message: 'invalid field selector: invalid escape sequence: \\' });
    assert.throws(() => unescapeValue('\\a'), { message: 'invalid field selector: invalid escape sequence: \\a' });
    assert.throws(() => unescapeValue('\\!'), { message: 'invalid field selector: invalid escape sequence: \\!' });
    assert.throws(() => unescapeValue('\\😀'), { message: 'invalid field selector: invalid escape sequence: \\😀' });
    assert.throws(() => unescapeValue('a=b'), { message: 'invalid field selector: unescaped character in value: 61' });
    assert.throws(() => unescapeValue('a,b'), FieldSelectorError);
  });
});

describe('parseSelector', () => {
  it('round-trips good selectors (terms sorted)', () => {
    for (const s of ['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=a||y\\=b', 'x=a\\=\\=b']) assert.equal(parseSelector(s).toString(), s);
    assert.equal(parseSelector('x=a,a=x').toString(), 'a=x,x=a');
    assert.equal(parseSelector('b==1').toString(), 'b=1');
    assert.equal(parseSelector('a=a,').toString(), 'a=a');
    assert.equal(parseSelector(',a=a').toString(), 'a=a');
    assert.equal(parseSelector('함=수,목=록').toString(), '목=록,함=수');
  });
  it('splits at the first operator; escaped commas are data', () => {
    // terms are sorted as raw strings first: "k2=v2" < "k=\\,"
    assert.deepEqual(parseSelector('k=\\,,k2=v2').requirements(), [
      { operator: '=', field: 'k2', value: 'v2' },
      { operator: '=', field: 'k', value: ',' },
    ]);
    assert.throws(() => parseSelector('a!=b=c'), { message: 'invalid field selector: unescaped character in value: 61' });
    assert.deepEqual(parseSelector('a==\\=').requirements(), [{ operator: '=', field: 'a', value: '=' }]);
    assert.deepEqual(parseSelector('spec.nodeName!=').requirements(), [{ operator: '!=', field: 'spec.nodeName', value: '' }]);
  });
  it('rejects terms without an operator', () => {
    assert.throws(() => parseSelector('a'), { message: "invalid selector: 'a'; can't understand 'a'" });
    assert.throws(() => parseSelector('x=a,b'), { message: "invalid selector: 'x=a,b'; can't understand 'b'" });
    assert.throws(() => parseSelector('k=\\a'), { message: 'invalid field selector: invalid escape sequence: \\a' });
  });
  it('matches: missing fields read as ""', () => {
    const s = parseSelector('metadata.name=web,status.phase!=Running');
    assert.equal(s.matches({ 'metadata.name': 'web', 'status.phase': 'Pending' }), true);
    assert.equal(s.matches({ 'metadata.name': 'web', 'status.phase': 'Running' }), false);
    assert.equal(s.matches({ 'metadata.name': 'web' }), true);
    assert.equal(parseSelector('spec.nodeName=').matches({}), true);
    assert.equal(parseSelector('spec.nodeName!=').matches({ 'spec.nodeName': 'n1' }), true);
    assert.equal(parseSelector('constructor=').matches({}), true);
    assert.equal(parseSelector('').matches(undefined), true);
  });
  it('requiresExactMatch and requirements', () => {
    const s = parseSelector('metadata.name=web,spec.nodeName!=n1,metadata.namespace==default');
    assert.equal(s.requiresExactMatch('metadata.name'), 'web');
    assert.equal(s.requiresExactMatch('metadata.namespace'), 'default');
    assert.equal(s.requiresExactMatch('spec.nodeName'), undefined);
    assert.deepEqual(s.requirements(), [
      { operator: '=', field: 'metadata.name', value: 'web' },
      { operator: '=', field: 'metadata.namespace', value: 'default' },
      { operator: '!=', field: 'spec.nodeName', value: 'n1' },
    ]);
  });
});

describe('everything, nothing and builders', () => {
  it('everything / nothing', () => {
    assert.equal(everything().empty(), true);
    assert.equal(everything().matches({ a: 'b' }), true);
    assert.equal(parseSelector('').empty(), true);
    assert.equal(nothing().matches({}), false);
    assert.equal(nothing().empty(), false);
    assert.equal(nothing().matchesNothing(), true);
    assert.equal(nothing().toString(), '');
  });
  it('builders', () => {
    assert.equal(oneTermEqualSelector('a', 'x,y').toString(), 'a=x\\,y');
    assert.equal(oneTermNotEqualSelector('a', 'b').toString(), 'a!=b');
    assert.equal(andSelectors(oneTermEqualSelector('b', '1'), oneTermEqualSelector('a', '2')).toString(), 'b=1,a=2');
    assert.equal(selectorFromSet({ a: '1' }).toString(), 'a=1');
    assert.equal(selectorFromSet(null).empty(), true);
    assert.equal(andSelectors().empty(), true);
    assert.equal(andSelectors(everything(), everything()).empty(), true);
  });
});

describe('transform and field label conversion', () => {
  const pods = fieldLabelConversion(['metadata.name', 'metadata.namespace', 'spec.nodeName', 'status.phase'], { 'spec.host': 'spec.nodeName' });
  it('passes supported labels, renames aliases', () => {
    assert.equal(parseSelector('spec.host=n1,status.phase=Running').transform(pods).toString(), 'spec.nodeName=n1,status.phase=Running');
    assert.equal(parseAndTransformSelector('spec.host=n1', pods).toString(), 'spec.nodeName=n1');
  });
  it('fails with "field label not supported: <name>"', () => {
    assert.throws(() => parseSelector('spec.replicas=1').transform(pods), { message: 'field label not supported: spec.replicas' });
    assert.throws(() => parseAndTransformSelector('a=1,b=2', pods), FieldLabelNotSupportedError);
    const e = fieldLabelNotSupported('x');
    assert.equal(e.message, 'field label not supported: x');
    assert.equal(e.label, 'x');
    assert.ok(e instanceof FieldSelectorError);
  });
  it('the default conversion allows only metadata.name and metadata.namespace', () => {
    assert.equal(parseSelector('metadata.name=a').transform(defaultMetaV1FieldSelectorConversion).toString(), 'metadata.name=a');
    assert.throws(() => parseSelector('spec.replicas=1').transform(defaultMetaV1FieldSelectorConversion), {
      message: '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    });
  });
  it('a term transformed to ["", ""] is dropped', () => {
    const drop = (f: string, v: string) => (f === 'x' ? (['', ''] as const) : ([f, v] as const));
    assert.equal(parseSelector('x=1,y=2').transform(drop).toString(), 'y=2');
    assert.equal(parseSelector('x=1').transform(drop).empty(), true);
    assert.equal(parseSelector('x=1,y=2').toString(), 'x=1,y=2');
  });
  it('nothing stays nothing', () => {
    assert.equal(nothing().transform(pods).matchesNothing(), true);
  });
});
