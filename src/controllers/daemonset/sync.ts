// One DaemonSet sync (upstream's syncDaemonSet): history first (the current revision's hash labels
// new pods), then — once earlier creations and deletions were observed — manage the pods per node,
// roll out template changes, trim history, and always report status.

import { controllerOf } from '../../machinery/controller/index.js';
import { splitMetaNamespaceKey } from '../../machinery/informers/index.js';
import { dsKeyOf, dsRef, type DsDeps } from './deps.js';
import { manage } from './manage.js';
import { daemonPods } from './pods.js';
import { cleanupHistory, constructHistory } from './revisions.js';
import { updateDaemonSetStatus } from './status.js';
import { rollingUpdate } from './update.js';
import { REVISION_HASH_LABEL } from './types.js';

export async function syncDaemonSet(d: DsDeps, key: string): Promise<void> {
  const { namespace, name } = splitMetaNamespaceKey(key);
  const ds = d.dsLister.get(namespace, name);
  if (!ds) {
    d.expectations.delete(key);
    return;
  }
  const nodes = d.nodeLister.list();
  const sel = ds.spec?.selector;
  if (sel && Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
    d.recorder.event(dsRef(ds), 'Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.');
    return;
  }
  if (ds.metadata.deletionTimestamp) return;
  let pods = await daemonPods(d, ds);
  const { cur, old } = await constructHistory(d, ds, d.revisionLister.list(namespace), pods);
  const hash = cur.metadata.labels?.[REVISION_HASH_LABEL] ?? '';
  if (!d.expectations.satisfied(key)) {
    await updateDaemonSetStatus(d, ds, nodes, pods, hash, false);
    return;
  }
  let err: unknown;
  try {
    await manage(d, ds, nodes, pods, hash);
    if (d.expectations.satisfied(dsKeyOf(ds)) && ds.spec?.updateStrategy?.type === 'RollingUpdate') await rollingUpdate(d, ds, nodes, pods, hash);
    // History cleanup counts deleted pods that already finished, too.
    await cleanupHistory(d, ds, old, pods);
  } catch (e) {
    err = e;
  }
  // Status counts what the cache shows now (pods this sync created appear once observed).
  pods = d.podLister.list(namespace).filter((p) => controllerOf(p)?.uid === ds.metadata.uid);
  try {
    await updateDaemonSetStatus(d, ds, nodes, pods, hash, true);
  } catch (e) {
    err ??= e;
  }
  if (err !== undefined) throw err;
}
