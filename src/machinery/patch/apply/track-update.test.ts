import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from '../json.js';
import { schemaPatchMeta } from '../schema-meta.js';
import { testSchema } from '../test-schema.js';
import type { FieldManagerOptions } from './pipeline.js';
import { trackUpdate } from './track-update.js';

const meta = schemaPatchMeta('apps.v1.Deployment', { schema: testSchema });
const at = (min: number) => new Date(Date.UTC(2024, 0, 1, 0, min));
const opts = (manager: string, min: number, extra: Partial<FieldManagerOptions> = {}): FieldManagerOptions => ({
  manager,
  apiVersion: 'apps/v1',
  meta,
  now: at(min),
  resetFields: [['status']],
  ...extra,
});

function deployment(): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1' }] } },
    },
    status: {},
  };
}

function stored(obj: JsonObject, rv = '1'): JsonObject {
  const o = structuredClone(obj);
  o.metadata = { ...(o.metadata as JsonObject), uid: 'uid-1', resourceVersion: rv, generation: 1, creationTimestamp: '2024-01-01T00:00:00Z' };
  return o;
}

const mf = (o: JsonObject) => (o.metadata as JsonObject).managedFields as JsonObject[];
const summary = (o: JsonObject) => mf(o).map((e) => `${e.manager}/${e.operation}@${e.time ?? '-'}`);
const spec = (o: JsonObject) => o.spec as JsonObject;

describe('managedFields of ordinary writes (Update entries)', () => {
  it('records a create as an Update entry, marking added maps and list elements with "."', () => {
    const r = trackUpdate(null, deployment(), opts('kubectl-create', 0));
    assert.deepEqual(r.managedFields, [
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: '2024-01-01T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
              'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
            },
          },
        },
      },
    ]);
    assert.deepEqual(mf(r.object), r.managedFields);
  });

  it('gives changed fields to the writer and takes them from the previous owner', () => {
    const created = stored(trackUpdate(null, deployment(), opts('kubectl-create', 0)).object);
    const scaled = structuredClone(created);
    spec(scaled).replicas = 3;
    const r = trackUpdate(created, scaled, opts('kubectl-scale', 5));
    assert.deepEqual(summary(r.object), ['kubectl-create/Update@2024-01-01T00:00:00Z', 'kubectl-scale/Update@2024-01-01T00:05:00Z']);
    assert.deepEqual(mf(r.object)[1]?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
    assert.equal(JSON.stringify(mf(r.object)[0]?.fieldsV1).includes('f:replicas'), false);
  });

  it('merges a manager\'s writes into one entry and moves its time only when it changed something', () => {
    const created = stored(trackUpdate(null, deployment(), opts('kubectl-edit', 0)).object);
    const same = trackUpdate(created, structuredClone(created), opts('kubectl-edit', 9));
    assert.deepEqual(summary(same.object), ['kubectl-edit/Update@2024-01-01T00:00:00Z']);
    const edited = structuredClone(created);
    spec(edited).paused = true;
    const r = trackUpdate(created, edited, opts('kubectl-edit', 9));
    assert.deepEqual(summary(r.object), ['kubectl-edit/Update@2024-01-01T00:09:00Z']);
    assert.ok(JSON.stringify(mf(r.object)[0]?.fieldsV1).includes('"f:paused"'));
  });

  it('drops removed fields from every owner and drops entries left empty', () => {
    const created = stored(trackUpdate(null, deployment(), opts('kubectl-create', 0)).object);
    const labelled = structuredClone(created);
    ((labelled.metadata as JsonObject).labels as JsonObject).tier = 'fe';
    const l = stored(trackUpdate(created, labelled, opts('kubectl-label', 1)).object, '2');
    assert.deepEqual(summary(l), ['kubectl-create/Update@2024-01-01T00:00:00Z', 'kubectl-label/Update@2024-01-01T00:01:00Z']);
    const unlabelled = structuredClone(l);
    delete ((unlabelled.metadata as JsonObject).labels as JsonObject).tier;
    const r = trackUpdate(l, unlabelled, opts('kubectl-edit', 2));
    assert.deepEqual(summary(r.object), ['kubectl-create/Update@2024-01-01T00:00:00Z'], 'kubectl-label lost its only field; kubectl-edit added nothing');
  });

  it('never tracks server-set metadata, and ignores reset fields (status)', () => {
    const created = stored(trackUpdate(null, deployment(), opts('kubectl-create', 0)).object);
    const next = structuredClone(created);
    (next.metadata as JsonObject).resourceVersion = '9';
    (next.metadata as JsonObject).generation = 2;
    next.status = { replicas: 1 };
    const r = trackUpdate(created, next, opts('controller', 3));
    assert.deepEqual(summary(r.object), ['kubectl-create/Update@2024-01-01T00:00:00Z']);
  });

  it('records status writes through the status subresource with their own entry', () => {
    const created = stored(trackUpdate(null, deployment(), opts('kubectl-create', 0)).object);
    const next = structuredClone(created);
    next.status = { replicas: 1, readyReplicas: 1 };
    const r = trackUpdate(created, next, opts('kube-controller-manager', 4, { subresource: 'status', resetFields: [['spec'], ['metadata']] }));
    const entry = mf(r.object)[1] as JsonObject;
    assert.equal(entry.subresource, 'status');
    assert.deepEqual(entry.fieldsV1, { 'f:status': { 'f:readyReplicas': {}, 'f:replicas': {} } });
  });

  it('leaves an existing object without managedFields untracked, and honours a reset request', () => {
    const untracked = stored(deployment());
    const next = structuredClone(untracked);
    spec(next).replicas = 4;
    assert.equal(trackUpdate(untracked, next, opts('kubectl-edit', 1)).managedFields, undefined);
    const created = stored(trackUpdate(null, deployment(), opts('kubectl-create', 0)).object);
    const reset = structuredClone(created);
    (reset.metadata as JsonObject).managedFields = [];
    const r = trackUpdate(created, reset, opts('kubectl-edit', 1));
    assert.equal(r.managedFields, undefined);
    assert.equal((r.object.metadata as JsonObject).managedFields, undefined);
  });

  it('keeps managedFields a client sends back unchanged (read-modify-write)', () => {
    const created = stored(trackUpdate(null, deployment(), opts('kubectl-create', 0)).object);
    const replaced = structuredClone(created);
    spec(replaced).replicas = 2;
    const r = trackUpdate(created, replaced, opts('kubectl-replace', 1));
    assert.deepEqual(summary(r.object), ['kubectl-create/Update@2024-01-01T00:00:00Z', 'kubectl-replace/Update@2024-01-01T00:01:00Z']);
  });

  it('keeps the live managedFields when the objects cannot be compared (UpdateNoErrors)', () => {
    const created = stored(trackUpdate(null, deployment(), opts('kubectl-create', 0)).object);
    const broken = structuredClone(created);
    (((spec(broken).template as JsonObject).spec as JsonObject).containers as JsonObject[]).push({ image: 'no-name' });
    const r = trackUpdate(created, broken, opts('kubectl-edit', 1));
    assert.deepEqual(r.managedFields, mf(created));
  });

  it('merges the oldest update managers into "ancient-changes" beyond ten', () => {
    let obj = stored(trackUpdate(null, deployment(), opts('m0', 0)).object);
    for (let i = 1; i <= 11; i++) {
      const next = structuredClone(obj);
      ((next.metadata as JsonObject).labels as JsonObject)[`l${i}`] = 'x';
      obj = stored(trackUpdate(obj, next, opts(`m${i}`, i)).object);
    }
    const names = mf(obj).map((e) => e.manager);
    assert.equal(names.length, 10);
    assert.equal(names[0], 'ancient-changes');
    assert.ok(!names.includes('m0') && !names.includes('m1') && !names.includes('m2'));
  });
});
