import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CidrSet, ERR_NO_CIDRS, formatIP, parseCIDR } from './cidrset.js';
import { cidrSetsFromOptions } from './index.js';

describe('CidrSet', () => {
  it('allocates /24s of a /16 in order, skipping occupied ones, round-robin after release', () => {
    const s = new CidrSet('10.244.0.0/16', 24);
    assert.equal(s.size, 256);
    s.occupy('10.244.1.0/24');
    assert.equal(s.allocateNext(), '10.244.0.0/24');
    assert.equal(s.allocateNext(), '10.244.2.0/24');
    s.release('10.244.0.0/24');
    assert.equal(s.allocateNext(), '10.244.3.0/24');
    assert.equal(s.allocated, 3);
  });

  it('runs out with upstream message and rejects CIDRs outside the range', () => {
    const s = new CidrSet('10.0.0.0/30', 31);
    s.allocateNext();
    s.allocateNext();
    assert.throws(() => s.allocateNext(), new RegExp(ERR_NO_CIDRS));
    assert.throws(() => s.occupy('192.168.0.0/24'), /is out the range of cluster cidr 10.0.0.0\/30/);
  });

  it('occupies the subnets a larger CIDR covers (service range filtering)', () => {
    const sets = cidrSetsFromOptions({ 'cluster-cidr': '10.0.0.0/16', 'service-cluster-ip-range': '10.0.0.0/22' });
    assert.equal(sets[0]!.allocateNext(), '10.0.4.0/24');
  });

  it('handles IPv6 and dual-stack flags', () => {
    const sets = cidrSetsFromOptions({ 'cluster-cidr': '10.244.0.0/16,fd00:10:244::/56', 'node-cidr-mask-size-ipv6': '64' });
    assert.equal(sets[0]!.allocateNext(), '10.244.0.0/24');
    assert.equal(sets[1]!.allocateNext(), 'fd00:10:244::/64');
    assert.equal(sets[1]!.allocateNext(), 'fd00:10:244:1::/64');
    assert.equal(formatIP(parseCIDR('::ffff:10.0.0.1/128').base, 128), '::ffff:a00:1');
  });
});
