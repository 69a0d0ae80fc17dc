// kube-controller-manager with per-controller identities: each controller gets the client of its
// ServiceAccount (created in kube-system first, with the manager's own identity), controllers sharing
// an account share the client, the manager closes those clients when it stops; without a factory
// every controller runs as the manager.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../api/types.js';
import { controllerClusterRoleBindings } from '../apiserver/auth/bootstrap-controller-policy.js';
import { Client, InProcessTransport } from '../machinery/client/index.js';
import type { ControllerDescriptor } from '../machinery/controller/index.js';
import { startInProcessServer, type InProcessServer } from '../machinery/client/testenv.js';
import { allControllers } from './controllers.js';
import { runControllerManager } from './manager.js';
import { CONTROLLER_SERVICE_ACCOUNTS, serviceAccountFor, serviceAccountUser } from './serviceaccounts.js';

async function whoami(c: Client): Promise<string> {
  const r = await c.resource({ group: 'authentication.k8s.io', version: 'v1', plural: 'selfsubjectreviews' }).create({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: {} });
  return (r as KubeObject & { status: { userInfo: { username: string } } }).status.userInfo.username;
}

/** Controllers that only report who they run as, then wait for the end. */
function reporters(names: string[], seen: Map<string, string>, clients: Map<string, Client>): ControllerDescriptor[] {
  return names.map((name) => ({
    name,
    async start(ctx) {
      clients.set(name, ctx.client);
      seen.set(name, await whoami(ctx.client));
      await new Promise<void>((r) => (ctx.signal.aborted ? r() : ctx.signal.addEventListener('abort', () => r(), { once: true })));
    },
  }));
}

function clientAs(server: InProcessServer, user: { username: string; groups: string[] }): Client {
  return new Client({ transport: new InProcessTransport({ handler: (req, res) => server.api().handle(req, res), user }), component: 'test' });
}

async function until(what: string, cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(cond(), what);
}

describe('controller identities in kube-controller-manager', () => {
  it('runs each controller as its ServiceAccount, which it creates first', async () => {
    const server = await startInProcessServer();
    const manager = clientAs(server, { username: 'system:kube-controller-manager', groups: [] });
    const seen = new Map<string, string>();
    const used = new Map<string, Client>();
    const asked: string[] = [];
    const ac = new AbortController();
    const run = runControllerManager({
      client: manager,
      clientFor: (sa) => (asked.push(sa), clientAs(server, serviceAccountUser(sa))),
      controllers: reporters(['replicaset', 'node-lifecycle', 'taint-eviction', 'garbage-collector'], seen, used),
      enabled: ['*', '-garbage-collector'],
      leaderElection: { enabled: false },
      signal: ac.signal,
    });
    try {
      await until('every controller reported', () => seen.size === 3);
      assert.equal(seen.get('replicaset'), 'system:serviceaccount:kube-system:replicaset-controller');
      assert.equal(seen.get('node-lifecycle'), 'system:serviceaccount:kube-system:node-controller');
      assert.equal(seen.get('taint-eviction'), 'system:serviceaccount:kube-system:node-controller');
      assert.equal(used.get('node-lifecycle'), used.get('taint-eviction'), 'one client per ServiceAccount');
      assert.deepEqual(asked.sort(), ['node-controller', 'replicaset-controller'], 'no client for a disabled controller');
      const admin = server.client('test');
      const sas = (await admin.resource('serviceaccounts', 'kube-system').list()).items.map((s) => s.metadata.name);
      assert.ok(sas.includes('replicaset-controller') && sas.includes('node-controller'), sas.join(' '));
      assert.ok(!sas.includes('generic-garbage-collector'), 'only the accounts of running controllers');
      await admin.close();
    } finally {
      ac.abort();
      await run;
    }
    await assert.rejects(used.get('replicaset')!.resource('pods').list(), /closed/, 'the manager closed the controller clients');
    await manager.close();
    await server.stop();
  });

  it('runs every controller as the manager without a client factory', async () => {
    const server = await startInProcessServer();
    const manager = clientAs(server, { username: 'system:kube-controller-manager', groups: [] });
    const seen = new Map<string, string>();
    const ac = new AbortController();
    const run = runControllerManager({ client: manager, controllers: reporters(['replicaset', 'job'], seen, new Map()), leaderElection: { enabled: false }, signal: ac.signal });
    try {
      await until('every controller reported', () => seen.size === 2);
      assert.deepEqual([...seen.values()], ['system:kube-controller-manager', 'system:kube-controller-manager']);
    } finally {
      ac.abort();
      await run;
    }
    assert.ok((await manager.resource('secrets').list()).items, 'the manager client stays open');
    await manager.close();
    await server.stop();
  });

  it('maps every controller of kts to an account the bootstrap policy binds to a role', () => {
    const bound = new Set(controllerClusterRoleBindings().flatMap((b) => (b.subjects as Array<{ kind: string; name: string; namespace?: string }>).filter((s) => s.kind === 'ServiceAccount' && s.namespace === 'kube-system').map((s) => s.name)));
    for (const c of allControllers()) {
      assert.ok(c.name in CONTROLLER_SERVICE_ACCOUNTS, `${c.name} has an account`);
      assert.ok(bound.has(serviceAccountFor(c.name)), `${serviceAccountFor(c.name)} is bound`);
    }
  });
});
