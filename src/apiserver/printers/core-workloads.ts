// core/v1 PodTemplate and ReplicationController.

import { ageColumn, containersColumn, imagesColumn, int, nameColumn, selectorColumn, text } from './columns.js';
import { translateTimestampSince } from './duration.js';
import { created, n, name, num, objs, strMap } from './fields.js';
import { formatLabels, layoutContainers } from './format.js';
import type { TablePrinter } from './types.js';

export const podTemplatePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    containersColumn(0),
    imagesColumn(0),
    text('Pod Labels', 'The labels set on pods made from the template.'),
  ],
  cells(pt) {
    const [names, images] = layoutContainers(objs(pt, 'template', 'spec', 'containers'));
    return [name(pt), names, images, formatLabels(strMap(pt, 'template', 'metadata', 'labels'))];
  },
};

export const replicationControllerPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    int('Desired', 'The number of pods the controller should keep running.'),
    int('Current', 'The number of pods the controller currently has.'),
    int('Ready', 'The number of those pods that are ready.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn(),
  ],
  cells(rc, now) {
    const [names, images] = layoutContainers(objs(rc, 'spec', 'template', 'spec', 'containers'));
    return [
      name(rc),
      num(rc, 'spec', 'replicas') ?? 1,
      n(rc, 'status', 'replicas'),
      n(rc, 'status', 'readyReplicas'),
      translateTimestampSince(created(rc), now),
      names,
      images,
      formatLabels(strMap(rc, 'spec', 'selector')),
    ];
  },
};
