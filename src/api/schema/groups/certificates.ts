import { arr, f, listOf, map, typeMeta, type TypeDef } from '../dsl.js';

// certificates.k8s.io/v1: CertificateSigningRequests.

export const certificatesTypes: TypeDef[] = [
  {
    id: 'certificates.v1.CertificateSigningRequest',
    description: 'A request for a signed X.509 certificate, approved or denied and then signed by a signer.',
    gvk: [{ group: 'certificates.k8s.io', version: 'v1', kind: 'CertificateSigningRequest' }],
    fields: {
      ...typeMeta(),
      metadata: f(1, 'meta.v1.ObjectMeta', 'Standard object metadata.'),
      spec: f(2, 'certificates.v1.CertificateSigningRequestSpec', 'The request; immutable after creation.', { required: true }),
      status: f(3, 'certificates.v1.CertificateSigningRequestStatus', 'Approval state and the issued certificate.'),
    },
  },
  {
    id: 'certificates.v1.CertificateSigningRequestSpec',
    description: 'A certificate signing request and who made it.',
    fields: {
      request: f(1, 'bytes', 'A PEM-encoded CERTIFICATE REQUEST block.', { required: true, listType: 'atomic' }),
      signerName: f(7, 'string', 'The signer asked to issue the certificate, as a qualified name.', { required: true }),
      expirationSeconds: f(8, 'int32', 'Requested validity of the certificate in seconds; at least 600.'),
      usages: f(5, arr('string'), 'Key usages requested, such as "digital signature" or "server auth".', { listType: 'atomic' }),
      username: f(2, 'string', 'Name of the requesting user; set by the API server.'),
      uid: f(3, 'string', 'UID of the requesting user; set by the API server.'),
      groups: f(4, arr('string'), 'Groups of the requesting user; set by the API server.', { listType: 'atomic' }),
      extra: f(6, map(arr('string')), 'Extra attributes of the requesting user; set by the API server.'),
    },
  },
  {
    id: 'certificates.v1.ExtraValue',
    description: 'A list of strings, the value type of user extra attributes in protobuf.',
    fields: {
      items: f(1, arr('string'), 'The values.'),
    },
  },
  {
    id: 'certificates.v1.CertificateSigningRequestStatus',
    description: 'Approval state of a request and the issued certificate.',
    fields: {
      conditions: f(1, arr('certificates.v1.CertificateSigningRequestCondition'), 'Approved, Denied or Failed conditions.', {
        listType: 'map',
        listMapKeys: ['type'],
      }),
      certificate: f(2, 'bytes', 'The issued certificate chain, PEM-encoded, set by the signer after approval.', { listType: 'atomic' }),
    },
  },
  {
    id: 'certificates.v1.CertificateSigningRequestCondition',
    description: "One aspect of a request's state.",
    fields: {
      type: f(1, 'string', 'Approved, Denied or Failed.', { required: true }),
      status: f(6, 'string', 'True, False or Unknown; Approved, Denied and Failed may only be True.', { required: true }),
      reason: f(2, 'string', 'Machine-readable reason for the last change, in CamelCase.'),
      message: f(3, 'string', 'Human-readable details of the last change.'),
      lastUpdateTime: f(4, 'Time', 'When this condition was last updated.'),
      lastTransitionTime: f(5, 'Time', 'When the status last changed.'),
    },
  },
  listOf('certificates.v1.CertificateSigningRequest', { group: 'certificates.k8s.io', version: 'v1', kind: 'CertificateSigningRequestList' }),
];
