// The StatefulSet's revisions (upstream's getStatefulSetRevisions / truncateHistory): the update
// revision holds the current template (created, or an equal older one renumbered to the newest);
// the current revision is the one status.currentRevision names. History beyond
// revisionHistoryLimit is deleted unless it is current, updating, or used by a pod.

import { newControllerRef } from '../../machinery/controller/index.js';
import { fromLabelSelector } from '../../machinery/labels/index.js';
import {
  equalRevision,
  findEqualRevisions,
  newControllerRevision,
  nextRevision,
  sortRevisions,
  templateOfRevision,
  templatePatch,
  type ControllerRevision,
} from '../history/index.js';
import type { StsDeps } from './deps.js';
import { podRevision } from './identity.js';
import { STS_GVK, type Pod, type PodTemplateSpec, type StatefulSet } from './types.js';

export interface Revisions {
  current: ControllerRevision;
  update: ControllerRevision;
  collisionCount: number;
  all: ControllerRevision[];
}

function newRevision(set: StatefulSet, revision: number, collisionCount: number): ControllerRevision {
  const cr = newControllerRevision({
    parent: set,
    controllerRef: newControllerRef(set, STS_GVK),
    templateLabels: set.spec?.template?.metadata?.labels,
    data: templatePatch(set),
    revision,
    collisionCount,
  });
  if (set.metadata.annotations) cr.metadata.annotations = { ...(cr.metadata.annotations ?? {}), ...set.metadata.annotations };
  return cr;
}

/** The set's revisions (adopting orphans that match its selector), sorted by revision number. */
export async function listRevisions(d: StsDeps, set: StatefulSet): Promise<ControllerRevision[]> {
  const sel = fromLabelSelector(set.spec?.selector);
  const candidates = d.revisionLister.list(set.metadata.namespace).filter((r) => sel.matches(r.metadata.labels ?? {}));
  return sortRevisions(await d.history.claim({ owner: set, gvk: STS_GVK, selector: sel, revisions: candidates }));
}

export async function statefulSetRevisions(d: StsDeps, set: StatefulSet, revisions: ControllerRevision[]): Promise<Revisions> {
  let collisionCount = set.status?.collisionCount ?? 0;
  let update = newRevision(set, nextRevision(revisions), collisionCount);
  const equal = findEqualRevisions(revisions, update);
  const all = [...revisions];
  if (equal.length > 0 && equalRevision(revisions[revisions.length - 1], equal[equal.length - 1])) {
    update = revisions[revisions.length - 1]!;
  } else if (equal.length > 0) {
    const renumbered = await d.history.renumber(equal[equal.length - 1]!, update.revision ?? 0);
    all.splice(all.indexOf(equal[equal.length - 1]!), 1, renumbered);
    update = renumbered;
  } else {
    const r = await d.history.create(set, update, collisionCount);
    update = r.revision;
    collisionCount = r.collisionCount;
    all.push(update);
  }
  const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
  return { current, update, collisionCount, all };
}

/** The set as it was at a revision: the revision's template. */
export function templateAt(revision: ControllerRevision): PodTemplateSpec {
  return templateOfRevision(revision) as PodTemplateSpec;
}

export async function truncateHistory(d: StsDeps, set: StatefulSet, pods: Pod[], revisions: ControllerRevision[], current?: ControllerRevision, update?: ControllerRevision): Promise<void> {
  const live = new Set<string>();
  if (current) live.add(current.metadata.name!);
  if (update) live.add(update.metadata.name!);
  for (const p of pods) live.add(podRevision(p));
  const history = sortRevisions([...revisions]).filter((r) => !live.has(r.metadata.name!));
  const limit = set.spec?.revisionHistoryLimit ?? 10;
  for (const r of history.slice(0, Math.max(0, history.length - limit))) await d.history.delete(r);
}
