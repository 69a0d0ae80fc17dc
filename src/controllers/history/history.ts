// Writing ControllerRevisions (upstream's realHistory): create with hash-collision probing, renumber,
// delete, and claim (adopt orphans matching the owner's selector, release ones that no longer match).

import type { KubeObject, OwnerReference } from '../../api/types.js';
import { isAlreadyExists, isConflict, isNotFound, type Client, type ResourceClient } from '../../machinery/client/index.js';
import { claimObjects } from '../../machinery/controller/index.js';
import type { Selector } from '../../machinery/labels/index.js';
import {
  controllerRevisionName,
  hashControllerRevision,
  revisionData,
  CONTROLLER_REVISION_HASH_LABEL,
  type ControllerRevision,
} from './revision.js';

export interface ClaimRevisionsOptions {
  owner: KubeObject;
  gvk: { apiVersion: string; kind: string };
  selector: Selector;
  revisions: ControllerRevision[];
}

export class RevisionHistory {
  private readonly revisions: ResourceClient<ControllerRevision>;

  constructor(client: Client) {
    this.revisions = client.resource<ControllerRevision>('controllerrevisions.apps');
  }

  private in(ns: string | undefined): ResourceClient<ControllerRevision> {
    return this.revisions.inNamespace(ns);
  }

  /**
   * Creates the revision; when its name is taken by a revision with other data, the collision count
   * goes up and the name is computed again. Returns the stored revision and the collision count used.
   */
  async create(parent: KubeObject, revision: ControllerRevision, collisionCount: number): Promise<{ revision: ControllerRevision; collisionCount: number }> {
    const data = revisionData(revision);
    for (let count = collisionCount; ; count++) {
      const hash = hashControllerRevision(data, count);
      const clone = structuredClone(revision);
      clone.metadata.name = controllerRevisionName(parent.metadata.name ?? '', hash);
      clone.metadata.labels = { ...(clone.metadata.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash };
      try {
        return { revision: await this.in(parent.metadata.namespace).create(clone), collisionCount: count };
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
        const existing = await this.in(parent.metadata.namespace).get(clone.metadata.name);
        if (revisionData(existing) === data) return { revision: existing, collisionCount: count };
      }
    }
  }

  /** Sets a revision's number (a rollback to an older template makes it the newest again). */
  async renumber(revision: ControllerRevision, n: number): Promise<ControllerRevision> {
    if (revision.revision === n) return revision;
    for (let attempt = 0; ; attempt++) {
      const fresh = attempt === 0 ? structuredClone(revision) : await this.in(revision.metadata.namespace).get(revision.metadata.name!);
      fresh.revision = n;
      try {
        return await this.in(revision.metadata.namespace).update(fresh);
      } catch (err) {
        if (attempt >= 4 || !isConflict(err)) throw err;
      }
    }
  }

  async delete(revision: ControllerRevision): Promise<void> {
    try {
      await this.in(revision.metadata.namespace).delete(revision.metadata.name!);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** The revisions the owner controls, adopting matching orphans and releasing mismatched ones. */
  async claim(o: ClaimRevisionsOptions): Promise<ControllerRevision[]> {
    const client = this.in(o.owner.metadata.namespace);
    const uid = o.owner.metadata.uid;
    const claimed = await claimObjects(o.revisions, {
      owner: o.owner,
      gvk: o.gvk,
      matches: (r) => o.selector.matches(r.metadata.labels ?? {}),
      adopt: async (r: KubeObject, ref: OwnerReference) => {
        await client.patch(r.metadata.name!, { metadata: { ownerReferences: [ref], uid: r.metadata.uid } }, { type: 'strategic' });
      },
      release: async (r: KubeObject) => {
        await client.patch(r.metadata.name!, { metadata: { ownerReferences: [{ $patch: 'delete', uid }], uid: r.metadata.uid } }, { type: 'strategic' });
      },
    });
    return claimed as ControllerRevision[];
  }
}
