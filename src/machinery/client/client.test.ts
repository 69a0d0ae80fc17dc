import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FakeClock } from '../clock/clock.js';
import { StatusError, statusErrors } from '../errors/status.js';
import { Client } from './client.js';
import { FakeTransport } from './fake/index.js';
import { loadKubeconfig, KubeconfigError } from './kubeconfig.js';
import { splitJsonStream } from './watch.js';

async function* chunks(...parts: string[]): AsyncIterable<Buffer> {
  for (const p of parts) yield Buffer.from(p);
}

describe('watch stream splitting', () => {
  it('splits JSON values across arbitrary chunk boundaries, strings with braces and UTF-8', async () => {
    const a = JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'x' }, data: { s: '}{"\\' } } });
    const b = JSON.stringify({ type: 'MODIFIED', object: { metadata: { name: 'ü€' } } });
    const text = `${a}\n${b}\n`;
    const bytes = Buffer.from(text);
    for (const cut of [1, 7, 13, bytes.length - 3]) {
      const parts: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += cut) parts.push(bytes.subarray(i, i + cut));
      const out: string[] = [];
      for await (const v of splitJsonStream((async function* () { yield* parts; })())) out.push(v);
      assert.deepEqual(out, [a, b], `cut ${cut}`);
    }
  });

  it('works without newlines between values and fails on a truncated value', async () => {
    const out: string[] = [];
    for await (const v of splitJsonStream(chunks('{"a":1}{"b"', ':2}'))) out.push(v);
    assert.deepEqual(out, ['{"a":1}', '{"b":2}']);
    await assert.rejects(async () => {
      for await (const _ of splitJsonStream(chunks('{"a":'))) void _;
    });
  });
});

describe('Client', () => {
  it('sends User-Agent kts/<component> and JSON accept headers', async () => {
    const fake = new FakeTransport();
    const c = new Client({ transport: fake, component: 'kube-scheduler' });
    await c.resource('configmaps', 'default').list();
    assert.equal(fake.actions[0]!.headers['user-agent'], 'kts/kube-scheduler');
    assert.equal(fake.actions[0]!.headers.accept, 'application/json');
  });

  it('resolves resources by name and builds paths', async () => {
    const fake = new FakeTransport();
    const c = new Client({ transport: fake });
    const leases = c.resource('leases.coordination.k8s.io', 'kube-system');
    assert.deepEqual(leases.gvr, { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true });
    await leases.list({ labelSelector: { a: 'b' }, limit: 3 });
    const a = fake.actions[0]!;
    assert.equal(a.group, 'coordination.k8s.io');
    assert.equal(a.namespace, 'kube-system');
    assert.equal(a.query.get('labelSelector'), 'a=b');
    assert.equal(a.query.get('limit'), '3');
    assert.throws(() => c.resource('nosuchthings'), /unknown resource/);
    await assert.rejects(c.resource('configmaps').get('x'), /namespace is required/);
  });

  it('retries 429 honouring Retry-After, for any verb', async () => {
    const clock = new FakeClock();
    const fake = new FakeTransport();
    let refusals = 2;
    fake.prependReactor((a) => {
      if (a.verb === 'create' && refusals-- > 0) throw statusErrors.tooManyRequests('slow down', 7);
      return undefined;
    });
    const c = new Client({ transport: fake, clock });
    const p = c.resource('configmaps', 'default').create({ metadata: { name: 'x' } });
    await clock.waitForTimers(1);
    assert.equal(clock.nextAt()! - clock.now(), 7000, 'waits Retry-After');
    await clock.advance(7000);
    await clock.waitForTimers(1);
    await clock.advance(7000);
    const made = await p;
    assert.equal(made.metadata.name, 'x');
    assert.equal(fake.actionsFor('create').length, 3);
  });

  it('retries 5xx only for idempotent verbs, and gives up after maxRetries', async () => {
    const clock = new FakeClock();
    const fake = new FakeTransport();
    fake.prependReactor(() => {
      throw statusErrors.internal('boom');
    });
    const c = new Client({ transport: fake, clock, retry: { maxRetries: 2 } });
    await assert.rejects(c.resource('configmaps', 'default').create({ metadata: { name: 'x' } }), (e: unknown) => e instanceof StatusError && e.code === 500);
    assert.equal(fake.actions.length, 1, 'POST not retried on 500');
    fake.clearActions();
    const get = assert.rejects(c.resource('configmaps', 'default').get('x'), (e: unknown) => e instanceof StatusError && e.code === 500);
    await clock.waitForTimers(1);
    await clock.advance(60_000); // fires the retry timers as they come
    await get;
    assert.equal(fake.actions.length, 3, 'GET tried 1 + 2 times');
  });

  it('builds StatusErrors for non-Status error bodies', async () => {
    const fake = new FakeTransport();
    fake.prependReactor(() => ({ status: 404, body: 'page not found', headers: { 'content-type': 'text/plain' } }));
    const c = new Client({ transport: fake, retry: false });
    await assert.rejects(c.resource('configmaps', 'default').get('x'), (e: unknown) => e instanceof StatusError && e.reason === 'NotFound' && e.message === '"page not found"'.slice(1, -1));
  });

  it('ends a watch when its signal aborts, and the fake closes the stream', async () => {
    const fake = new FakeTransport();
    const c = new Client({ transport: fake });
    const ac = new AbortController();
    const w = await c.resource('configmaps', 'default').watch({ signal: ac.signal });
    assert.equal(fake.watchCount('configmaps'), 1);
    setTimeout(() => ac.abort(), 10);
    const got: unknown[] = [];
    for await (const e of w) got.push(e);
    assert.deepEqual(got, []);
    assert.equal(fake.watchCount('configmaps'), 0);
  });

  it('passes delete options and dryRun', async () => {
    const fake = new FakeTransport();
    const c = new Client({ transport: fake });
    const cms = c.resource('configmaps', 'default');
    await cms.create({ metadata: { name: 'x' } });
    await cms.delete('x', { dryRun: true, propagationPolicy: 'Foreground' });
    assert.ok(await cms.get('x'), 'dry-run delete kept the object');
    const del = fake.actionsFor('delete')[0]!;
    assert.equal(del.query.get('dryRun'), 'All');
    assert.equal((del.body as { propagationPolicy?: string }).propagationPolicy, 'Foreground');
  });
});

describe('kubeconfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-kc-'));
  writeFileSync(join(dir, 'ca.crt'), 'CA-PEM');
  writeFileSync(join(dir, 'token'), 'tok-from-file\n');
  const text = `apiVersion: v1
kind: Config
current-context: a
clusters:
- name: one
  cluster:
    server: https://10.0.0.1:6443/
    certificate-authority: ca.crt
- name: two
  cluster:
    server: https://example.com
    insecure-skip-tls-verify: true
users:
- name: certs
  user:
    client-certificate-data: ${Buffer.from('CERT').toString('base64')}
    client-key-data: ${Buffer.from('KEY').toString('base64')}
- name: tokens
  user:
    tokenFile: token
contexts:
- name: a
  context: {cluster: one, user: certs, namespace: team-a}
- name: b
  context: {cluster: two, user: tokens}
`;
  writeFileSync(join(dir, 'config'), text);
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves the current context with files relative to the kubeconfig', () => {
    const c = loadKubeconfig(join(dir, 'config'));
    assert.equal(c.server, 'https://10.0.0.1:6443');
    assert.equal(c.ca, 'CA-PEM');
    assert.equal(c.cert, 'CERT');
    assert.equal(c.key, 'KEY');
    assert.equal(c.namespace, 'team-a');
    assert.equal(c.context, 'a');
  });

  it('resolves another context: insecure, token file, default namespace', () => {
    const c = loadKubeconfig(join(dir, 'config'), { context: 'b' });
    assert.equal(c.insecureSkipTLSVerify, true);
    assert.equal(c.tokenFile, join(dir, 'token'));
    assert.equal(c.namespace, 'default');
  });

  it('parses text and reports missing pieces', () => {
    assert.equal(loadKubeconfig(text, { baseDir: dir }).server, 'https://10.0.0.1:6443');
    assert.throws(() => loadKubeconfig(text, { context: 'nope' }), KubeconfigError);
    assert.throws(() => loadKubeconfig(join(dir, 'missing')), KubeconfigError);
  });
});

describe('Client timeouts', () => {
  it('gives up on a request that takes longer than timeoutMs', async () => {
    const clock = new FakeClock();
    const fake = new FakeTransport();
    fake.prependReactor(() => new Promise(() => {}));
    const c = new Client({ transport: fake, clock, timeoutMs: 5000 });
    const p = assert.rejects(c.resource('configmaps', 'default').get('x'), /timed out after 5000 ms/);
    await clock.waitForTimers(1);
    await clock.advance(5000);
    await p;
  });
});
