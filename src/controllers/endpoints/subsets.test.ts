import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonical, repackSubsets, truncateSubsets, type EndpointAddress } from './subsets.js';

const addr = (ip: string, uid = ip): EndpointAddress => ({ ip, targetRef: { kind: 'Pod', namespace: 'ns', name: `p-${uid}`, uid } });
const http = { name: 'http', port: 8080, protocol: 'TCP' };
const metrics = { name: 'metrics', port: 9090, protocol: 'TCP' };

describe('repackSubsets', () => {
  it('groups addresses that offer the same ports, ready and not ready apart', () => {
    const out = repackSubsets([
      { address: addr('10.0.0.2'), port: http, ready: true },
      { address: addr('10.0.0.1'), port: http, ready: true },
      { address: addr('10.0.0.3'), port: http, ready: false },
      { address: addr('10.0.0.2'), port: metrics, ready: true },
      { address: addr('10.0.0.1'), port: metrics, ready: true },
      { address: addr('10.0.0.3'), port: metrics, ready: false },
    ]);
    assert.deepEqual(out, [{ addresses: [addr('10.0.0.1'), addr('10.0.0.2')], notReadyAddresses: [addr('10.0.0.3')], ports: [http, metrics] }]);
  });

  it('splits addresses whose port sets differ, and is independent of input order', () => {
    const entries = [
      { address: addr('10.0.0.1'), port: http, ready: true },
      { address: addr('10.0.0.2'), port: http, ready: true },
      { address: addr('10.0.0.2'), port: metrics, ready: true },
    ];
    const a = repackSubsets(entries);
    const b = repackSubsets([...entries].reverse());
    assert.deepEqual(a, b);
    assert.equal(a.length, 2);
    assert.deepEqual(
      a.map((s) => [s.addresses?.map((x) => x.ip), s.ports?.map((p) => p.name)]),
      [[['10.0.0.1', '10.0.0.2'], ['http']], [['10.0.0.2'], ['metrics']]],
    );
  });

  it('counts an address ready when any entry says so; keeps port-less (headless) subsets', () => {
    const out = repackSubsets([
      { address: addr('10.0.0.1'), port: null, ready: false },
      { address: addr('10.0.0.1'), port: null, ready: true },
    ]);
    assert.deepEqual(out, [{ addresses: [addr('10.0.0.1')] }]);
  });

  it('truncates to capacity, ready addresses first', () => {
    const subsets = [
      { addresses: [addr('10.0.0.1'), addr('10.0.0.2')], notReadyAddresses: [addr('10.0.0.3'), addr('10.0.0.4')], ports: [http] },
    ];
    assert.equal(truncateSubsets(subsets, 3), true);
    assert.equal(subsets[0]!.addresses.length, 2);
    assert.equal(subsets[0]!.notReadyAddresses.length, 1);
    assert.equal(truncateSubsets(subsets, 3), false);
  });

  it('canonical ignores key order, nulls and empty arrays', () => {
    assert.equal(canonical({ b: [], a: { y: 1, x: null } }), canonical({ a: { y: 1 } }));
  });
});
