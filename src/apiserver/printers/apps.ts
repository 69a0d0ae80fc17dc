// apps/v1 Deployment, ReplicaSet, StatefulSet, DaemonSet and ControllerRevision.

import { ageColumn, containersColumn, imagesColumn, int, nameColumn, selectorColumn, text } from './columns.js';
import { translateTimestampSince } from './duration.js';
import { at, bool, created, n, name, num, objs, s, strMap } from './fields.js';
import { formatLabelSelector, formatLabels, labelSelectorString, layoutContainers } from './format.js';
import type { KubeObject, TablePrinter } from './types.js';

const templateContainers = (o: KubeObject): [string, string] => layoutContainers(objs(o, 'spec', 'template', 'spec', 'containers'));
/** spec.replicas, which defaulting sets to 1 when absent. */
const desired = (o: KubeObject): number => num(o, 'spec', 'replicas') ?? 1;
const age = (o: KubeObject, now: Date): string => translateTimestampSince(created(o), now);

export const deploymentPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    text('Ready', 'Ready pods out of the desired number.'),
    text('Up-to-date', 'Pods that run the current pod template.'),
    text('Available', 'Pods that have been ready for at least minReadySeconds.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn(),
  ],
  cells(d, now) {
    const [names, images] = templateContainers(d);
    const selector = labelSelectorString(at(d, 'spec', 'selector'));
    return [
      name(d),
      `${n(d, 'status', 'readyReplicas')}/${desired(d)}`,
      n(d, 'status', 'updatedReplicas'),
      n(d, 'status', 'availableReplicas'),
      age(d, now),
      names,
      images,
      selector ?? '<invalid>',
    ];
  },
};

export const replicaSetPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    int('Desired', 'The number of pods the replica set should keep running.'),
    int('Current', 'The number of pods the replica set currently has.'),
    int('Ready', 'The number of those pods that are ready.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn(),
  ],
  cells(rs, now) {
    const [names, images] = templateContainers(rs);
    return [
      name(rs),
      desired(rs),
      n(rs, 'status', 'replicas'),
      n(rs, 'status', 'readyReplicas'),
      age(rs, now),
      names,
      images,
      formatLabelSelector(at(rs, 'spec', 'selector')),
    ];
  },
};

export const statefulSetPrinter: TablePrinter = {
  columns: [nameColumn(), text('Ready', 'Ready pods out of the desired number.'), ageColumn(), containersColumn(), imagesColumn()],
  cells(ss, now) {
    const [names, images] = templateContainers(ss);
    return [name(ss), `${n(ss, 'status', 'readyReplicas')}/${desired(ss)}`, age(ss, now), names, images];
  },
};

export const daemonSetPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    int('Desired', 'The number of nodes that should run the daemon pod.'),
    int('Current', 'The number of nodes running at least one daemon pod.'),
    int('Ready', 'The number of nodes whose daemon pod is ready.'),
    int('Up-to-date', 'The number of nodes running the current pod template.'),
    int('Available', 'The number of nodes whose daemon pod has been ready for minReadySeconds.'),
    text('Node Selector', 'The node labels a node must carry to run the daemon pod.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn(),
  ],
  cells(ds, now) {
    const [names, images] = templateContainers(ds);
    return [
      name(ds),
      n(ds, 'status', 'desiredNumberScheduled'),
      n(ds, 'status', 'currentNumberScheduled'),
      n(ds, 'status', 'numberReady'),
      n(ds, 'status', 'updatedNumberScheduled'),
      n(ds, 'status', 'numberAvailable'),
      formatLabels(strMap(ds, 'spec', 'template', 'spec', 'nodeSelector')),
      age(ds, now),
      names,
      images,
      formatLabelSelector(at(ds, 'spec', 'selector')),
    ];
  },
};

/** The controlling owner as "kind.group/name" in lower case, or "<none>". */
export function controllerName(o: KubeObject): string {
  const ref = objs(o, 'metadata', 'ownerReferences').find((r) => bool(r, 'controller') === true);
  if (ref === undefined) return '<none>';
  const apiVersion = s(ref, 'apiVersion');
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kind = s(ref, 'kind');
  if (group === '' && kind === '') return s(ref, 'name');
  const groupKind = group === '' ? kind : `${kind}.${group}`;
  return `${groupKind.toLowerCase()}/${s(ref, 'name')}`;
}

export const controllerRevisionPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    text('Controller', 'The object that owns and manages this revision.'),
    text('Revision', 'The revision number of the stored state.'),
    ageColumn(),
  ],
  cells(cr, now) {
    return [name(cr), controllerName(cr), n(cr, 'revision'), age(cr, now)];
  },
};
