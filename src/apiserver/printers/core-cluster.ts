// core/v1 Node, Namespace and ComponentStatus.

import { ageColumn, nameColumn, text, wide } from './columns.js';
import { translateTimestampSince } from './duration.js';
import { bool, created, name, objs, s, str, strMap } from './fields.js';
import { sortedUnique } from './format.js';
import type { KubeObject, TablePrinter } from './types.js';

const ROLE_PREFIX = 'node-role.kubernetes.io/';
const ROLE_LABEL = 'kubernetes.io/role';

/** Roles from node-role.kubernetes.io/<role> label keys and the kubernetes.io/role label value. */
export function nodeRoles(node: KubeObject): string[] {
  const roles: string[] = [];
  for (const [k, v] of Object.entries(strMap(node, 'metadata', 'labels'))) {
    if (k.startsWith(ROLE_PREFIX)) {
      const role = k.slice(ROLE_PREFIX.length);
      if (role !== '') roles.push(role);
    } else if (k === ROLE_LABEL && v !== '') {
      roles.push(v);
    }
  }
  return sortedUnique(roles);
}

function nodeStatus(node: KubeObject): string {
  const status: string[] = [];
  // Only the Ready condition is summarized; when a type repeats, the last entry wins.
  const ready = objs(node, 'status', 'conditions').filter((c) => s(c, 'type') === 'Ready').pop();
  if (ready !== undefined) status.push(s(ready, 'status') === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (bool(node, 'spec', 'unschedulable') === true) status.push('SchedulingDisabled');
  return status.join(',');
}

function address(node: KubeObject, type: string): string {
  const found = objs(node, 'status', 'addresses').find((a) => s(a, 'type') === type);
  return found === undefined ? '<none>' : s(found, 'address');
}

const infoOrUnknown = (node: KubeObject, field: string): string => s(node, 'status', 'nodeInfo', field) || '<unknown>';

export const nodePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    text('Status', 'Whether the node is ready, and whether scheduling onto it is disabled.'),
    text('Roles', 'Roles taken from the node-role.kubernetes.io/ labels.'),
    ageColumn(),
    text('Version', 'The kubelet version the node reports.'),
    wide('Internal-IP', 'The first InternalIP address of the node.'),
    wide('External-IP', 'The first ExternalIP address of the node.'),
    wide('OS-Image', 'The operating system image the node reports.'),
    wide('Kernel-Version', 'The kernel version the node reports.'),
    wide('Container-Runtime', 'The container runtime name and version the node reports.'),
  ],
  cells(node, now) {
    const roles = nodeRoles(node).join(',');
    return [
      name(node),
      nodeStatus(node),
      roles || '<none>',
      translateTimestampSince(created(node), now),
      s(node, 'status', 'nodeInfo', 'kubeletVersion'),
      address(node, 'InternalIP'),
      address(node, 'ExternalIP'),
      infoOrUnknown(node, 'osImage'),
      infoOrUnknown(node, 'kernelVersion'),
      infoOrUnknown(node, 'containerRuntimeVersion'),
    ];
  },
};

export const namespacePrinter: TablePrinter = {
  columns: [nameColumn(), text('Status', 'The namespace phase: Active or Terminating.'), ageColumn()],
  cells(ns, now) {
    return [name(ns), str(ns, 'status', 'phase') || 'Active', translateTimestampSince(created(ns), now)];
  },
};

export const componentStatusPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    text('Status', 'Healthy or Unhealthy, from the Healthy condition.'),
    text('Message', 'The message of the Healthy condition.'),
    text('Error', 'The error of the Healthy condition.'),
  ],
  cells(cs) {
    const healthy = objs(cs, 'conditions').find((c) => s(c, 'type') === 'Healthy');
    if (healthy === undefined) return [name(cs), 'Unknown', '', ''];
    const status = s(healthy, 'status') === 'True' ? 'Healthy' : 'Unhealthy';
    return [name(cs), status, s(healthy, 'message'), s(healthy, 'error')];
  },
};
