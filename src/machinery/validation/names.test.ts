import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LABEL_MSG, LABEL_VALUE_MSG, NAME_PART_MSG, SUBDOMAIN_MSG } from './testdata.js';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, isWildcardDNS1123Subdomain } from './names.js';

describe('isDNS1123Subdomain', () => {
  it('accepts subdomains', () => {
    for (const v of ['a', 'ab', 'a-b', 'a.b', '0', 'a.b.c.d', 'x'.repeat(253), '1.2.3.4', 'a--b']) assert.deepEqual(isDNS1123Subdomain(v), [], v);
  });
  it('rejects others with the exact message', () => {
    assert.deepEqual(isDNS1123Subdomain('Foo'), [SUBDOMAIN_MSG]);
    for (const v of ['', '-a', 'a-', 'a..b', 'a_b', '.a', 'a.', 'A', 'a b', 'ä']) assert.deepEqual(isDNS1123Subdomain(v), [SUBDOMAIN_MSG], v);
  });
  it('checks the length in bytes, and both rules', () => {
    assert.deepEqual(isDNS1123Subdomain('x'.repeat(254)), ['must be no more than 253 characters']);
    assert.deepEqual(isDNS1123Subdomain('X'.repeat(254)), ['must be no more than 253 characters', SUBDOMAIN_MSG]);
    assert.deepEqual(isDNS1123Subdomain('é'.repeat(127)), ['must be no more than 253 characters', SUBDOMAIN_MSG]);
  });
});

describe('isDNS1123Label', () => {
  it('accepts labels', () => {
    for (const v of ['a', '0', 'a-b', '1-2', 'x'.repeat(63)]) assert.deepEqual(isDNS1123Label(v), [], v);
  });
  it('says "must not contain dots" for a valid subdomain', () => {
    assert.deepEqual(isDNS1123Label('a.b'), ['must not contain dots']);
  });
  it('rejects others', () => {
    assert.deepEqual(isDNS1123Label('Foo'), [LABEL_MSG]);
    assert.deepEqual(isDNS1123Label(''), [LABEL_MSG]);
    assert.deepEqual(isDNS1123Label('x'.repeat(64)), ['must be no more than 63 characters']);
  });
});

describe('isDNS1035Label', () => {
  it('must start with a letter', () => {
    assert.deepEqual(isDNS1035Label('abc-1'), []);
    assert.deepEqual(isDNS1035Label('1abc'), [
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
    assert.equal(isDNS1035Label('a'.repeat(64))[0], 'must be no more than 63 characters');
  });
});

describe('isQualifiedName', () => {
  it('accepts names with an optional subdomain prefix', () => {
    for (const v of ['a', 'A', 'a.b_c-D', 'k8s.io/app', 'example.com/MyName', 'x'.repeat(63), 'a.b/' + 'x'.repeat(63), '1']) {
      assert.deepEqual(isQualifiedName(v), [], v);
    }
  });
  it('rejects bad name parts', () => {
    assert.deepEqual(isQualifiedName('-foo'), [NAME_PART_MSG]);
    assert.deepEqual(isQualifiedName(''), ['name part must be non-empty', NAME_PART_MSG]);
    assert.deepEqual(isQualifiedName('x'.repeat(64)), ['name part must be no more than 63 characters']);
    assert.deepEqual(isQualifiedName('a/'), ['name part must be non-empty', NAME_PART_MSG]);
  });
  it('rejects bad prefixes', () => {
    assert.deepEqual(isQualifiedName('/a'), ['prefix part must be non-empty']);
    assert.deepEqual(isQualifiedName('Foo/a'), ['prefix part ' + SUBDOMAIN_MSG]);
  });
  it('rejects more than one slash', () => {
    assert.deepEqual(isQualifiedName('a/b/c'), [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]);
  });
});

describe('isValidLabelValue', () => {
  it('accepts empty and qualified-name-like values', () => {
    for (const v of ['', 'a', 'My_Value-1.2', 'x'.repeat(63)]) assert.deepEqual(isValidLabelValue(v), [], v);
  });
  it('rejects others', () => {
    assert.deepEqual(isValidLabelValue('-bad'), [LABEL_VALUE_MSG]);
    assert.deepEqual(isValidLabelValue('a/b'), [LABEL_VALUE_MSG]);
    assert.deepEqual(isValidLabelValue('x'.repeat(64)), ['must be no more than 63 characters']);
  });
});

describe('isWildcardDNS1123Subdomain', () => {
  it('needs *. and a subdomain', () => {
    assert.deepEqual(isWildcardDNS1123Subdomain('*.example.com'), []);
    assert.equal(isWildcardDNS1123Subdomain('*.*.example.com').length, 1);
    assert.match(isWildcardDNS1123Subdomain('example.com')[0]!, /^a wildcard DNS-1123 subdomain must start with '\*\.'.*\(e\.g\. '\*\.example\.com', regex used for validation is '\\\*\\\.\[a-z0-9\]/);
  });
});
