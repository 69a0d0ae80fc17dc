import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { describe, it } from 'node:test';
import { createCA, inspectCertificate, issueCertificate, verifyCertificate, type CertAndKey, type KeyAlgorithm } from './pki.js';

/** Serves one TLS connection that requires a client certificate; resolves with what each side saw. */
async function handshake(server: CertAndKey, ca: string, client: Partial<CertAndKey>): Promise<{ peerCN?: string | string[]; peerO?: string | string[]; reply?: string; error?: Error }> {
  let peer: { CN?: string | string[]; O?: string | string[] } | undefined;
  const srv = tls.createServer({ cert: server.cert, key: server.key, ca, requestCert: true, rejectUnauthorized: true }, (sock) => {
    const c = sock.getPeerCertificate();
    peer = { CN: c.subject?.CN, O: c.subject?.O };
    sock.end('hello ' + (c.subject?.CN ?? '?'));
  });
  srv.on('tlsClientError', () => {});
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address() as AddressInfo;
  try {
    return await new Promise((resolve) => {
      const sock = tls.connect({ host: '127.0.0.1', port, ca, ...(client.cert ? { cert: client.cert, key: client.key } : {}) });
      let data = '';
      sock.setEncoding('utf8');
      sock.on('data', (d: string) => (data += d));
      sock.on('end', () => resolve({ peerCN: peer?.CN, peerO: peer?.O, reply: data }));
      sock.on('error', (error) => resolve({ error }));
    });
  } finally {
    srv.close();
  }
}

for (const alg of ['ecdsa-p256', 'rsa-2048'] as KeyAlgorithm[]) {
  describe(`pki (${alg})`, () => {
    let ca: CertAndKey;
    let server: CertAndKey;
    let client: CertAndKey;

    it('creates a self-signed CA', async () => {
      ca = await createCA({ commonName: 'kts-test-ca', organizations: ['kts'], keyAlgorithm: alg });
      const info = inspectCertificate(ca.cert);
      assert.equal(info.isCA, true);
      assert.equal(info.commonName, 'kts-test-ca');
      assert.deepEqual(info.organizations, ['kts']);
      assert.equal(info.subject, info.issuer);
      assert.match(ca.key, /^-----BEGIN PRIVATE KEY-----/);
      const node = new X509Certificate(ca.cert);
      assert.equal(node.ca, true);
      assert.ok(node.verify(node.publicKey), 'self-signed signature verifies');
      assert.ok(info.notAfter.getTime() - Date.now() > 3000 * 24 * 3600 * 1000);
    });

    it('issues a server certificate with DNS and IP SANs that verifies against the CA', async () => {
      server = await issueCertificate(ca, {
        commonName: 'kube-apiserver',
        dnsNames: ['localhost', 'kubernetes.default.svc'],
        ipAddresses: ['127.0.0.1', '::1'],
        usages: ['serverAuth'],
        keyAlgorithm: alg,
      });
      const info = inspectCertificate(server.cert);
      assert.equal(info.isCA, false);
      assert.equal(info.commonName, 'kube-apiserver');
      assert.deepEqual(info.dnsNames, ['localhost', 'kubernetes.default.svc']);
      assert.deepEqual(info.ipAddresses, ['127.0.0.1', '::1']);
      assert.deepEqual(info.usages, ['serverAuth']);
      assert.ok(await verifyCertificate(server.cert, ca.cert));
      assert.ok(info.notAfter.getTime() - Date.now() < 366 * 24 * 3600 * 1000);
      // Node's own X.509 parser agrees.
      const node = new X509Certificate(server.cert);
      const caNode = new X509Certificate(ca.cert);
      assert.ok(node.checkIssued(caNode));
      assert.ok(node.verify(caNode.publicKey));
      assert.equal(node.checkHost('kubernetes.default.svc'), 'kubernetes.default.svc');
      assert.equal(node.checkIP('127.0.0.1'), '127.0.0.1');
      assert.equal(node.checkHost('example.com'), undefined);
      assert.ok(node.keyUsage?.includes('1.3.6.1.5.5.7.3.1'), 'serverAuth extended key usage');
    });

    it('issues a client certificate carrying user (CN) and groups (O)', async () => {
      client = await issueCertificate(ca, { commonName: 'alice', organizations: ['system:masters', 'dev'], usages: ['clientAuth'], keyAlgorithm: alg });
      const info = inspectCertificate(client.cert);
      assert.equal(info.commonName, 'alice');
      assert.deepEqual(info.organizations, ['system:masters', 'dev']);
      assert.deepEqual(info.usages, ['clientAuth']);
      assert.deepEqual(info.dnsNames, []);
      assert.ok(await verifyCertificate(client.cert, ca.cert));
      assert.ok(new X509Certificate(client.cert).keyUsage?.includes('1.3.6.1.5.5.7.3.2'), 'clientAuth extended key usage');
    });

    it('does not verify against another CA', async () => {
      const other = await createCA({ commonName: 'kts-test-ca', keyAlgorithm: alg });
      assert.equal(await verifyCertificate(client.cert, other.cert), false, 'same name, different key');
      assert.equal(await verifyCertificate(client.cert, (await createCA({ commonName: 'someone-else' })).cert), false);
    });

    it('completes a TLS handshake with a client certificate on 127.0.0.1', async () => {
      const r = await handshake(server, ca.cert, client);
      assert.equal(r.error, undefined, String(r.error));
      assert.equal(r.reply, 'hello alice');
      assert.equal(r.peerCN, 'alice');
      assert.deepEqual(r.peerO, ['system:masters', 'dev']);
    });

    it('refuses a client without a certificate, or with one from another CA', async () => {
      const none = await handshake(server, ca.cert, {});
      assert.ok(none.error || none.reply === '', 'no client certificate: refused');
      const rogueCA = await createCA({ commonName: 'rogue', keyAlgorithm: alg });
      const rogue = await issueCertificate(rogueCA, { commonName: 'mallory', usages: ['clientAuth'] });
      const r = await handshake(server, ca.cert, rogue);
      assert.ok(r.error || r.reply === '', 'client certificate from another CA: refused');
    });
  });
}

describe('pki options', () => {
  it('defaults usages from SANs and rejects bad input', async () => {
    const ca = await createCA();
    assert.equal(inspectCertificate(ca.cert).commonName, 'kts-ca');
    assert.deepEqual(inspectCertificate((await issueCertificate(ca, { commonName: 's', dnsNames: ['x'] })).cert).usages, ['serverAuth']);
    assert.deepEqual(inspectCertificate((await issueCertificate(ca, { commonName: 'c' })).cert).usages, ['clientAuth']);
    const both = await issueCertificate(ca, { commonName: 'b', ipAddresses: ['127.0.0.1'], usages: ['serverAuth', 'clientAuth'], validityDays: 2 });
    const info = inspectCertificate(both.cert);
    assert.deepEqual(info.usages, ['serverAuth', 'clientAuth']);
    assert.ok(info.notAfter.getTime() - Date.now() < 2 * 24 * 3600 * 1000 + 1000);
    await assert.rejects(issueCertificate(ca, { commonName: 'x', ipAddresses: ['not-an-ip'] }), /not an IP/);
    await assert.rejects(issueCertificate(ca, { commonName: '' }), /commonName/);
    await assert.rejects(createCA({ validityDays: 0 }), /validity/);
  });
});
