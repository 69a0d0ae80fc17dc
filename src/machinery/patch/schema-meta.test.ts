import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { schemaPatchMeta } from './schema-meta.js';
import { testSchema } from './test-schema.js';

const pod = schemaPatchMeta('core.v1.Pod', { schema: testSchema });
const item = schemaPatchMeta('test.v1.MergeItem', { schema: testSchema });

describe('patch metadata from the schema source', () => {
  it('reads patch strategies, merge keys and list types', () => {
    const podSpec = pod.lookup('spec').value;
    const containers = podSpec.lookup('containers');
    assert.deepEqual([containers.strategies, containers.mergeKey, containers.listType, containers.listMapKeys], [['merge'], 'name', 'map', ['name']]);
    assert.equal(containers.value.name, 'core.v1.Container');
    assert.deepEqual(podSpec.lookup('volumes').strategies, ['merge', 'retainKeys']);
    assert.equal(containers.value.lookup('ports').value.lookup('protocol').default, 'TCP');
  });

  it('derives apply list semantics from the patch strategy when no listType is given (kube-openapi rule)', () => {
    assert.deepEqual([item.lookup('mergingList').listType, item.lookup('mergingList').listMapKeys], ['map', ['name']]);
    assert.equal(item.lookup('mergingIntList').listType, 'set');
    assert.equal(item.lookup('nonMergingList').listType, 'atomic');
    assert.deepEqual([item.lookup('retainKeysMergingList').listType, item.lookup('retainKeysMergingList').listMapKeys], ['map', ['name']]);
  });

  it('marks atomic structs and maps, and treats RawExtension as untyped atomic', () => {
    const podSpec = pod.lookup('spec').value;
    assert.equal(podSpec.lookup('nodeSelector').value.atomic, true);
    assert.equal(pod.lookup('metadata').value.lookup('ownerReferences').value.atomic, true);
    assert.equal(pod.lookup('metadata').value.lookup('labels').value.atomic, false);
    assert.equal(item.lookup('replacingItem').value.atomic, true);
  });

  it('answers for undeclared fields and map keys with merge-patch semantics', () => {
    const unknown = pod.lookup('nope');
    assert.deepEqual([unknown.declared, unknown.strategies, unknown.listType], [false, [], 'atomic']);
    const labelKey = pod.lookup('metadata').value.lookup('labels').value.lookup('app');
    assert.equal(labelKey.declared, false);
  });

  it('throws for an unknown type', () => {
    assert.throws(() => schemaPatchMeta('core.v1.Nope', { schema: testSchema }), /no type core.v1.Nope/);
  });
});
