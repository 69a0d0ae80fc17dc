// Kubernetes' protobuf wire format for API objects, driven by kts's schema source.

export { decodeKubeProtobuf, encodeKubeProtobuf, readEnvelope, writeEnvelope, KUBE_PROTOBUF_CONTENT_TYPE, KUBE_PROTOBUF_MAGIC, type Unknown } from './envelope.js';
export { decodeMessage, ProtobufDecodeError, type JsonObject } from './decode.js';
export { encodeMessage, ProtobufEncodeError } from './encode.js';
export { formatDuration, formatMicroTime, formatTime, parseDuration, parseDurationMs, parseTime } from './gotime.js';
