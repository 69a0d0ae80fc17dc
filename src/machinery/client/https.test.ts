import { transportConformance } from './conformance.js';
import { startKtsServer } from './testenv.js';

transportConformance({
  name: 'https (kts server)',
  setup: async () => {
    const s = await startKtsServer();
    return { client: (component) => s.client(component), forgetWatchHistory: () => s.restart(), teardown: () => s.stop() };
  },
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from './client.js';
import { HttpsTransport } from './https.js';
import { loadKubeconfig } from './kubeconfig.js';
import type { KtsServer } from './testenv.js';

describe('HttpsTransport', () => {
  let kts: KtsServer;
  before(async () => {
    kts = await startKtsServer();
  });
  after(async () => {
    await kts?.stop();
  });

  it('verifies the server against the CA, unless told not to', async () => {
    const conn = loadKubeconfig(kts.kubeconfig);
    const { ca: _ca, ...noCA } = conn;
    const strict = new Client({ transport: new HttpsTransport(noCA), retry: false });
    await assert.rejects(strict.json({ method: 'GET', path: '/version' }), /self[- ]signed|unable to verify|certificate/i);
    await strict.close();
    const insecure = new Client({ transport: new HttpsTransport({ ...noCA, insecureSkipTLSVerify: true }) });
    assert.match((await insecure.json<{ gitVersion: string }>({ method: 'GET', path: '/version' })).gitVersion, /^v1\./);
    await insecure.close();
  });

  it('authenticates with the client certificate (system:masters)', async () => {
    const c = kts.client('cert');
    const review = await c.json<{ status: { userInfo: { username: string; groups: string[] } } }>({
      method: 'POST',
      path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    assert.ok(review.status.userInfo.groups.includes('system:masters'), JSON.stringify(review));
  });
});

describe('HttpsTransport over plain HTTP', () => {
  const seen: Array<{ auth: string | undefined; ua: string | undefined; port: number | undefined }> = [];
  const server = createServer((req: IncomingMessage, res) => {
    seen.push({ auth: req.headers.authorization, ua: req.headers['user-agent'], port: req.socket.remotePort });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"kind":"APIVersions","versions":["v1"]}');
  });
  let url = '';
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('sends bearer tokens (also from a token file) and keeps connections alive', async () => {
    const c = new Client({ transport: new HttpsTransport({ server: url, token: 'abc' }), component: 'kubelet' });
    await c.json({ method: 'GET', path: '/api' });
    await c.json({ method: 'GET', path: '/api' });
    assert.equal(seen[0]!.auth, 'Bearer abc');
    assert.equal(seen[0]!.ua, 'kts/kubelet');
    assert.equal(seen[0]!.port, seen[1]!.port, 'one kept-alive connection');
    await c.close();
    const dir = mkdtempSync(join(tmpdir(), 'kts-token-'));
    writeFileSync(join(dir, 'token'), 'from-file\n');
    const f = new Client({ transport: new HttpsTransport({ server: url, tokenFile: join(dir, 'token') }) });
    await f.json({ method: 'GET', path: '/api' });
    assert.equal(seen[2]!.auth, 'Bearer from-file');
    await f.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
