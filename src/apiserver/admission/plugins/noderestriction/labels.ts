// Which Node labels a kubelet may set itself (upstream NodeRestriction's getForbiddenLabels and
// k8s.io/kubelet's IsKubeletLabel): nothing under node-restriction.kubernetes.io, and under the
// kubernetes.io and k8s.io namespaces only the well-known labels the kubelet owns and the
// kubelet.kubernetes.io and node.kubernetes.io namespaces.

const KUBELET_LABELS = new Set([
  'kubernetes.io/hostname',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'beta.kubernetes.io/instance-type',
  'node.kubernetes.io/instance-type',
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
]);
const KUBELET_NAMESPACES = ['kubelet.kubernetes.io', 'node.kubernetes.io'];
const RESTRICTED_NAMESPACE = 'node-restriction.kubernetes.io';

/** The prefix of a label key before "/" ('' when it has none). */
function labelNamespace(key: string): string {
  const i = key.indexOf('/');
  return i < 0 ? '' : key.slice(0, i);
}

const inNamespace = (ns: string, domain: string) => ns === domain || ns.endsWith(`.${domain}`);

export function isKubeletLabel(key: string): boolean {
  if (KUBELET_LABELS.has(key)) return true;
  const ns = labelNamespace(key);
  return KUBELET_NAMESPACES.some((d) => inNamespace(ns, d));
}

function isKubernetesLabel(key: string): boolean {
  const ns = labelNamespace(key);
  return inNamespace(ns, 'kubernetes.io') || inNamespace(ns, 'k8s.io');
}

/** Keys added, removed or changed between two label maps. */
export function modifiedLabels(a: Record<string, string> | undefined, b: Record<string, string> | undefined): string[] {
  const x = a ?? {};
  const y = b ?? {};
  const out = new Set<string>();
  for (const [k, v] of Object.entries(x)) if (!(k in y) || y[k] !== v) out.add(k);
  for (const [k, v] of Object.entries(y)) if (!(k in x) || x[k] !== v) out.add(k);
  return [...out];
}

/** The modified labels a node may not set, sorted. */
export function forbiddenLabels(modified: string[]): string[] {
  return modified.filter((k) => inNamespace(labelNamespace(k), RESTRICTED_NAMESPACE) || (isKubernetesLabel(k) && !isKubeletLabel(k))).sort();
}
