// --use-service-account-credentials out of process: the token transport asks for one token at a time,
// sends it on every request, asks again at 80 % of its lifetime; against a real `kts server` the
// controller's client is its ServiceAccount, with that account's permissions only.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../api/types.js';
import { FakeClock } from '../machinery/clock/index.js';
import { Client, type Transport, type TransportRequest, type TransportResponse } from '../machinery/client/index.js';
import { startKtsServer } from '../machinery/client/testenv.js';
import { StatusError } from '../machinery/errors/status.js';
import { ensureServiceAccount } from './serviceaccounts.js';
import { serviceAccountClientFactory, ServiceAccountTokenTransport } from './satokens.js';

/** A transport answering every request with handler's JSON (status 200 unless told), recording requests. */
function jsonTransport(handler: (r: TransportRequest) => unknown, status = 200): Transport & { seen: TransportRequest[] } {
  const seen: TransportRequest[] = [];
  return {
    description: 'test',
    seen,
    async request(r: TransportRequest): Promise<TransportResponse> {
      seen.push(r);
      const body = Buffer.from(JSON.stringify(handler(r)));
      return { status, headers: { 'content-type': 'application/json' }, body: (async function* () { yield body; })() };
    },
    async close() {},
  };
}

describe('ServiceAccountTokenTransport', () => {
  it('mints one token for concurrent requests, sends it, and mints again at 80 % of its lifetime', async () => {
    let n = 0;
    const minterTransport = jsonTransport((r) => {
      assert.equal(r.method, 'POST');
      assert.equal(r.path, '/api/v1/namespaces/kube-system/serviceaccounts/job-controller/token');
      const body = JSON.parse(r.body!.toString()) as { kind: string; spec: { expirationSeconds: number } };
      assert.equal(body.kind, 'TokenRequest');
      assert.equal(body.spec.expirationSeconds, 3600);
      return { kind: 'TokenRequest', status: { token: `token-${++n}`, expirationTimestamp: new Date(Date.now() + 3600_000).toISOString() } };
    });
    const inner = jsonTransport(() => ({ kind: 'Status' }));
    const clock = new FakeClock();
    const t = new ServiceAccountTokenTransport({ inner, minter: new Client({ transport: minterTransport }), serviceAccount: 'job-controller', clock });
    await Promise.all([1, 2, 3].map(() => t.request({ method: 'GET', path: '/api/v1/pods', headers: { Accept: 'application/json' } })));
    assert.equal(n, 1);
    assert.deepEqual(inner.seen.map((r) => r.headers?.Authorization), ['Bearer token-1', 'Bearer token-1', 'Bearer token-1']);
    assert.equal(inner.seen[0]!.headers?.Accept, 'application/json', 'the request keeps its own headers');
    await clock.advance(2800_000);
    await t.request({ method: 'GET', path: '/api/v1/pods' });
    assert.equal(n, 1, 'still fresh at 2800 s of 3600');
    await clock.advance(100_000);
    await t.request({ method: 'GET', path: '/api/v1/pods' });
    assert.equal(n, 2);
    assert.equal(inner.seen.at(-1)!.headers?.Authorization, 'Bearer token-2');
  });

  it('fails the request when no token can be had, and tries again on the next one', async () => {
    const denying = jsonTransport(() => ({ kind: 'Status', status: 'Failure', code: 403, reason: 'Forbidden', message: 'no' }), 403);
    const inner = jsonTransport(() => ({}));
    const t = new ServiceAccountTokenTransport({ inner, minter: new Client({ transport: denying, retry: false }), serviceAccount: 'x' });
    await assert.rejects(t.request({ method: 'GET', path: '/api' }), (err) => err instanceof StatusError && err.code === 403);
    await assert.rejects(t.request({ method: 'GET', path: '/api' }), StatusError);
    assert.equal(denying.seen.length, 2, 'a failed TokenRequest is not remembered');
    assert.equal(inner.seen.length, 0);
  });

  it('authenticates a controller as its ServiceAccount against kts server', { timeout: 60_000 }, async () => {
    const server = await startKtsServer();
    const admin = Client.fromKubeconfig(server.kubeconfig, { component: 'test' });
    try {
      await ensureServiceAccount(admin, 'replicaset-controller');
      const clientFor = serviceAccountClientFactory(server.kubeconfig, admin);
      const rs = clientFor('replicaset-controller');
      const review = await rs.resource({ group: 'authentication.k8s.io', version: 'v1', plural: 'selfsubjectreviews' }).create({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: {} });
      assert.equal((review as KubeObject & { status: { userInfo: { username: string } } }).status.userInfo.username, 'system:serviceaccount:kube-system:replicaset-controller');
      await rs.resource('pods', 'default').create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
      await assert.rejects(rs.resource('secrets', 'default').list(), (err) => err instanceof StatusError && err.code === 403);
      await rs.close();
    } finally {
      await admin.close();
      await server.stop();
    }
  });
});
