// OpenAPI v2 and v3 documents generated from the schema source and the resource catalogue, and the
// handler that serves them.

export { openapiPaths, OpenAPIDocuments, etagOf, parseAccept, type ExtraPathHandler } from './handler.js';
export { buildV3Document } from './v3.js';
export { buildV2Document } from './v2.js';
export { encodeGnosticV2, gnosticTypes, documentType, toGnostic } from './gnostic.js';
export { servedGroupVersions, gvKey, routesFor, type GroupVersion } from './routes.js';
export type { JsonSchema, Flavor } from './extra.js';
