import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PatchError } from '../errors.js';
import { isObject, type JsonObject } from '../json.js';
import { schemaPatchMeta } from '../schema-meta.js';
import { testSchema } from '../test-schema.js';
import { apply, type ApplyOptions } from './apply.js';
import { LAST_APPLIED_ANNOTATION } from './last-applied.js';
import { trackUpdate } from './track-update.js';

const meta = schemaPatchMeta('apps.v1.Deployment', { schema: testSchema });
const T0 = new Date('2024-05-01T10:00:00Z');
const T1 = new Date('2024-05-01T10:05:00Z');

const opts = (manager: string, extra: Partial<ApplyOptions> = {}): ApplyOptions => ({ manager, apiVersion: 'apps/v1', kind: 'Deployment', meta, now: T0, ...extra });

function deployment(spec: JsonObject, metadata: JsonObject = {}): JsonObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', ...metadata }, spec };
}

const template = (containers: JsonObject[], extra: JsonObject = {}): JsonObject => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers, ...extra },
});

/** What the store would return: the object with server fields set. */
function stored(obj: JsonObject): JsonObject {
  const o = structuredClone(obj);
  o.metadata = { ...(o.metadata as JsonObject), uid: 'uid-1', resourceVersion: '7', creationTimestamp: '2024-05-01T09:00:00Z' };
  return o;
}

const spec = (o: JsonObject) => o.spec as JsonObject;
const containersOf = (o: JsonObject) => ((spec(o).template as JsonObject).spec as JsonObject).containers;
const entries = (o: JsonObject) => ((o.metadata as JsonObject).managedFields as JsonObject[]).map((e) => `${e.manager}/${e.operation}`);

function conflict(fn: () => unknown): PatchError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof PatchError, String(err));
    assert.equal(err.code, 409);
    return err;
  }
  assert.fail('expected a conflict');
}

describe('server-side apply: creating and owning', () => {
  it('creates the object and records one Apply entry in FieldsV1', () => {
    const cfg = deployment({ replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template([{ name: 'nginx', image: 'nginx:1', ports: [{ containerPort: 80 }] }]) }, { labels: { app: 'web' } });
    const r = apply(null, cfg, opts('kubectl'));
    assert.equal(r.changed, true);
    assert.deepEqual(r.managedFields, [
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2024-05-01T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"nginx"}': {
                    '.': {},
                    'f:image': {},
                    'f:name': {},
                    'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
                  },
                },
              },
            },
          },
        },
      },
    ]);
    const { managedFields: _, ...md } = r.object.metadata as JsonObject;
    assert.deepEqual({ ...r.object, metadata: md }, cfg);
  });

  it('lets a second applier share a field it sets to the same value', () => {
    const a = apply(null, deployment({ replicas: 2 }), opts('a'));
    const b = apply(stored(a.object), deployment({ replicas: 2, paused: true }), opts('b'));
    assert.deepEqual(entries(b.object), ['a/Apply', 'b/Apply']);
    const fields = ((b.object.metadata as JsonObject).managedFields as JsonObject[]).map((e) => e.fieldsV1);
    assert.deepEqual(fields, [{ 'f:spec': { 'f:replicas': {} } }, { 'f:spec': { 'f:paused': {}, 'f:replicas': {} } }]);
  });

  it('reports a conflict with another applier (409, FieldManagerConflict causes)', () => {
    const a = apply(null, deployment({ replicas: 2 }), opts('a'));
    const err = conflict(() => apply(stored(a.object), deployment({ replicas: 3 }), opts('b')));
    assert.equal(err.message, 'Apply failed with 1 conflict: conflict with "a": .spec.replicas');
    assert.deepEqual(err.causes, [{ type: 'FieldManagerConflict', message: 'conflict with "a"', field: '.spec.replicas' }]);
    assert.equal(err.toStatus().reason, 'Conflict');
  });

  it('names update managers with their API version in conflicts', () => {
    const created = trackUpdate(null, deployment({ replicas: 1 }), { manager: 'kubectl-client-side-apply', apiVersion: 'apps/v1', meta, now: T0 });
    const err = conflict(() => apply(stored(created.object), deployment({ replicas: 3 }), opts('other')));
    assert.equal(err.message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
    assert.equal(err.causes[0]?.message, 'conflict with "kubectl-client-side-apply" using apps/v1');
  });

  it('lists several conflicts grouped by manager', () => {
    const a = apply(null, deployment({ replicas: 2, paused: false, minReadySeconds: 5 }), opts('a'));
    const err = conflict(() => apply(stored(a.object), deployment({ replicas: 3, paused: true, minReadySeconds: 5 }), opts('b')));
    assert.equal(err.message, 'Apply failed with 2 conflicts: conflicts with "a":\n- .spec.paused\n- .spec.replicas');
    assert.deepEqual(err.causes.map((c) => c.field), ['.spec.paused', '.spec.replicas']);
  });

  it('takes ownership with force, dropping the previous owner', () => {
    const a = apply(null, deployment({ replicas: 2 }), opts('a'));
    const b = apply(stored(a.object), deployment({ replicas: 3 }), opts('b', { force: true, now: T1 }));
    assert.equal(spec(b.object).replicas, 3);
    assert.deepEqual(entries(b.object), ['b/Apply']);
  });

  it('does not change anything (nor the time) when the configuration is already in place', () => {
    const a = apply(null, deployment({ replicas: 2 }), opts('a'));
    const again = apply(stored(a.object), deployment({ replicas: 2 }), opts('a', { now: T1 }));
    assert.equal(again.changed, false);
    assert.equal(again.managedFields?.[0]?.time, '2024-05-01T10:00:00Z');
  });
});

describe('server-side apply: removing fields the applier dropped', () => {
  it('removes a field the same manager applied before and no longer does', () => {
    const a = apply(null, deployment({ replicas: 2, paused: true }, { labels: { app: 'web', tier: 'fe' } }), opts('a'));
    const b = apply(stored(a.object), deployment({ replicas: 2 }, { labels: { app: 'web' } }), opts('a', { now: T1 }));
    assert.deepEqual(spec(b.object), { replicas: 2 });
    assert.deepEqual((b.object.metadata as JsonObject).labels, { app: 'web' });
    assert.deepEqual(b.managedFields?.[0]?.fieldsV1, { 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:spec': { 'f:replicas': {} } });
  });

  it('keeps a dropped field another manager also owns', () => {
    const a = apply(null, deployment({ replicas: 2, paused: true }), opts('a'));
    const b = apply(stored(a.object), deployment({ paused: true }), opts('b'));
    const c = apply(stored(b.object), deployment({ replicas: 2 }), opts('a', { now: T1 }));
    assert.deepEqual(spec(c.object), { replicas: 2, paused: true });
    assert.deepEqual(entries(c.object), ['b/Apply', 'a/Apply'], 'sorted by time: a applied last');
  });

  it('keeps fields it never owned (set by updates) when they leave its configuration', () => {
    const a = apply(null, deployment({ replicas: 2 }), opts('a'));
    const edited = structuredClone(stored(a.object));
    spec(edited).minReadySeconds = 10;
    const u = trackUpdate(stored(a.object), edited, { manager: 'kubectl-edit', apiVersion: 'apps/v1', meta, now: T1 });
    const b = apply(stored(u.object), deployment({ replicas: 2 }), opts('a', { now: T1 }));
    assert.deepEqual(spec(b.object), { replicas: 2, minReadySeconds: 10 });
  });

  it('removes a dropped list-map element and keeps the others', () => {
    const a = apply(null, deployment({ template: template([{ name: 'a', image: 'a' }, { name: 'b', image: 'b' }]) }), opts('m'));
    const b = apply(stored(a.object), deployment({ template: template([{ name: 'b', image: 'b' }]) }), opts('m', { now: T1 }));
    assert.deepEqual(containersOf(b.object), [{ name: 'b', image: 'b' }]);
  });
});

describe('server-side apply: list and map semantics', () => {
  it('merges list-map elements by key across managers, in the configuration order', () => {
    const a = apply(null, deployment({ template: template([{ name: 'a', image: 'a:1' }]) }), opts('m1'));
    const b = apply(stored(a.object), deployment({ template: template([{ name: 'b', image: 'b:1' }]) }), opts('m2'));
    assert.deepEqual(containersOf(b.object), [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }]);
    const c = apply(stored(b.object), deployment({ template: template([{ name: 'a', image: 'a:2' }]) }), opts('m1', { now: T1 }));
    assert.deepEqual(containersOf(c.object), [{ name: 'a', image: 'a:2' }, { name: 'b', image: 'b:1' }]);
    const fields = ((c.object.metadata as JsonObject).managedFields as JsonObject[]).map((e) => Object.keys(((((e.fieldsV1 as JsonObject)['f:spec'] as JsonObject)['f:template'] as JsonObject)['f:spec'] as JsonObject)['f:containers'] as JsonObject));
    assert.deepEqual(entries(c.object), ['m2/Apply', 'm1/Apply']);
    assert.deepEqual(fields, [['k:{"name":"b"}'], ['k:{"name":"a"}']]);
  });

  it('orders merged elements by the configuration, keeping live-only elements in place', () => {
    const a = apply(null, deployment({ template: template([{ name: 'x' }, { name: 'y' }, { name: 'z' }]) }), opts('m1'));
    const b = apply(stored(a.object), deployment({ template: template([{ name: 'z' }, { name: 'new' }, { name: 'x' }]) }), opts('m2'));
    assert.deepEqual(containersOf(b.object), [{ name: 'y' }, { name: 'z' }, { name: 'new' }, { name: 'x' }]);
  });

  it('replaces an atomic list whole, and conflicts on it as one field', () => {
    const tol = (key: string) => [{ key, operator: 'Exists' }];
    const a = apply(null, deployment({ template: template([{ name: 'c' }], { tolerations: tol('x') }) }), opts('m1'));
    const err = conflict(() => apply(stored(a.object), deployment({ template: template([{ name: 'c' }], { tolerations: tol('y') }) }), opts('m2')));
    assert.deepEqual(err.causes.map((c) => c.field), ['.spec.template.spec.tolerations']);
    const b = apply(stored(a.object), deployment({ template: template([{ name: 'c' }], { tolerations: tol('y') }) }), opts('m2', { force: true }));
    assert.deepEqual(((spec(b.object).template as JsonObject).spec as JsonObject).tolerations, tol('y'));
  });

  it('replaces atomic maps and structs whole (mapType/structType atomic)', () => {
    const a = apply(null, deployment({ selector: { matchLabels: { app: 'web', tier: 'fe' } }, template: template([{ name: 'c' }], { nodeSelector: { disk: 'ssd', zone: 'a' } }) }), opts('m1'));
    const b = apply(stored(a.object), deployment({ selector: { matchLabels: { app: 'web' } }, template: template([{ name: 'c' }], { nodeSelector: { zone: 'b' } }) }), opts('m1', { now: T1 }));
    assert.deepEqual(spec(b.object).selector, { matchLabels: { app: 'web' } });
    assert.deepEqual(((spec(b.object).template as JsonObject).spec as JsonObject).nodeSelector, { zone: 'b' });
  });

  it('owns set elements individually (finalizers)', () => {
    const noSpec = (finalizers: string[]) => {
      const { spec: _, ...rest } = deployment({}, finalizers.length ? { finalizers } : {});
      return rest;
    };
    const a = apply(null, noSpec(['a.example/x']), opts('m1'));
    const b = apply(stored(a.object), noSpec(['b.example/y']), opts('m2'));
    assert.deepEqual((b.object.metadata as JsonObject).finalizers, ['a.example/x', 'b.example/y']);
    const fields = ((b.object.metadata as JsonObject).managedFields as JsonObject[]).map((e) => e.fieldsV1);
    assert.deepEqual(fields, [{ 'f:metadata': { 'f:finalizers': { 'v:"a.example/x"': {} } } }, { 'f:metadata': { 'f:finalizers': { 'v:"b.example/y"': {} } } }]);
    const c = apply(stored(b.object), noSpec([]), opts('m1', { now: T1 }));
    assert.deepEqual((c.object.metadata as JsonObject).finalizers, ['b.example/y']);
  });

  it('uses key defaults for list-map keys an element omits (ports: protocol TCP)', () => {
    const a = apply(null, deployment({ template: template([{ name: 'c', ports: [{ containerPort: 80 }] }]) }), opts('m1'));
    const b = apply(stored(a.object), deployment({ template: template([{ name: 'c', ports: [{ containerPort: 80, protocol: 'TCP', name: 'http' }] }]) }), opts('m2'));
    assert.deepEqual(containersOf(b.object), [{ name: 'c', ports: [{ containerPort: 80, protocol: 'TCP', name: 'http' }] }]);
  });
});

describe('server-side apply: upstream field manager behaviour', () => {
  it('makes "before-first-apply" own the fields of an untracked object', () => {
    const live = stored(deployment({ replicas: 1, paused: false }));
    const err = conflict(() => apply(live, deployment({ replicas: 3 }), opts('kubectl-x')));
    assert.equal(err.message, 'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas');
    const ok = apply(live, deployment({ replicas: 1 }), opts('kubectl-x'));
    assert.deepEqual(entries(ok.object), ['kubectl-x/Apply', 'before-first-apply/Update']);
  });

  it('lets "kubectl" take over fields client-side apply set, and updates the annotation', () => {
    const first = deployment({ replicas: 1 });
    const withAnnotation = structuredClone(first);
    (withAnnotation.metadata as JsonObject).annotations = { [LAST_APPLIED_ANNOTATION]: JSON.stringify(first) };
    const created = trackUpdate(null, withAnnotation, { manager: 'kubectl-client-side-apply', apiVersion: 'apps/v1', meta, now: T0 });
    const r = apply(stored(created.object), deployment({ replicas: 3 }), opts('kubectl', { now: T1 }));
    assert.equal(spec(r.object).replicas, 3);
    const ann = ((r.object.metadata as JsonObject).annotations as JsonObject)[LAST_APPLIED_ANNOTATION];
    assert.equal(ann, '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},"spec":{"replicas":3}}\n');
    const err = conflict(() => apply(stored(created.object), deployment({ replicas: 3 }), opts('someone-else')));
    assert.match(err.message, /kubectl-client-side-apply/);
  });

  it('ignores reset fields (status on the main resource)', () => {
    const a = apply(null, { ...deployment({ replicas: 1 }), status: { replicas: 1 } }, opts('m1', { resetFields: [['status']] }));
    assert.deepEqual(a.managedFields?.[0]?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
  });

  it('rejects a configuration for another version or kind, or one that sets managedFields (400)', () => {
    assert.throws(() => apply(null, { ...deployment({}), apiVersion: 'apps/v1beta1' }, opts('m')), (e: unknown) => e instanceof PatchError && e.code === 400 && e.message === 'invalid object type: apps/v1beta1, Kind=Deployment');
    const withMf = deployment({}, { managedFields: [] });
    assert.throws(() => apply(null, withMf, opts('m')), (e: unknown) => e instanceof PatchError && e.code === 400 && e.message === 'metadata.managedFields must be nil');
  });

  it('rejects duplicate list keys in the configuration as upstream does', () => {
    const cfg = deployment({ template: template([{ name: 'c' }, { name: 'c', image: 'x' }]) });
    assert.throws(
      () => apply(null, cfg, opts('m')),
      (e: unknown) =>
        e instanceof PatchError &&
        e.code === 500 &&
        e.message === 'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers: duplicate entries for key [name="c"]',
    );
  });

  it('keeps the object unchanged when the apply is a no-op but ownership moves', () => {
    const a = apply(null, deployment({ replicas: 2 }), opts('a'));
    const b = apply(stored(a.object), deployment({ replicas: 2 }), opts('b'));
    assert.equal(b.changed, false);
    assert.ok(isObject(b.object.metadata) && b.object.metadata.uid === 'uid-1');
    // As upstream: a no-op apply sets no time, so the new entry sorts first.
    assert.deepEqual(entries(b.object), ['b/Apply', 'a/Apply']);
    assert.equal(b.managedFields?.[0]?.time, undefined);
  });
});
