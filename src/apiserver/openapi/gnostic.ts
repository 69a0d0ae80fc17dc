// The protobuf form of an OpenAPI v2 document that kubectl asks /openapi/v2 for: gnostic's
// openapi.v2.Document (message names and field numbers of gnostic's OpenAPIv2.proto), described here as
// protobufjs reflection types for the messages and fields kts writes, and a converter from swagger JSON.
// Vendor extensions and defaults travel as YAML text in openapi.v2.Any.yaml, as gnostic stores them.

import protobuf from 'protobufjs';
import { stringify as toYaml } from 'yaml';

type Fields = Record<string, { id: number; type: string; rule?: 'repeated' }>;
const f = (id: number, type: string): { id: number; type: string } => ({ id, type });
const rep = (id: number, type: string): { id: number; type: string; rule: 'repeated' } => ({ id, type, rule: 'repeated' });

const named = (valueType: string): { fields: Fields } => ({ fields: { name: f(1, 'string'), value: f(2, valueType) } });
const oneof = (fields: Fields): { oneofs: { oneof: { oneof: string[] } }; fields: Fields } => ({ oneofs: { oneof: { oneof: Object.keys(fields) } }, fields });

// Parameter sub-schemas share their leading fields; the numbers differ between query and path ones.
const querySubSchema: Fields = {
  required: f(1, 'bool'), in: f(2, 'string'), description: f(3, 'string'), name: f(4, 'string'), allowEmptyValue: f(5, 'bool'),
  type: f(6, 'string'), format: f(7, 'string'), collectionFormat: f(9, 'string'), default: f(10, 'Any'), uniqueItems: f(20, 'bool'),
  enum: rep(21, 'Any'), vendorExtension: rep(23, 'NamedAny'),
};
const pathSubSchema: Fields = {
  required: f(1, 'bool'), in: f(2, 'string'), description: f(3, 'string'), name: f(4, 'string'), type: f(5, 'string'), format: f(6, 'string'),
  collectionFormat: f(8, 'string'), default: f(9, 'Any'), uniqueItems: f(19, 'bool'), enum: rep(20, 'Any'), vendorExtension: rep(22, 'NamedAny'),
};
const headerSubSchema: Fields = { ...pathSubSchema };

const OPENAPI_V2 = {
  nested: {
    google: { nested: { protobuf: { nested: { Any: { fields: { typeUrl: f(1, 'string'), value: f(2, 'bytes') } } } } } },
    openapi: {
      nested: {
        v2: {
          nested: {
            Any: { fields: { value: f(1, 'google.protobuf.Any'), yaml: f(2, 'string') } },
            NamedAny: named('Any'),
            NamedSchema: named('Schema'),
            NamedPathItem: named('PathItem'),
            NamedResponseValue: named('ResponseValue'),
            NamedParameter: named('Parameter'),
            NamedStringArray: named('StringArray'),
            NamedSecurityDefinitionsItem: named('SecurityDefinitionsItem'),
            StringArray: { fields: { value: rep(1, 'string') } },
            Info: { fields: { title: f(1, 'string'), version: f(2, 'string'), description: f(3, 'string'), termsOfService: f(4, 'string'), vendorExtension: rep(7, 'NamedAny') } },
            Document: {
              fields: {
                swagger: f(1, 'string'), info: f(2, 'Info'), host: f(3, 'string'), basePath: f(4, 'string'), schemes: rep(5, 'string'), consumes: rep(6, 'string'),
                produces: rep(7, 'string'), paths: f(8, 'Paths'), definitions: f(9, 'Definitions'), parameters: f(10, 'ParameterDefinitions'),
                security: rep(12, 'SecurityRequirement'), securityDefinitions: f(13, 'SecurityDefinitions'), vendorExtension: rep(16, 'NamedAny'),
              },
            },
            Paths: { fields: { vendorExtension: rep(1, 'NamedAny'), path: rep(2, 'NamedPathItem') } },
            Definitions: { fields: { additionalProperties: rep(1, 'NamedSchema') } },
            ParameterDefinitions: { fields: { additionalProperties: rep(1, 'NamedParameter') } },
            SecurityRequirement: { fields: { additionalProperties: rep(1, 'NamedStringArray') } },
            SecurityDefinitions: { fields: { additionalProperties: rep(1, 'NamedSecurityDefinitionsItem') } },
            SecurityDefinitionsItem: oneof({ apiKeySecurity: f(2, 'ApiKeySecurity') }),
            ApiKeySecurity: { fields: { type: f(1, 'string'), name: f(2, 'string'), in: f(3, 'string'), description: f(4, 'string'), vendorExtension: rep(5, 'NamedAny') } },
            PathItem: {
              fields: {
                _ref: f(1, 'string'), get: f(2, 'Operation'), put: f(3, 'Operation'), post: f(4, 'Operation'), delete: f(5, 'Operation'), options: f(6, 'Operation'),
                head: f(7, 'Operation'), patch: f(8, 'Operation'), parameters: rep(9, 'ParametersItem'), vendorExtension: rep(10, 'NamedAny'),
              },
            },
            Operation: {
              fields: {
                tags: rep(1, 'string'), summary: f(2, 'string'), description: f(3, 'string'), operationId: f(5, 'string'), produces: rep(6, 'string'),
                consumes: rep(7, 'string'), parameters: rep(8, 'ParametersItem'), responses: f(9, 'Responses'), schemes: rep(10, 'string'),
                deprecated: f(11, 'bool'), vendorExtension: rep(13, 'NamedAny'),
              },
            },
            ParametersItem: oneof({ parameter: f(1, 'Parameter'), jsonReference: f(2, 'JsonReference') }),
            Parameter: oneof({ bodyParameter: f(1, 'BodyParameter'), nonBodyParameter: f(2, 'NonBodyParameter') }),
            JsonReference: { fields: { _ref: f(1, 'string'), description: f(2, 'string') } },
            BodyParameter: {
              fields: { description: f(1, 'string'), name: f(2, 'string'), in: f(3, 'string'), required: f(4, 'bool'), schema: f(5, 'Schema'), vendorExtension: rep(6, 'NamedAny') },
            },
            NonBodyParameter: oneof({ headerParameterSubSchema: f(1, 'HeaderParameterSubSchema'), queryParameterSubSchema: f(3, 'QueryParameterSubSchema'), pathParameterSubSchema: f(4, 'PathParameterSubSchema') }),
            HeaderParameterSubSchema: { fields: headerSubSchema },
            QueryParameterSubSchema: { fields: querySubSchema },
            PathParameterSubSchema: { fields: pathSubSchema },
            Responses: { fields: { responseCode: rep(1, 'NamedResponseValue'), vendorExtension: rep(2, 'NamedAny') } },
            ResponseValue: oneof({ response: f(1, 'Response'), jsonReference: f(2, 'JsonReference') }),
            Response: { fields: { description: f(1, 'string'), schema: f(2, 'SchemaItem'), vendorExtension: rep(5, 'NamedAny') } },
            SchemaItem: oneof({ schema: f(1, 'Schema') }),
            Schema: {
              fields: {
                _ref: f(1, 'string'), format: f(2, 'string'), title: f(3, 'string'), description: f(4, 'string'), default: f(5, 'Any'),
                maximum: f(7, 'double'), minimum: f(9, 'double'), maxLength: f(11, 'int64'), minLength: f(12, 'int64'), pattern: f(13, 'string'),
                maxItems: f(14, 'int64'), minItems: f(15, 'int64'), uniqueItems: f(16, 'bool'), required: rep(19, 'string'), enum: rep(20, 'Any'),
                additionalProperties: f(21, 'AdditionalPropertiesItem'), type: f(22, 'TypeItem'), items: f(23, 'ItemsItem'), allOf: rep(24, 'Schema'),
                properties: f(25, 'Properties'), discriminator: f(26, 'string'), readOnly: f(27, 'bool'), example: f(30, 'Any'), vendorExtension: rep(31, 'NamedAny'),
              },
            },
            AdditionalPropertiesItem: oneof({ schema: f(1, 'Schema'), boolean: f(2, 'bool') }),
            TypeItem: { fields: { value: rep(1, 'string') } },
            ItemsItem: { fields: { schema: rep(1, 'Schema') } },
            Properties: { fields: { additionalProperties: rep(1, 'NamedSchema') } },
          },
        },
      },
    },
  },
};

let root: protobuf.Root | undefined;

/** The reflected gnostic openapi.v2 message types. */
export function gnosticTypes(): protobuf.Root {
  if (!root) {
    root = protobuf.Root.fromJSON(OPENAPI_V2 as protobuf.INamespace);
    root.resolveAll();
  }
  return root;
}

export function documentType(): protobuf.Type {
  return gnosticTypes().lookupType('openapi.v2.Document');
}

// ---------------------------------------------------------------- swagger JSON → gnostic message

type J = { [k: string]: unknown };
type Msg = { [k: string]: unknown };

const isObj = (v: unknown): v is J => v !== null && typeof v === 'object' && !Array.isArray(v);
const yamlAny = (v: unknown): Msg => ({ yaml: toYaml(v) });

function vendorExtensions(o: J): Msg[] {
  return Object.keys(o)
    .filter((k) => k.startsWith('x-'))
    .map((k) => ({ name: k, value: yamlAny(o[k]) }));
}

function copy(o: J, out: Msg, keys: string[]): void {
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
}

function schemaMsg(s: J): Msg {
  const out: Msg = {};
  if (typeof s.$ref === 'string') out._ref = s.$ref;
  copy(s, out, ['format', 'title', 'description', 'maximum', 'minimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'required', 'discriminator', 'readOnly']);
  if (s.default !== undefined) out.default = yamlAny(s.default);
  if (Array.isArray(s.enum)) out.enum = s.enum.map(yamlAny);
  if (typeof s.additionalProperties === 'boolean') out.additionalProperties = { boolean: s.additionalProperties };
  else if (isObj(s.additionalProperties)) out.additionalProperties = { schema: schemaMsg(s.additionalProperties) };
  if (typeof s.type === 'string') out.type = { value: [s.type] };
  else if (Array.isArray(s.type)) out.type = { value: s.type };
  if (isObj(s.items)) out.items = { schema: [schemaMsg(s.items)] };
  else if (Array.isArray(s.items)) out.items = { schema: s.items.filter(isObj).map(schemaMsg) };
  if (Array.isArray(s.allOf)) out.allOf = s.allOf.filter(isObj).map(schemaMsg);
  if (isObj(s.properties)) out.properties = { additionalProperties: Object.entries(s.properties).map(([name, v]) => ({ name, value: schemaMsg(v as J) })) };
  const ext = vendorExtensions(s);
  if (ext.length) out.vendorExtension = ext;
  return out;
}

function parameterMsg(p: J): Msg {
  if (typeof p.$ref === 'string') return { jsonReference: { _ref: p.$ref } };
  if (p.in === 'body') {
    const body: Msg = {};
    copy(p, body, ['description', 'name', 'in', 'required']);
    if (isObj(p.schema)) body.schema = schemaMsg(p.schema);
    return { parameter: { bodyParameter: body } };
  }
  const sub: Msg = {};
  copy(p, sub, ['required', 'in', 'description', 'name', 'type', 'format', 'collectionFormat', 'uniqueItems']);
  if (p.default !== undefined) sub.default = yamlAny(p.default);
  const ext = vendorExtensions(p);
  if (ext.length) sub.vendorExtension = ext;
  const which = p.in === 'path' ? 'pathParameterSubSchema' : p.in === 'header' ? 'headerParameterSubSchema' : 'queryParameterSubSchema';
  return { parameter: { nonBodyParameter: { [which]: sub } } };
}

function operationMsg(op: J): Msg {
  const out: Msg = {};
  copy(op, out, ['tags', 'summary', 'description', 'operationId', 'produces', 'consumes', 'schemes', 'deprecated']);
  if (Array.isArray(op.parameters)) out.parameters = op.parameters.filter(isObj).map(parameterMsg);
  if (isObj(op.responses)) {
    out.responses = {
      responseCode: Object.entries(op.responses).map(([code, r]) => {
        const rr = r as J;
        const resp: Msg = { description: rr.description ?? '' };
        if (isObj(rr.schema)) resp.schema = { schema: schemaMsg(rr.schema) };
        return { name: code, value: { response: resp } };
      }),
    };
  }
  const ext = vendorExtensions(op);
  if (ext.length) out.vendorExtension = ext;
  return out;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

function pathItemMsg(item: J): Msg {
  const out: Msg = {};
  for (const m of METHODS) if (isObj(item[m])) out[m] = operationMsg(item[m] as J);
  if (Array.isArray(item.parameters)) out.parameters = item.parameters.filter(isObj).map(parameterMsg);
  const ext = vendorExtensions(item);
  if (ext.length) out.vendorExtension = ext;
  return out;
}

/** Converts a swagger 2.0 JSON document into the plain-object form of openapi.v2.Document. */
export function toGnostic(doc: J): Msg {
  const out: Msg = {};
  copy(doc, out, ['swagger', 'host', 'basePath', 'schemes', 'consumes', 'produces']);
  if (isObj(doc.info)) {
    const info: Msg = {};
    copy(doc.info, info, ['title', 'version', 'description', 'termsOfService']);
    out.info = info;
  }
  if (isObj(doc.paths)) out.paths = { path: Object.entries(doc.paths).map(([name, v]) => ({ name, value: pathItemMsg(v as J) })) };
  if (isObj(doc.definitions)) out.definitions = { additionalProperties: Object.entries(doc.definitions).map(([name, v]) => ({ name, value: schemaMsg(v as J) })) };
  if (Array.isArray(doc.security))
    out.security = doc.security.filter(isObj).map((req) => ({ additionalProperties: Object.entries(req).map(([name, v]) => ({ name, value: { value: v } })) }));
  if (isObj(doc.securityDefinitions)) {
    out.securityDefinitions = {
      additionalProperties: Object.entries(doc.securityDefinitions).map(([name, v]) => {
        const s: Msg = {};
        copy(v as J, s, ['type', 'name', 'in', 'description']);
        return { name, value: { apiKeySecurity: s } };
      }),
    };
  }
  const ext = vendorExtensions(doc);
  if (ext.length) out.vendorExtension = ext;
  return out;
}

/** Encodes a swagger 2.0 JSON document as gnostic openapi.v2.Document protobuf bytes. */
export function encodeGnosticV2(doc: J): Uint8Array {
  const T = documentType();
  return T.encode(T.fromObject(toGnostic(doc))).finish();
}
