import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Client, FakeTransport } from '../../machinery/client/index.js';
import { startInProcessServer } from '../../machinery/client/testenv.js';
import { realClock } from '../../machinery/clock/clock.js';
import { EventRecorder } from '../../machinery/events/index.js';
import { SharedInformerFactory } from '../../machinery/informers/index.js';
import { DESCRIPTION, RootCACertPublisher } from './controller.js';
import { descriptor } from './index.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';

async function eventually(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('root CA certificate publisher', () => {
  it('publishes kube-root-ca.crt in every namespace and restores it', async () => {
    const fake = new FakeTransport();
    fake.seed('namespaces', { metadata: { name: 'a' } }, { metadata: { name: 'b' } });
    const client = new Client({ transport: fake, retry: false });
    const informers = new SharedInformerFactory(client);
    const c = new RootCACertPublisher({ client, informers, clock: realClock, rootCA: PEM });
    const ac = new AbortController();
    informers.start(ac.signal);
    const running = c.run(ac.signal);
    const cm = (ns: string) => fake.tracker.get('/configmaps', ns, 'kube-root-ca.crt') as { data?: Record<string, string>; metadata: { annotations?: Record<string, string> } } | undefined;
    try {
      await eventually(() => !!cm('a') && !!cm('b'), 'both config maps');
      assert.deepEqual(cm('a')!.data, { 'ca.crt': PEM });
      assert.equal(cm('a')!.metadata.annotations?.['kubernetes.io/description'], DESCRIPTION);
      const api = client.resource('configmaps', 'a');
      const cur = await api.get('kube-root-ca.crt');
      await api.update({ ...cur, data: { 'ca.crt': 'tampered', extra: 'x' } });
      await eventually(() => cm('a')?.data?.['ca.crt'] === PEM && !cm('a')?.data?.extra, 'the data restored');
      await api.delete('kube-root-ca.crt');
      await eventually(() => cm('a')?.data?.['ca.crt'] === PEM, 'the config map recreated');
    } finally {
      ac.abort();
      await running;
      await informers.shutdown();
    }
  });

  it('runs from --root-ca-file against an API server, and not at all without it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rootca-'));
    const file = join(dir, 'ca.crt');
    writeFileSync(file, PEM);
    const server = await startInProcessServer();
    const client = server.client('test');
    const kcm = server.client('kube-controller-manager');
    const informers = new SharedInformerFactory(kcm);
    const ac = new AbortController();
    const ctx = { client: kcm, informers, recorder: (component: string) => new EventRecorder(kcm, { component }), clock: realClock, signal: ac.signal, log: () => {}, options: {} as Record<string, string> };
    await descriptor.start(ctx); // no flag: returns at once
    const running = descriptor.start({ ...ctx, options: { 'root-ca-file': file } });
    informers.start(ac.signal);
    try {
      await client.resource('namespaces').create({ metadata: { name: 'fresh' } });
      await eventually(async () => {
        try {
          return ((await client.resource('configmaps', 'fresh').get('kube-root-ca.crt')).data as Record<string, string>)['ca.crt'] === PEM;
        } catch {
          return false;
        }
      }, 'kube-root-ca.crt in the new namespace');
    } finally {
      ac.abort();
      await running;
      await informers.shutdown();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
