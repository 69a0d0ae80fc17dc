import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LABEL_VALUE_MSG, NAME_PART_MSG } from '../validation/testdata.js';
import {
  everything,
  newRequirement,
  nothing,
  parse,
  Requirement,
  Selector,
  SelectorError,
  selectorFromSet,
  validatedSelectorFromSet,
} from './index.js';

const match = (sel: string, labels: Record<string, string>) => parse(sel).matches(labels);

describe('matching', () => {
  it('equality and set-based requirements as upstream', () => {
    assert.equal(match('', { x: 'y' }), true);
    assert.equal(match('x=y', { x: 'y' }), true);
    assert.equal(match('x=y,z=w', { x: 'y', z: 'w' }), true);
    assert.equal(match('x!=y,z!=w', { x: 'z', z: 'a' }), true);
    assert.equal(match('notin=in', { notin: 'in' }), true);
    assert.equal(match('x', { x: 'z' }), true);
    assert.equal(match('!x', { y: 'z' }), true);
    assert.equal(match('x>1', { x: '2' }), true);
    assert.equal(match('x<1', { x: '0' }), true);
    assert.equal(match('x=z', {}), false);
    assert.equal(match('x=y', { x: 'z' }), false);
    assert.equal(match('x=y,z=w', { x: 'w', z: 'w' }), false);
    assert.equal(match('x!=y,z!=w', { x: 'z', z: 'w' }), false);
    assert.equal(match('x', { y: 'z' }), false);
    assert.equal(match('!x', { x: 'z' }), false);
    assert.equal(match('x>1', { x: '0' }), false);
    assert.equal(match('x<1', { x: '2' }), false);
  });
  it('in / notin, and missing keys', () => {
    assert.equal(match('x in (a,b)', { x: 'b' }), true);
    assert.equal(match('x in (a,b)', { x: 'c' }), false);
    assert.equal(match('x in (a,b)', {}), false);
    assert.equal(match('x notin (a,b)', { x: 'c' }), true);
    assert.equal(match('x notin (a,b)', {}), true);
    assert.equal(match('x notin (a,b)', { x: 'a' }), false);
    assert.equal(match('x!=a', {}), true);
    assert.equal(match('x=', { x: '' }), true);
    assert.equal(match('x=', {}), false);
    assert.equal(match('x in ()', { x: '' }), true);
  });
  it('gt/lt compare as int64; non-numeric labels never match', () => {
    assert.equal(match('x>9', { x: '10' }), true);
    assert.equal(match('x<10', { x: '-5' }), true);
    assert.equal(match('x>1', { x: 'abc' }), false);
    assert.equal(match('x>1', { x: '1.5' }), false);
    assert.equal(match('x>1', {}), false);
    assert.equal(match('x>9223372036854775806', { x: '9223372036854775807' }), true);
    assert.equal(match('x<1', { x: '-9223372036854775809' }), false);
  });
  it('ignores inherited properties and tolerates missing labels', () => {
    assert.equal(match('constructor', {}), false);
    assert.equal(match('!toString', {}), true);
    assert.equal(parse('a').matches(undefined), false);
    assert.equal(parse('!a').matches(null), true);
  });
});

describe('everything and nothing', () => {
  it('everything matches all and is empty', () => {
    assert.equal(everything().matches({ x: 'y' }), true);
    assert.equal(everything().empty(), true);
    assert.equal(everything().toString(), '');
    assert.equal(parse('').empty(), true);
    assert.equal(everything().matchesNothing(), false);
  });
  it('nothing matches none and is not empty', () => {
    assert.equal(nothing().matches({}), false);
    assert.equal(nothing().empty(), false);
    assert.equal(nothing().matchesNothing(), true);
    assert.equal(nothing().toString(), '');
    assert.deepEqual(nothing().requirements(), []);
    assert.equal(nothing().add(newRequirement('a', 'exists', [])).matchesNothing(), true);
  });
});

describe('selector API', () => {
  it('requiresExactMatch and exactMatches (for index lookups)', () => {
    const s = parse('a=1,b==2,c in (3),d in (4,5),e!=6,f');
    assert.equal(s.requiresExactMatch('a'), '1');
    assert.equal(s.requiresExactMatch('b'), '2');
    assert.equal(s.requiresExactMatch('c'), '3');
    assert.equal(s.requiresExactMatch('d'), undefined);
    assert.equal(s.requiresExactMatch('e'), undefined);
    assert.equal(s.requiresExactMatch('zz'), undefined);
    assert.deepEqual([...s.exactMatches()], [['a', '1'], ['b', '2'], ['c', '3']]);
    // upstream looks only at the first requirement on a key
    assert.equal(parse('a!=1,a=2').requiresExactMatch('a'), undefined);
  });
  it('add returns a new sorted selector', () => {
    const s = parse('b=1');
    const t = s.add(newRequirement('a', 'in', ['2', '1']));
    assert.equal(s.toString(), 'b=1');
    assert.equal(t.toString(), 'a in (1,2),b=1');
  });
  it('Selector.of sorts stably', () => {
    const s = Selector.of([new Requirement('z', 'exists', []), new Requirement('a', '!=', ['x']), new Requirement('a', 'exists', [])]);
    assert.equal(s.toString(), 'a!=x,a,z');
    assert.equal(Object.isFrozen(s.requirements()), true);
  });
  it('selectorFromSet: sorted, unvalidated; empty or missing selects everything', () => {
    assert.equal(selectorFromSet({ b: '2', a: '1' }).toString(), 'a=1,b=2');
    assert.equal(selectorFromSet({}).empty(), true);
    assert.equal(selectorFromSet(undefined).empty(), true);
    assert.equal(selectorFromSet({ 'bad key': '-x' }).toString(), 'bad key=-x');
    assert.equal(selectorFromSet({ a: '1' }).matches({ a: '1', b: '2' }), true);
  });
  it('validatedSelectorFromSet validates', () => {
    assert.throws(() => validatedSelectorFromSet({ a: '-x' }), { message: `values[0][a]: Invalid value: "-x": ${LABEL_VALUE_MSG}` });
    assert.equal(validatedSelectorFromSet({ a: 'x' }).toString(), 'a=x');
  });
});

describe('newRequirement', () => {
  const err = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof SelectorError);
      return e.message;
    }
    return assert.fail('no error');
  };
  it('checks operator/value combinations with upstream messages', () => {
    assert.equal(err(() => newRequirement('x1', 'in', [])), "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty");
    assert.equal(err(() => newRequirement('x2', 'notin', null)), "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty");
    assert.equal(err(() => newRequirement('x5', '=', ['bar', 'foo'])), 'values: Invalid value: []string{"bar", "foo"}: exact-match compatibility requires one single value');
    assert.equal(err(() => newRequirement('x8', 'exists', ['foo'])), 'values: Invalid value: []string{"foo"}: values set must be empty for exists and does not exist');
    assert.equal(err(() => newRequirement('x13', 'gt', [])), "values: Invalid value: []string{}: for 'Gt', 'Lt' operators, exactly one value is required");
    assert.equal(err(() => newRequirement('x14', 'gt', ['bar'])), `values[0]: Invalid value: "bar": for 'Gt', 'Lt' operators, the value must be an integer`);
    assert.equal(
      err(() => newRequirement('x18', 'unsupportedOp', [])),
      'operator: Unsupported value: "unsupportedOp": supported values: "in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"',
    );
  });
  it('checks keys and values', () => {
    assert.equal(err(() => newRequirement('a'.repeat(254), 'exists', [])), 'key: Invalid value: "' + 'a'.repeat(254) + '": name part must be no more than 63 characters');
    assert.equal(err(() => newRequirement('x17', '=', ['a b'])), `values[0][x17]: Invalid value: "a b": ${LABEL_VALUE_MSG}`);
    assert.equal(
      err(() => newRequirement('-k', '=', ['-v'])),
      `[key: Invalid value: "-k": ${NAME_PART_MSG}, values[0][-k]: Invalid value: "-v": ${LABEL_VALUE_MSG}]`,
    );
  });
  it('keeps values in the given order but prints them sorted', () => {
    const r = newRequirement('k', 'in', ['b', 'a']);
    assert.deepEqual(r.values, ['b', 'a']);
    assert.equal(r.toString(), 'k in (a,b)');
    assert.equal(newRequirement('k', '!', []).toString(), '!k');
    assert.equal(newRequirement('k', 'lt', ['5']).toString(), 'k<5');
    assert.equal(r.equals(newRequirement('k', 'in', ['b', 'a'])), true);
    assert.equal(r.equals(newRequirement('k', 'in', ['a', 'b'])), false);
  });
});
