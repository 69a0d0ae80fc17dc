import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isFullyQualifiedDomainName, isFullyQualifiedName, isDomainPrefixedPath } from './domains.js';
import {
  isCIdentifier,
  isConfigMapKey,
  isEnvVarName,
  isHTTPHeaderName,
  isRelaxedEnvVarName,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
} from './formats.js';
import { isValidCIDR, isValidIP, isValidIPv4Address, isValidIPv6Address, parseCIDRSloppy, parseIPSloppy } from './ip.js';
import { path } from './path.js';

describe('C identifiers and environment variable names', () => {
  it('isCIdentifier', () => {
    assert.deepEqual(isCIdentifier('MY_VAR1'), []);
    assert.deepEqual(isCIdentifier('1x'), [
      "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is '[A-Za-z_][A-Za-z0-9_]*')",
    ]);
  });
  it('isEnvVarName', () => {
    for (const v of ['A', 'my.env-name', 'MY_ENV.NAME', '_x', '-x', '.x']) assert.deepEqual(isEnvVarName(v), [], v);
    const re =
      "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";
    assert.deepEqual(isEnvVarName('1A'), [re]);
    assert.deepEqual(isEnvVarName('A B'), [re]);
    assert.deepEqual(isEnvVarName('.'), ["must not be '.'"]);
    assert.deepEqual(isEnvVarName('..'), ["must not be '..'"]);
    assert.deepEqual(isEnvVarName('..a'), ["must not start with '..'"]);
  });
  it('isRelaxedEnvVarName', () => {
    assert.deepEqual(isRelaxedEnvVarName('1 A:b'), []);
    assert.deepEqual(isRelaxedEnvVarName(''), ['environment variable name must be non-empty']);
    const msg = "a valid environment variable name must consist only of printable ASCII characters other than '='";
    assert.deepEqual(isRelaxedEnvVarName('A=B'), [msg]);
    assert.deepEqual(isRelaxedEnvVarName('é'), [msg]);
    assert.deepEqual(isRelaxedEnvVarName('a\tb'), [msg]);
  });
});

describe('ConfigMap keys', () => {
  it('allows alphanumerics, -, _ and .', () => {
    assert.deepEqual(isConfigMapKey('key.name'), []);
    assert.deepEqual(isConfigMapKey('a/b'), [
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
    assert.deepEqual(isConfigMapKey('..data'), ["must not start with '..'"]);
    assert.deepEqual(isConfigMapKey('k'.repeat(254)), ['must be no more than 253 characters']);
  });
});

describe('ports', () => {
  it('isValidPortNum', () => {
    assert.deepEqual(isValidPortNum(1), []);
    assert.deepEqual(isValidPortNum(65535), []);
    assert.deepEqual(isValidPortNum(0), ['must be between 1 and 65535, inclusive']);
    assert.deepEqual(isValidPortNum(65536), ['must be between 1 and 65535, inclusive']);
  });
  it('isValidPortName (IANA_SVC_NAME)', () => {
    assert.deepEqual(isValidPortName('http'), []);
    assert.deepEqual(isValidPortName('h2c-1'), []);
    assert.deepEqual(isValidPortName('Http'), ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']);
    assert.deepEqual(isValidPortName('123'), ['must contain at least one letter (a-z)']);
    assert.deepEqual(isValidPortName('a--b'), ['must not contain consecutive hyphens']);
    assert.deepEqual(isValidPortName('-ab'), ['must not begin or end with a hyphen']);
    assert.deepEqual(isValidPortName('abcdefghijklmnop'), ['must be no more than 15 characters']);
    assert.deepEqual(isValidPortName(''), [
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'must contain at least one letter (a-z)',
    ]);
  });
});

describe('misc formats', () => {
  it('percent and header names', () => {
    assert.deepEqual(isValidPercent('25%'), []);
    assert.deepEqual(isValidPercent('25'), [
      "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ]);
    assert.deepEqual(isHTTPHeaderName('X-Header-Name'), []);
    assert.equal(isHTTPHeaderName('X_Y').length, 1);
  });
  it('domains', () => {
    assert.deepEqual(isFullyQualifiedName(path('x'), 'a.b.c'), []);
    assert.equal(isFullyQualifiedName(path('x'), 'a.b')[0]!.message, 'x: Invalid value: "a.b": should be a domain with at least three segments separated by dots');
    assert.equal(isFullyQualifiedName(path('x'), '')[0]!.message, 'x: Required value');
    assert.deepEqual(isFullyQualifiedDomainName(path('x'), 'a.b.'), []);
    assert.equal(isFullyQualifiedDomainName(path('x'), 'a')[0]!.message, 'x: Invalid value: "a": should be a domain with at least two segments separated by dots');
    assert.deepEqual(isDomainPrefixedPath(path('x'), 'acme.io/foo'), []);
    assert.equal(isDomainPrefixedPath(path('x'), 'foo')[0]!.message, 'x: Invalid value: "foo": must be a domain-prefixed path (such as "acme.io/foo")');
    assert.equal(
      isDomainPrefixedPath(path('x'), 'acme.io/a b')[0]!.message,
      `x: Invalid value: "a b": Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')`,
    );
  });
});

describe('IP addresses', () => {
  const ipMsg = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
  it('accepts what Go net.ParseIP (sloppy) accepts', () => {
    for (const v of ['10.9.8.7', '0.0.0.0', '255.255.255.255', '010.001.0.1', '::', '::1', '2001:db8::ffff', 'fe80::1:2', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:1.2.3.4', '0001:0002::', '00001:2::']) {
      assert.deepEqual(isValidIP(path('ip'), v), [], v);
    }
  });
  it('rejects the rest with upstream message', () => {
    for (const v of ['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.4 ', 'fe80::1%eth0', '1:2:3:4:5:6:7:8:9', '1::2::3', ':1', '1:', 'abc', '1.2.3.-4', '::1.2.3']) {
      assert.deepEqual(isValidIP(path('ip'), v).map((e) => e.message), [`ip: Invalid value: ${JSON.stringify(v)}: ${ipMsg}`], v);
    }
  });
  it('parses bytes', () => {
    assert.deepEqual([...parseIPSloppy('::ffff:1.2.3.4')!.bytes], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4]);
    assert.deepEqual([...parseIPSloppy('010.2.3.4')!.bytes], [10, 2, 3, 4]);
    assert.deepEqual([...parseIPSloppy('1::2')!.bytes], [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
  });
  it('IPv4 vs IPv6', () => {
    assert.deepEqual(isValidIPv4Address(path('a'), '1.2.3.4'), []);
    assert.deepEqual(isValidIPv4Address(path('a'), '::ffff:1.2.3.4'), []);
    assert.equal(isValidIPv4Address(path('a'), '::1')[0]!.message, 'a: Invalid value: "::1": must be a valid IPv4 address');
    assert.deepEqual(isValidIPv6Address(path('a'), '::1'), []);
    assert.equal(isValidIPv6Address(path('a'), '1.2.3.4')[0]!.message, 'a: Invalid value: "1.2.3.4": must be a valid IPv6 address');
  });
  it('CIDRs', () => {
    for (const v of ['10.0.0.0/8', '10.1.2.3/32', '0.0.0.0/0', '2001:db8::/64', '::/128', '010.0.0.0/8']) assert.deepEqual(isValidCIDR(path('c'), v), [], v);
    for (const v of ['10.0.0.0', '10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/a', '10.0.0.0/-1', '10.0.0.0/8/8', 'x/8']) {
      assert.equal(isValidCIDR(path('c'), v)[0]!.message, `c: Invalid value: ${JSON.stringify(v)}: must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`, v);
    }
    assert.deepEqual(parseCIDRSloppy('10.0.0.0/08')?.prefixLength, 8);
  });
});
