import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { path } from '../validation/index.js';
import { LABEL_VALUE_MSG, NAME_PART_MSG } from '../validation/testdata.js';
import { parse, parseToRequirements, SelectorError } from './index.js';

function parseError(s: string): string {
  try {
    parse(s);
  } catch (e) {
    assert.ok(e instanceof SelectorError, `not a SelectorError: ${String(e)}`);
    return e.message;
  }
  assert.fail(`expected ${JSON.stringify(s)} to fail`);
}

describe('labels.parse: good selectors', () => {
  it('round-trips to the canonical string (spaces dropped)', () => {
    for (const s of ['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=', 'x= ', 'x=,z= ', 'x= ,z= ', '!x', 'x>1', 'x>1,z<5']) {
      assert.equal(parse(s).toString(), s.replace(/ /g, ''), s);
    }
  });
  it('sorts requirements by key, and values inside sets', () => {
    assert.equal(parse('x=a,a=x').toString(), 'a=x,x=a');
    assert.equal(parse('a=x,x=a').toString(), parse('x=a,a=x').toString());
    assert.equal(parse('x in (c,a,b,a)').toString(), 'x in (a,b,c)');
    assert.deepEqual(parse('x in (c,a,b,a)').requirements()[0]!.values, ['a', 'b', 'c']);
    assert.equal(parse('z,!y,x notin (b,a),w==1,v!=2').toString(), 'v!=2,w==1,x notin (a,b),!y,z');
  });
  it('keeps == as ==', () => {
    assert.equal(parse('a==b').toString(), 'a==b');
    assert.equal(parse('a==b').requirements()[0]!.operator, '==');
  });
  it('handles whitespace around tokens (space, tab, CR, LF)', () => {
    assert.equal(parse('  x  in  ( a , b )  ,\ty\n!=\rz ').toString(), 'x in (a,b),y!=z');
    assert.equal(parse('environment in (production, qa)').toString(), 'environment in (production,qa)');
  });
  it('empty values in sets', () => {
    assert.equal(parse('x in ()').toString(), 'x in ()');
    assert.deepEqual(parse('x in ()').requirements()[0]!.values, ['']);
    assert.deepEqual(parse('x in (,a)').requirements()[0]!.values, ['', 'a']);
    assert.deepEqual(parse('x in (a,)').requirements()[0]!.values, ['', 'a']);
    assert.deepEqual(parse('x in (a,,b)').requirements()[0]!.values, ['', 'a', 'b']);
    assert.equal(parse('x in (foo,,baz),y,z notin ()').toString(), 'x in (,baz,foo),y,z notin ()');
  });
  it('in/notin are ordinary words where a key or value is expected', () => {
    assert.equal(parse('notin=in').toString(), 'notin=in');
    assert.equal(parse('in in (in,notin)').toString(), 'in in (in,notin)');
  });
  it('prefixed keys', () => {
    assert.equal(parse('app.kubernetes.io/name=web,!example.com/x').toString(), 'app.kubernetes.io/name=web,!example.com/x');
  });
  it('a NUL character where a token starts ends the input; inside a word it only ends the word (as upstream)', () => {
    assert.equal(parse('a=b \0 c=d').toString(), 'a=b');
    assert.equal(parse('a=b\0,c').toString(), 'a=b,c');
  });
  it('parseToRequirements exposes the sorted requirements', () => {
    assert.deepEqual(
      parseToRequirements('b=1,a').map((r) => [r.key, r.operator, r.values]),
      [
        ['a', 'exists', []],
        ['b', '=', ['1']],
      ],
    );
  });
});

describe('labels.parse: errors (upstream messages)', () => {
  it('syntax errors', () => {
    assert.equal(parseError('x==a==b'), "found '==', expected: ',' or 'end of string'");
    assert.equal(parseError('!x=a'), "found '=', expected: ',' or 'end of string'");
    assert.equal(parseError('a=b c'), "found 'c', expected: ',' or 'end of string'");
    assert.equal(parseError('a,'), "found '', expected: identifier after ','");
    assert.equal(parseError('a,,b'), "found ',', expected: identifier after ','");
    assert.equal(parseError(',a'), "found ',', expected: !, identifier, or 'end of string'");
    assert.equal(parseError('=a'), "found '=', expected: !, identifier, or 'end of string'");
    assert.equal(parseError('(a)'), "found '(', expected: !, identifier, or 'end of string'");
    assert.equal(parseError('!'), "unable to parse requirement: found '', expected: identifier");
    assert.equal(parseError('!!x'), "unable to parse requirement: found '!', expected: identifier");
    assert.equal(parseError('a b'), "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
    assert.equal(parseError('a ('), "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt");
    assert.equal(parseError('x in a'), "unable to parse requirement: found 'a' expected: '('");
    assert.equal(parseError('x in (a b)'), "unable to parse requirement: found 'b', expected: ',' or ')'");
    assert.equal(parseError('x in (a'), "unable to parse requirement: found '', expected: ',' or ')'");
    assert.equal(parseError('x in ('), "unable to parse requirement: found '', expected: ',', ')' or identifier");
    assert.equal(parseError('x in (=)'), "unable to parse requirement: found '=', expected: ',', ')' or identifier");
    assert.equal(parseError('x in (,=)'), "unable to parse requirement: found '=', expected: ',', or identifier");
    assert.equal(parseError('x=(a)'), "unable to parse requirement: found '(', expected: identifier");
    assert.equal(parseError('x=!'), "unable to parse requirement: found '!', expected: identifier");
  });
  it('invalid keys: the nil path renders <nil>', () => {
    assert.equal(parseError('-foo'), `unable to parse requirement: <nil>: Invalid value: "-foo": ${NAME_PART_MSG}`);
    assert.equal(parseError('x'.repeat(64) + '=a'), `unable to parse requirement: <nil>: Invalid value: "${'x'.repeat(64)}": name part must be no more than 63 characters`);
    assert.equal(parseError('a|b=c'), `unable to parse requirement: <nil>: Invalid value: "a|b": ${NAME_PART_MSG}`);
  });
  it('invalid values: values[i][key]', () => {
    assert.equal(parseError('app=-bad'), `unable to parse requirement: values[0][app]: Invalid value: "-bad": ${LABEL_VALUE_MSG}`);
    assert.equal(parseError('x=a||y=b'), `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${LABEL_VALUE_MSG}`);
    assert.equal(
      parseError('app in (ok,-b,_a)'),
      `unable to parse requirement: [values[0][app]: Invalid value: "-b": ${LABEL_VALUE_MSG}, values[1][app]: Invalid value: "_a": ${LABEL_VALUE_MSG}]`,
    );
    assert.equal(parseError('a=' + 'v'.repeat(64)), `unable to parse requirement: values[0][a]: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`);
  });
  it('gt/lt need an integer', () => {
    assert.equal(parseError('x<a'), `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`);
    assert.equal(parseError('x>'), `unable to parse requirement: values[0]: Invalid value: "": for 'Gt', 'Lt' operators, the value must be an integer`);
    assert.equal(
      parseError('x>-1'),
      `unable to parse requirement: values[0][x]: Invalid value: "-1": ${LABEL_VALUE_MSG}`,
    );
    assert.equal(parseError('x>99999999999999999999'), `unable to parse requirement: values[0]: Invalid value: "99999999999999999999": for 'Gt', 'Lt' operators, the value must be an integer`);
  });
  it('a path option prefixes error paths', () => {
    const p = path('spec', 'selector');
    assert.throws(() => parse('-a', { path: p }), { message: `unable to parse requirement: spec.selector: Invalid value: "-a": ${NAME_PART_MSG}` });
    assert.throws(() => parse('a=-', { path: p }), { message: `unable to parse requirement: spec.selector.values[0][a]: Invalid value: "-": ${LABEL_VALUE_MSG}` });
  });
  it('the error carries the field errors', () => {
    try {
      parse('a=-');
      assert.fail('no error');
    } catch (e) {
      assert.ok(e instanceof SelectorError);
      assert.deepEqual(e.errors.map((x) => [x.type, x.field]), [['FieldValueInvalid', 'values[0][a]']]);
    }
  });
});
