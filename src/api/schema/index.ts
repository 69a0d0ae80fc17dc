import { isPrimitive, openapiName, type FieldDef, type GVK, type TypeDef, type TypeExpr } from './dsl.js';
import { appsTypes } from './groups/apps.js';
import { authenticationTypes } from './groups/authentication.js';
import { authorizationTypes } from './groups/authorization.js';
import { autoscalingTypes } from './groups/autoscaling.js';
import { batchTypes } from './groups/batch.js';
import { certificatesTypes } from './groups/certificates.js';
import { coordinationTypes } from './groups/coordination.js';
import { coreTypes } from './groups/core.js';
import { discoveryTypes } from './groups/discovery.js';
import { eventsTypes } from './groups/events.js';
import { metaTypes } from './groups/meta.js';
import { networkingTypes } from './groups/networking.js';
import { policyTypes } from './groups/policy.js';
import { rbacTypes } from './groups/rbac.js';
import { schedulingTypes } from './groups/scheduling.js';
import { storageTypes } from './groups/storage.js';

export * from './dsl.js';

const gvkKey = (g: GVK) => `${g.group}/${g.version}/${g.kind}`;

/** An immutable catalogue of type definitions, checked for consistency when built. */
export class Schema {
  private readonly types = new Map<string, TypeDef>();
  private readonly kinds = new Map<string, TypeDef>();

  constructor(defs: TypeDef[]) {
    for (const d of defs) {
      if (this.types.has(d.id)) throw new Error(`schema: type ${d.id} defined twice`);
      this.types.set(d.id, d);
      for (const g of d.gvk ?? []) this.kinds.set(gvkKey(g), d);
    }
  }

  /** Problems in the catalogue: dangling references, repeated protobuf numbers, unknown packages. */
  check(): string[] {
    const problems: string[] = [];
    const refOk = (t: TypeExpr, where: string): void => {
      if (typeof t === 'string') {
        if (!isPrimitive(t) && !this.types.has(t)) problems.push(`${where}: unknown type ${t}`);
      } else if ('array' in t) refOk(t.array, where);
      else refOk(t.map, where);
    };
    for (const d of this.types.values()) {
      try {
        openapiName(d.id);
      } catch (err) {
        problems.push(String((err as Error).message));
      }
      const nums = new Map<number, string>();
      for (const [name, fd] of Object.entries(d.fields)) {
        refOk(fd.type, `${d.id}.${name}`);
        if (fd.proto !== undefined) {
          const other = nums.get(fd.proto);
          if (other) problems.push(`${d.id}: fields ${other} and ${name} share protobuf number ${fd.proto}`);
          nums.set(fd.proto, name);
        }
        if (fd.patchMergeKey && !fd.patchStrategy?.includes('merge')) problems.push(`${d.id}.${name}: patchMergeKey without merge strategy`);
        if (fd.listType === 'map' && !fd.listMapKeys?.length) problems.push(`${d.id}.${name}: listType map needs listMapKeys`);
      }
    }
    return problems;
  }

  has(id: string): boolean {
    return this.types.has(id);
  }

  type(id: string): TypeDef {
    const t = this.types.get(id);
    if (!t) throw new Error(`schema: no type ${id}`);
    return t;
  }

  /** The type served as this group/version/kind. */
  kind(gvk: GVK): TypeDef | undefined {
    return this.kinds.get(gvkKey(gvk));
  }

  all(): IterableIterator<TypeDef> {
    return this.types.values();
  }

  /** The definition of a field of an object type, or undefined. */
  field(typeId: string, name: string): FieldDef | undefined {
    return this.types.get(typeId)?.fields[name];
  }
}

export const schema = new Schema([
  ...metaTypes,
  ...coreTypes,
  ...appsTypes,
  ...batchTypes,
  ...autoscalingTypes,
  ...coordinationTypes,
  ...discoveryTypes,
  ...eventsTypes,
  ...rbacTypes,
  ...storageTypes,
  ...certificatesTypes,
  ...policyTypes,
  ...networkingTypes,
  ...schedulingTypes,
  ...authenticationTypes,
  ...authorizationTypes,
]);
