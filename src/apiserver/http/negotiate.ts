// Content negotiation of responses: plain JSON, server-side Table, or PartialObjectMetadata(List),
// from the Accept header kubectl and the client libraries send.

export type ResponseShape = 'object' | 'table' | 'metadata';

export function parseAcceptShape(accept: string | undefined): ResponseShape {
  if (!accept) return 'object';
  for (const part of accept.split(',')) {
    const [type, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (type !== 'application/json' && type !== 'application/vnd.kubernetes.protobuf' && type !== '*/*') continue;
    const p = new Map(params.map((x) => x.split('=').map((s) => s.trim()) as [string, string]));
    const as = p.get('as');
    if (!as) return 'object';
    if (p.get('g') !== 'meta.k8s.io' || (p.get('v') !== 'v1' && p.get('v') !== 'v1beta1')) continue;
    if (as === 'table') return 'table';
    if (as === 'partialobjectmetadata' || as === 'partialobjectmetadatalist') return 'metadata';
  }
  return 'object';
}

/** The meta.k8s.io version the client asked the Table/metadata in (v1 unless only v1beta1 was offered). */
export function metaVersion(accept: string | undefined): 'v1' | 'v1beta1' {
  return accept && /as=(Table|PartialObjectMetadata)/i.test(accept) && !/v=v1(?!beta)/.test(accept) ? 'v1beta1' : 'v1';
}
