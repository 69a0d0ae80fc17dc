import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { RESOURCES } from '../../api/resources.js';
import { buildV2Document, buildV3Document, documentType, encodeGnosticV2, gvKey, OpenAPIDocuments, servedGroupVersions } from './index.js';

// Loose typing for walking generated JSON in assertions (test-only).
type J = Record<string, any>;

function refs(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => refs(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (k === '$ref' && typeof x === 'string' ? out.push(x) : refs(x, out));
  return out;
}

function keysNamed(v: unknown, name: string, out: unknown[] = []): unknown[] {
  if (Array.isArray(v)) v.forEach((x) => keysNamed(x, name, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (k === name ? out.push(x) : keysNamed(x, name, out));
  return out;
}

/** Schema nodes (not property names) that carry a default. */
function schemaDefaults(node: J | undefined, out: J[] = []): J[] {
  if (!node || typeof node !== 'object') return out;
  if ('default' in node) out.push(node);
  for (const p of Object.values((node.properties ?? {}) as J)) schemaDefaults(p as J, out);
  for (const k of ['items', 'additionalProperties']) if (node[k] && typeof node[k] === 'object') schemaDefaults(node[k] as J, out);
  for (const a of (node.allOf ?? []) as J[]) schemaDefaults(a, out);
  return out;
}

const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];

describe('OpenAPI v3 documents', () => {
  const docs = new OpenAPIDocuments();

  it('indexes every served group/version with a hash of its document', () => {
    const index = JSON.parse(docs.index().body.toString()) as { paths: Record<string, { serverRelativeURL: string }> };
    const keys = servedGroupVersions().map(gvKey).sort();
    assert.deepEqual(Object.keys(index.paths).sort(), keys);
    assert.ok(keys.includes('api/v1') && keys.includes('apis/apps/v1'));
    for (const k of keys) assert.equal(index.paths[k]!.serverRelativeURL, `/openapi/v3/${k}?hash=${docs.v3Document(k)!.etag}`);
    assert.match(docs.v3Document('api/v1')!.etag, /^[0-9A-F]{128}$/);
  });

  for (const gv of servedGroupVersions()) {
    it(`${gvKey(gv)}: refs resolve, kinds carry their GVK, operations are complete`, () => {
      const d = buildV3Document(gv) as J;
      assert.equal(d.openapi, '3.0.0');
      const schemas = d.components.schemas as J;
      for (const r of refs(d)) {
        assert.ok(r.startsWith('#/components/schemas/'), r);
        assert.ok(schemas[r.slice('#/components/schemas/'.length)], `unresolved ${r}`);
      }
      assert.deepEqual(keysNamed(d, 'enum'), [], 'upstream 1.32 publishes no enums');
      for (const def of RESOURCES.filter((r) => r.group === gv.group && r.version === gv.version)) {
        const hit = Object.values(schemas).find((s: J) => (s['x-kubernetes-group-version-kind'] ?? []).some((g: J) => g.group === def.group && g.version === def.version && g.kind === def.kind));
        assert.ok(hit, `schema for ${def.kind}`);
      }
      for (const [path, item] of Object.entries(d.paths as J)) {
        for (const [method, op] of Object.entries(item as J)) {
          if (method === 'parameters') continue;
          const o = op as J;
          assert.ok(o.operationId && o.responses['401'], `${method} ${path}`);
          if (!path.endsWith('/')) assert.ok(o['x-kubernetes-action'] && o['x-kubernetes-group-version-kind'], `${method} ${path} has action and GVK`);
          if (method !== 'patch' || o['x-kubernetes-action'] !== 'patch') continue;
          const names = [...(o.parameters ?? []), ...((item as J).parameters ?? [])].map((p: J) => p.name);
          for (const n of ['fieldValidation', 'dryRun', 'fieldManager', 'force']) assert.ok(names.includes(n), `${path} PATCH takes ${n}`);
          assert.deepEqual(Object.keys(o.requestBody.content).sort(), PATCH_TYPES);
        }
      }
    });
  }

  it('describes fields as upstream does: allOf-wrapped refs, defaults, list and patch extensions', () => {
    const core = buildV3Document({ group: '', version: 'v1' }) as J;
    const s = core.components.schemas as J;
    const containers = s['io.k8s.api.core.v1.PodSpec'].properties.containers;
    assert.equal(containers.type, 'array');
    assert.deepEqual(containers.items, { allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.Container' }], default: {} });
    assert.equal(containers['x-kubernetes-patch-strategy'], 'merge');
    assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
    assert.equal(containers['x-kubernetes-list-type'], 'map');
    assert.deepEqual(containers['x-kubernetes-list-map-keys'], ['name']);
    const meta = s['io.k8s.api.core.v1.Pod'].properties.metadata;
    assert.deepEqual(meta.allOf, [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }]);
    assert.deepEqual(meta.default, {});
    assert.equal(s['io.k8s.api.core.v1.ServicePort'].properties.port.default, 0);
    assert.deepEqual(s['io.k8s.apimachinery.pkg.util.intstr.IntOrString'].oneOf, [{ type: 'integer' }, { type: 'string' }]);
    assert.equal(s['io.k8s.apimachinery.pkg.util.intstr.IntOrString'].format, 'int-or-string');
    assert.equal(s['io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference']['x-kubernetes-map-type'], 'atomic');
    assert.deepEqual(s['io.k8s.api.core.v1.Secret'].properties.data.additionalProperties, { type: 'string', format: 'byte' });
    assert.equal(s['io.k8s.api.core.v1.VolumeSource'], undefined, 'protobuf-only types are not published');
    const apps = buildV3Document({ group: 'apps', version: 'v1' }) as J;
    const patch = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: 'apps', kind: 'Deployment', version: 'v1' });
    assert.equal(patch.operationId, 'patchAppsV1NamespacedDeployment');
    const scale = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'].put;
    assert.deepEqual(scale['x-kubernetes-group-version-kind'], { group: 'autoscaling', kind: 'Scale', version: 'v1' });
  });

  it('leaves out the ExtraValue helper types', () => {
    const authn = buildV3Document({ group: 'authentication.k8s.io', version: 'v1' }) as J;
    assert.ok(!Object.keys(authn.components.schemas).some((n) => n.endsWith('ExtraValue')));
    const extra = authn.components.schemas['io.k8s.api.authentication.v1.UserInfo'].properties.extra;
    assert.deepEqual(extra.additionalProperties, { type: 'array', items: { type: 'string', default: '' } });
  });
});

describe('OpenAPI v2', () => {
  const doc = buildV2Document() as J;

  it('is a swagger 2.0 document whose refs resolve and whose PATCH operations take fieldValidation', () => {
    assert.equal(doc.swagger, '2.0');
    for (const r of refs(doc)) assert.ok(doc.definitions[r.slice('#/definitions/'.length)], `unresolved ${r}`);
    const patch = doc.paths['/api/v1/namespaces/{namespace}/configmaps/{name}'].patch;
    assert.ok(patch.parameters.some((p: J) => p.name === 'fieldValidation' && p.in === 'query'));
    assert.deepEqual(patch.parameters[0], { name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' } });
    assert.equal(Object.values(doc.definitions as J).flatMap((d) => schemaDefaults(d as J)).length, 0, 'v2 carries no defaults');
    assert.equal(keysNamed(doc, 'allOf').length, 0, 'v2 keeps $ref siblings');
  });

  it('encodes as gnostic openapi.v2.Document protobuf that decodes back', () => {
    const bytes = encodeGnosticV2(doc);
    const T = documentType();
    const back = T.toObject(T.decode(bytes), { defaults: false }) as J;
    assert.equal(back.swagger, '2.0');
    assert.equal(back.info.title, 'Kubernetes');
    const defs = back.definitions.additionalProperties as J[];
    assert.equal(defs.length, Object.keys(doc.definitions).length);
    const deploy = defs.find((d) => d.name === 'io.k8s.api.apps.v1.Deployment')!.value;
    assert.deepEqual(deploy.type.value, ['object']);
    const gvk = deploy.vendorExtension.find((e: J) => e.name === 'x-kubernetes-group-version-kind');
    assert.deepEqual(parseYaml(gvk.value.yaml), [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    const spec = defs.find((d) => d.name === 'io.k8s.api.apps.v1.DeploymentSpec')!.value;
    const template = spec.properties.additionalProperties.find((p: J) => p.name === 'template').value;
    assert.equal(template._ref, '#/definitions/io.k8s.api.core.v1.PodTemplateSpec');
    const paths = back.paths.path as J[];
    const item = paths.find((p) => p.name === '/apis/apps/v1/namespaces/{namespace}/deployments/{name}')!.value;
    const ext = item.patch.vendorExtension.find((e: J) => e.name === 'x-kubernetes-group-version-kind');
    assert.deepEqual(parseYaml(ext.value.yaml), { group: 'apps', kind: 'Deployment', version: 'v1' });
    const names = item.patch.parameters.map((p: J) => p.parameter?.nonBodyParameter?.queryParameterSubSchema?.name).filter(Boolean);
    assert.ok(names.includes('fieldValidation'));
    assert.ok(item.patch.parameters[0].parameter.bodyParameter.schema._ref.endsWith('meta.v1.Patch'));
    const nameParam = item.parameters.find((p: J) => p.parameter?.nonBodyParameter?.pathParameterSubSchema);
    assert.equal(nameParam.parameter.nonBodyParameter.pathParameterSubSchema.required, true);
  });
});
