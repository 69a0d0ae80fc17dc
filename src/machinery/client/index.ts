// The client package: transports (HTTPS, in-process, fake), kubeconfig loading and the REST client.

export { type Transport, type TransportRequest, type TransportResponse, readAll, isAbortError } from './transport.js';
export { HttpsTransport, type HttpsTransportOptions } from './https.js';
export { InProcessTransport, type InProcessTransportOptions, type InProcessUser, type RequestHandler } from './inprocess.js';
export { FakeTransport, type FakeReactor, type FakeTransportOptions, type FakeAction, type FakeVerb, type FakeReply } from './fake/index.js';
export { loadKubeconfig, parseKubeconfig, KubeconfigError, type ClusterConnection, type LoadKubeconfigOptions } from './kubeconfig.js';
export {
  Client,
  ResourceClient,
  PATCH_CONTENT_TYPES,
  type ClientOptions,
  type RawRequest,
  type Selector,
  type GetOptions,
  type ListOptions,
  type WatchOptions,
  type WriteOptions,
  type PatchType,
  type PatchOptions,
  type ApplyOptions,
  type DeleteOptions,
} from './client.js';
export { type Watch, type WatchEvent, type WatchEventType } from './watch.js';
export { type GroupVersionResource, type ResourceRef, toGVR, gvrString, resourcePath } from './gvr.js';
export {
  statusErrorFromResponse,
  statusErrorFromStatus,
  isNotFound,
  isAlreadyExists,
  isConflict,
  isInvalid,
  isForbidden,
  isResourceExpired,
  isTooManyRequests,
} from './errors.js';
export { type RetryPolicy, DEFAULT_RETRY } from './retry.js';
