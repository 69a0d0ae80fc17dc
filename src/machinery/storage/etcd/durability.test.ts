// Crash durability on etcd: a child process writes as fast as it can; mid-load either the writer or
// the etcd server itself is killed with SIGKILL. After a restart every acknowledged write must be
// there, and revisions never go backwards. Several trials on one cluster.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { crashTrial, verifyAcks } from '../durability/harness.js';
import { EtcdStorage } from './etcd.js';
import { ETCD_BINARY, etcdAvailable, startEtcd, type EtcdTestCluster } from './testing.js';

if (!etcdAvailable()) {
  const why = `etcd binary not found at ${ETCD_BINARY}: apt-get install etcd-server`;
  if (process.env.CI) it('etcd is installed', () => assert.fail(why));
  else it('etcd durability tests', { skip: why }, () => {});
} else {
  describe('etcd durability under SIGKILL', () => {
    let etcd: EtcdTestCluster;
    before(async () => {
      etcd = await startEtcd({ members: 1 });
    });
    after(async () => {
      await etcd?.stop();
    });

    const trials: Array<{ name: string; killEtcd: boolean }> = [
      { name: 'writer killed', killEtcd: false },
      { name: 'writer killed', killEtcd: false },
      { name: 'etcd killed', killEtcd: true },
      { name: 'etcd killed', killEtcd: true },
      { name: 'etcd killed', killEtcd: true },
    ];
    trials.forEach((t, i) => {
      it(`trial ${i} (${t.name}): every acknowledged write survives, revisions never go backwards`, async () => {
        const acks = await crashTrial({
          spec: { backend: 'etcd', endpoints: etcd.endpoints },
          prefix: `/registry/durability/e${i}/`,
          afterAcks: 200 + i * 100,
          crash: async (writer) => {
            if (t.killEtcd) await etcd.kill(0, 'SIGKILL');
            writer.kill('SIGKILL');
          },
        });
        if (t.killEtcd) await etcd.restart(0);
        const s = new EtcdStorage({ endpoints: etcd.endpoints });
        try {
          await verifyAcks(s, acks, `/registry/durability/probe-e${i}`);
        } finally {
          await s.close();
        }
      });
    });
  });
}
