import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/types.js';
import { Client } from '../client/client.js';
import { FakeTransport } from '../client/fake/index.js';
import { FakeClock } from '../clock/clock.js';
import { statusErrors } from '../errors/status.js';
import { sprintf } from './format.js';
import { EventRecorder } from './recorder.js';
import type { CoreEvent } from './types.js';

const pod = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns', uid: `uid-${name}`, resourceVersion: '7' } });

function setup(o: { retryDelayMs?: number } = {}) {
  const clock = new FakeClock();
  const fake = new FakeTransport({ clock });
  const client = new Client({ transport: fake, clock, component: 'recorder-test', retry: false });
  const rec = new EventRecorder(client, { component: 'default-scheduler', host: 'node-1', clock, ...o });
  const events = () => fake.tracker.list('/events', 'ns') as CoreEvent[];
  return { clock, fake, client, rec, events };
}

describe('EventRecorder', () => {
  it('writes a core/v1 Event about the object', async () => {
    const { rec, events, clock } = setup();
    rec.event(pod('p'), 'Normal', 'Scheduled', 'Successfully assigned ns/p to node-1');
    await rec.flush();
    const [e] = events();
    assert.ok(e);
    assert.match(e.metadata.name!, /^p\.[0-9a-f]+$/);
    assert.equal(e.metadata.namespace, 'ns');
    assert.deepEqual(e.involvedObject, { kind: 'Pod', namespace: 'ns', name: 'p', uid: 'uid-p', apiVersion: 'v1', resourceVersion: '7' });
    assert.deepEqual(e.source, { component: 'default-scheduler', host: 'node-1' });
    assert.equal(e.reportingComponent, 'default-scheduler');
    assert.equal(e.reportingInstance, 'node-1');
    assert.equal(e.type, 'Normal');
    assert.equal(e.reason, 'Scheduled');
    assert.equal(e.count, 1);
    assert.equal(e.firstTimestamp, new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    assert.equal(e.lastTimestamp, e.firstTimestamp);
  });

  it('counts identical events on one Event with patches', async () => {
    const { rec, events, clock, fake } = setup();
    rec.event(pod('p'), 'Warning', 'BackOff', 'Back-off restarting failed container');
    await rec.flush();
    const first = events()[0]!;
    await clock.advance(5000);
    rec.event(pod('p'), 'Warning', 'BackOff', 'Back-off restarting failed container');
    rec.event(pod('p'), 'Warning', 'BackOff', 'Back-off restarting failed container');
    await rec.flush();
    const all = events();
    assert.equal(all.length, 1);
    assert.equal(all[0]!.count, 3);
    assert.equal(all[0]!.metadata.name, first.metadata.name);
    assert.equal(all[0]!.firstTimestamp, first.firstTimestamp);
    assert.notEqual(all[0]!.lastTimestamp, first.lastTimestamp);
    const patches = fake.actionsFor('patch', 'events');
    assert.equal(patches.length, 2);
    assert.equal(patches[0]!.contentType, 'application/strategic-merge-patch+json');
    assert.deepEqual(Object.keys(JSON.parse(patches[0]!.body as string)).sort(), ['count', 'lastTimestamp', 'message']);
  });

  it('combines more than 10 similar events within 10 minutes', async () => {
    const { rec, events, clock } = setup();
    for (let i = 1; i <= 12; i++) rec.event(pod('p'), 'Warning', 'FailedMount', `volume ${i} not ready`);
    await rec.flush();
    let all = events();
    const combined = all.filter((e) => e.message.startsWith('(combined from similar events): '));
    assert.equal(all.length, 10);
    assert.equal(combined.length, 1);
    assert.equal(combined[0]!.message, '(combined from similar events): volume 12 not ready');
    assert.equal(combined[0]!.count, 3);
    assert.equal(all.filter((e) => e.count === 1 && !e.message.startsWith('(')).length, 9);
    // After 10 quiet minutes a new message stands on its own again.
    await clock.advance(601_000);
    rec.event(pod('p'), 'Warning', 'FailedMount', 'volume 13 not ready');
    await rec.flush();
    all = events();
    assert.ok(all.some((e) => e.message === 'volume 13 not ready'));
  });

  it('throttles a source+object to a burst of 25, refilled one per 5 minutes', async () => {
    const { rec, events, clock, fake } = setup();
    for (let i = 0; i < 30; i++) rec.event(pod('p'), 'Normal', 'Pulled', 'image pulled');
    rec.event(pod('q'), 'Normal', 'Pulled', 'image pulled');
    await rec.flush();
    const byName = (n: string) => events().filter((e) => e.involvedObject.name === n);
    assert.equal(byName('p')[0]!.count, 25);
    assert.equal(byName('q')[0]!.count, 1, 'another object has its own budget');
    await clock.advance(300_000);
    rec.event(pod('p'), 'Normal', 'Pulled', 'image pulled');
    rec.event(pod('p'), 'Normal', 'Pulled', 'image pulled');
    await rec.flush();
    // One more write; its count includes the occurrences that were throttled (as client-go's does).
    assert.equal(byName('p')[0]!.count, 31);
    assert.equal(fake.actions.filter((a) => a.resource === 'events' && (a.verb === 'create' || a.verb === 'patch')).length, 25 + 1 + 1);
  });

  it('retries writes that fail without an answer, not ones the server rejects', async () => {
    const { rec, events, clock, fake } = setup({ retryDelayMs: 10_000 });
    let failures = 2;
    fake.prependReactor((a) => {
      if (a.verb === 'create' && a.resource === 'events' && failures-- > 0) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      return undefined;
    });
    rec.event(pod('p'), 'Normal', 'Started', 'started');
    const flushed = rec.flush();
    await clock.waitForTimers(1);
    await clock.advance(30_000);
    await flushed;
    assert.equal(events().length, 1);
    assert.equal(fake.actionsFor('create', 'events').length, 3);
    fake.clearActions();
    fake.prependReactor((a) => {
      if (a.verb === 'create' && a.resource === 'events') throw statusErrors.invalid({ group: '', kind: 'Event' }, 'x', 'invalid', []);
      return undefined;
    });
    rec.event(pod('p'), 'Normal', 'Other', 'other');
    await rec.flush();
    assert.equal(fake.actionsFor('create', 'events').length, 1, 'a 422 is not retried');
  });

  it('creates the event again when the one to patch has expired', async () => {
    const { rec, events, fake } = setup();
    rec.event(pod('p'), 'Normal', 'Killing', 'stopping');
    await rec.flush();
    const first = events()[0]!;
    fake.tracker.remove('/events', first);
    rec.event(pod('p'), 'Normal', 'Killing', 'stopping');
    await rec.flush();
    const again = events();
    assert.equal(again.length, 1);
    assert.equal(again[0]!.metadata.name, first.metadata.name);
    assert.equal(again[0]!.count, 2);
  });

  it('formats eventf messages and drops events it cannot reference', async () => {
    const { rec, events } = setup();
    rec.eventf(pod('p'), 'Warning', 'FailedScheduling', '%d/%d nodes are available: %s %q %v%%', 0, 3, 'insufficient cpu', 'x', { a: 1 });
    rec.event({ metadata: { name: 'no-kind' } }, 'Normal', 'X', 'y');
    await rec.flush();
    assert.deepEqual(events().map((e) => e.message), ['0/3 nodes are available: insufficient cpu "x" {"a":1}%']);
    assert.equal(sprintf('%s %s', 'one'), 'one %!s(MISSING)');
  });

  it('drops events beyond the queue length and logs drops at most every 10 s, with their count', async () => {
    const clock = new FakeClock();
    const fake = new FakeTransport({ clock });
    const client = new Client({ transport: fake, clock, component: 'recorder-test', retry: false });
    const logs: string[] = [];
    const rec = new EventRecorder(client, { component: 'c', clock, queueLength: 2, log: (m) => logs.push(m) });
    // One event is being written and two wait: the other seven of each burst are dropped.
    for (let i = 0; i < 10; i++) rec.event(pod(`a${i}`), 'Normal', 'Scheduled', 'x');
    assert.deepEqual(logs, ['event queue full, dropping event Scheduled about Pod a3']);
    await rec.flush();
    await clock.advance(10_000);
    for (let i = 0; i < 10; i++) rec.event(pod(`b${i}`), 'Normal', 'Scheduled', 'x');
    await rec.flush();
    assert.deepEqual(logs.slice(1), ['event queue full, dropping event Scheduled about Pod b3 (7 events dropped since the last report)']);
    assert.equal((fake.tracker.list('/events', 'ns') as CoreEvent[]).length, 6);
  });

  it('puts events about cluster-scoped objects in the default namespace', async () => {
    const { rec, fake } = setup();
    rec.event({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', uid: 'n1' } }, 'Normal', 'NodeReady', 'Node node-1 status is now: NodeReady');
    await rec.flush();
    const evs = fake.tracker.list('/events', 'default') as CoreEvent[];
    assert.equal(evs.length, 1);
    assert.equal(evs[0]!.involvedObject.namespace, undefined);
  });
});
