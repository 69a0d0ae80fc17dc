import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldDef, TypeDef } from '../../dsl.js';
import { schema } from '../../index.js';
import { coreTypes, coreProtoEmbedded, coreProtoOnlyTypes } from '../core.js';

const field = (type: string, name: string): FieldDef => {
  const fd = schema.type(`core.v1.${type}`).fields[name];
  assert.ok(fd, `core.v1.${type}.${name} is defined`);
  return fd;
};
const proto = (type: string, name: string) => field(type, name).proto;

describe('core/v1 schema', () => {
  it('is consistent on its own and within the whole schema', () => {
    assert.deepEqual(schema.check(), []);
    const ids = new Set(coreTypes.map((t) => t.id));
    assert.equal(ids.size, coreTypes.length);
    for (const t of coreTypes) assert.ok(schema.has(t.id));
  });

  it('describes every type and field', () => {
    for (const t of coreTypes) {
      assert.ok(t.description, `${t.id} has a description`);
      for (const [name, fd] of Object.entries(t.fields)) assert.ok(fd.description, `${t.id}.${name} has a description`);
    }
  });

  it('serves every top-level kind as /v1 with typeMeta and a list kind', () => {
    const kinds = [
      'Pod', 'PodTemplate', 'ReplicationController', 'Service', 'Endpoints', 'Node', 'Namespace', 'ConfigMap', 'Secret',
      'ServiceAccount', 'Event', 'LimitRange', 'ResourceQuota', 'PersistentVolume', 'PersistentVolumeClaim', 'ComponentStatus',
    ];
    for (const kind of kinds) {
      const t = schema.kind({ group: '', version: 'v1', kind });
      assert.equal(t?.id, `core.v1.${kind}`);
      assert.ok(t.fields.apiVersion && t.fields.kind && t.fields.apiVersion.proto === undefined);
      assert.equal(t.fields.metadata?.proto, 1);
      assert.equal(t.fields.metadata?.type, 'meta.v1.ObjectMeta');
      const list = schema.kind({ group: '', version: 'v1', kind: `${kind}List` });
      assert.equal(list?.id, `core.v1.${kind}List`);
      assert.deepEqual(list.fields.items?.type, { array: `core.v1.${kind}` });
      assert.equal(list.fields.items?.proto, 2);
    }
    assert.equal(schema.kind({ group: '', version: 'v1', kind: 'Binding' })?.id, 'core.v1.Binding');
    assert.equal(proto('Binding', 'target'), 2);
  });

  it('uses the protobuf numbers of the wire format', () => {
    assert.equal(proto('Pod', 'spec'), 2);
    assert.equal(proto('Pod', 'status'), 3);
    assert.equal(proto('PodSpec', 'volumes'), 1);
    assert.equal(proto('PodSpec', 'containers'), 2);
    assert.equal(proto('PodSpec', 'restartPolicy'), 3);
    assert.equal(proto('PodSpec', 'nodeName'), 10);
    assert.equal(proto('PodSpec', 'initContainers'), 20);
    assert.equal(proto('PodSpec', 'tolerations'), 22);
    assert.equal(proto('PodSpec', 'ephemeralContainers'), 34);
    assert.equal(proto('PodSpec', 'resources'), 40);
    assert.equal(proto('PodStatus', 'phase'), 1);
    assert.equal(proto('PodStatus', 'podIPs'), 12);
    assert.equal(proto('Container', 'name'), 1);
    assert.equal(proto('Container', 'image'), 2);
    assert.equal(proto('Container', 'ports'), 6);
    assert.equal(proto('Container', 'env'), 7);
    assert.equal(proto('Container', 'volumeMounts'), 9);
    assert.equal(proto('Container', 'imagePullPolicy'), 14);
    assert.equal(proto('Container', 'envFrom'), 19);
    assert.equal(proto('Container', 'restartPolicy'), 24);
    assert.equal(proto('ContainerPort', 'containerPort'), 3);
    assert.equal(proto('ContainerStatus', 'restartCount'), 5);
    assert.equal(proto('Service', 'spec'), 2);
    assert.equal(proto('ServiceSpec', 'ports'), 1);
    assert.equal(proto('ServiceSpec', 'selector'), 2);
    assert.equal(proto('ServiceSpec', 'clusterIP'), 3);
    assert.equal(proto('ServiceSpec', 'type'), 4);
    assert.equal(proto('ServiceSpec', 'clusterIPs'), 18);
    assert.equal(proto('ServicePort', 'port'), 3);
    assert.equal(proto('ServicePort', 'targetPort'), 4);
    assert.equal(proto('Secret', 'data'), 2);
    assert.equal(proto('Secret', 'type'), 3);
    assert.equal(proto('Secret', 'stringData'), 4);
    assert.equal(proto('ConfigMap', 'data'), 2);
    assert.equal(proto('ConfigMap', 'binaryData'), 3);
    assert.equal(proto('Event', 'involvedObject'), 2);
    assert.equal(proto('Event', 'eventTime'), 10);
    assert.equal(proto('ObjectReference', 'kind'), 1);
    assert.equal(proto('ObjectReference', 'apiVersion'), 5);
    assert.equal(proto('NodeSpec', 'podCIDRs'), 7);
    assert.equal(proto('NodeStatus', 'nodeInfo'), 7);
    assert.equal(proto('DaemonEndpoint', 'Port'), 1);
    assert.equal(proto('PersistentVolumeClaimSpec', 'resources'), 2);
    assert.equal(proto('NamespaceSpec', 'finalizers'), 1);
  });

  it('keeps upstream scalar types', () => {
    assert.equal(field('PodSpec', 'terminationGracePeriodSeconds').type, 'int64');
    assert.equal(field('PodSpec', 'priority').type, 'int32');
    assert.equal(field('ContainerImage', 'sizeBytes').type, 'int64');
    assert.equal(field('Probe', 'terminationGracePeriodSeconds').type, 'int64');
    assert.equal(field('ContainerPort', 'containerPort').type, 'int32');
    assert.deepEqual(field('Secret', 'data').type, { map: 'bytes' });
    assert.deepEqual(field('ConfigMap', 'binaryData').type, { map: 'bytes' });
    assert.deepEqual(field('ResourceRequirements', 'limits').type, { map: 'Quantity' });
    assert.equal(field('Event', 'eventTime').type, 'MicroTime');
    assert.equal(field('ServicePort', 'targetPort').type, 'IntOrString');
    assert.deepEqual(field('ServiceStatus', 'conditions').type, { array: 'meta.v1.Condition' });
  });

  it('carries strategic-merge and apply metadata', () => {
    const containers = field('PodSpec', 'containers');
    assert.equal(containers.required, true);
    assert.equal(containers.patchStrategy, 'merge');
    assert.equal(containers.patchMergeKey, 'name');
    assert.equal(containers.listType, 'map');
    assert.deepEqual(containers.listMapKeys, ['name']);
    const volumes = field('PodSpec', 'volumes');
    assert.equal(volumes.patchStrategy, 'merge,retainKeys');
    assert.equal(volumes.patchMergeKey, 'name');
    const tolerations = field('PodSpec', 'tolerations');
    assert.equal(tolerations.patchStrategy, undefined);
    assert.equal(tolerations.listType, 'atomic');
    assert.equal(field('PodSpec', 'imagePullSecrets').patchMergeKey, 'name');
    assert.equal(field('PodSpec', 'nodeSelector').mapType, 'atomic');
    assert.deepEqual(field('PodSpec', 'topologySpreadConstraints').listMapKeys, ['topologyKey', 'whenUnsatisfiable']);
    const ports = field('Container', 'ports');
    assert.equal(ports.patchMergeKey, 'containerPort');
    assert.deepEqual(ports.listMapKeys, ['containerPort', 'protocol']);
    assert.equal(field('Container', 'env').patchMergeKey, 'name');
    assert.equal(field('Container', 'volumeMounts').patchMergeKey, 'mountPath');
    assert.equal(field('ContainerPort', 'protocol').default, 'TCP');
    const svcPorts = field('ServiceSpec', 'ports');
    assert.equal(svcPorts.patchStrategy, 'merge');
    assert.equal(svcPorts.patchMergeKey, 'port');
    assert.equal(svcPorts.listType, 'map');
    assert.deepEqual(svcPorts.listMapKeys, ['port', 'protocol']);
    assert.equal(field('ServiceSpec', 'selector').mapType, 'atomic');
    for (const [type, name] of [
      ['PodStatus', 'conditions'],
      ['NodeStatus', 'conditions'],
      ['NodeStatus', 'addresses'],
      ['NamespaceStatus', 'conditions'],
      ['PersistentVolumeClaimStatus', 'conditions'],
      ['ReplicationControllerStatus', 'conditions'],
      ['ServiceStatus', 'conditions'],
    ] as const) {
      assert.equal(field(type, name).patchStrategy, 'merge', `${type}.${name}`);
      assert.equal(field(type, name).patchMergeKey, 'type', `${type}.${name}`);
    }
    assert.equal(field('NodeSpec', 'podCIDRs').listType, 'set');
    assert.equal(schema.type('core.v1.ObjectReference').structType, 'atomic');
    assert.equal(schema.type('core.v1.LocalObjectReference').structType, 'atomic');
    assert.equal(field('PersistentVolumeSpec', 'claimRef').mapType, 'granular');
  });

  it('models inlined Go structs in their JSON shape, with the embedded protobuf messages on the side', () => {
    assert.equal(proto('Volume', 'name'), 1);
    assert.equal(proto('Volume', 'hostPath'), undefined);
    assert.equal(field('Volume', 'configMap').type, 'core.v1.ConfigMapVolumeSource');
    assert.equal(proto('VolumeSource', 'hostPath'), 1);
    assert.equal(proto('VolumeSource', 'configMap'), 19);
    assert.equal(proto('VolumeSource', 'projected'), 26);
    assert.equal(proto('VolumeSource', 'image'), 30);
    assert.equal(proto('PersistentVolumeSpec', 'capacity'), 1);
    assert.equal(proto('PersistentVolumeSpec', 'nfs'), undefined);
    assert.equal(proto('PersistentVolumeSource', 'local'), 20);
    assert.equal(proto('PersistentVolumeSource', 'csi'), 22);
    assert.equal(proto('Probe', 'httpGet'), undefined);
    assert.equal(proto('Probe', 'initialDelaySeconds'), 2);
    assert.equal(proto('ProbeHandler', 'grpc'), 4);
    assert.equal(proto('EphemeralContainer', 'image'), undefined);
    assert.equal(proto('EphemeralContainer', 'targetContainerName'), 2);
    assert.equal(proto('EphemeralContainerCommon', 'image'), 2);
    assert.equal(proto('ConfigMapKeySelector', 'name'), undefined);
    assert.equal(proto('ConfigMapKeySelector', 'key'), 2);

    // Every field without a protobuf number comes from an embedded message that has it, under the same name.
    const byId = new Map<string, TypeDef>(coreTypes.map((t) => [t.id, t]));
    for (const t of coreTypes) {
      for (const [name, fd] of Object.entries(t.fields)) {
        if (fd.proto !== undefined || ((name === 'apiVersion' || name === 'kind') && t.gvk)) continue;
        const embeds = coreProtoEmbedded[t.id] ?? [];
        const home = embeds.map((e) => byId.get(e.type)?.fields[name]).find((x) => x?.proto !== undefined);
        assert.ok(home, `${t.id}.${name} travels in an embedded message`);
        assert.deepEqual(home.type, fd.type);
      }
    }
    for (const [id, embeds] of Object.entries(coreProtoEmbedded)) {
      const outer = byId.get(id);
      assert.ok(outer, id);
      for (const e of embeds) {
        assert.ok(byId.has(e.type), e.type);
        assert.ok(!Object.values(outer.fields).some((fd) => fd.proto === e.proto), `${id}: ${e.proto} is free`);
      }
    }
    for (const id of coreProtoOnlyTypes) {
      assert.ok(Object.values(coreProtoEmbedded).some((es) => es.some((e) => e.type === id)), `${id} is embedded somewhere`);
    }
  });
});
