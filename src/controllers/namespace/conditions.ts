// The namespace deletion conditions (upstream's namespaceConditionUpdater): what went wrong while
// emptying a namespace, as status conditions of type NamespaceDeletionDiscoveryFailure,
// NamespaceDeletionGroupVersionParsingFailure, NamespaceDeletionContentFailure,
// NamespaceContentRemaining and NamespaceFinalizersRemaining — each "True" with the problem, or
// "False" with the all-clear reason and message.

export interface NamespaceCondition {
  type: string;
  status: 'True' | 'False';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export const CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

const OK: Record<string, { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: { reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: { reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  NamespaceDeletionContentFailure: { reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
};

export class ConditionUpdater {
  private readonly fresh: NamespaceCondition[] = [];
  private readonly contentErrors: string[] = [];

  constructor(private readonly now: () => string) {}

  discoveryFailed(message: string): void {
    this.fresh.push({ type: 'NamespaceDeletionDiscoveryFailure', status: 'True', lastTransitionTime: this.now(), reason: 'DiscoveryFailed', message });
  }

  deleteContentFailed(message: string): void {
    this.contentErrors.push(message);
  }

  /** Counts of what is left: "<resource>.<group>" → instances, finalizer → instances. */
  contentTotals(remaining: Map<string, number>, finalizers: Map<string, number>): void {
    const res = [...remaining].filter(([, n]) => n > 0).map(([gr, n]) => `${gr} has ${n} resource instances`).sort();
    if (res.length)
      this.fresh.push({ type: 'NamespaceContentRemaining', status: 'True', lastTransitionTime: this.now(), reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${res.join(', ')}` });
    const fins = [...finalizers].filter(([, n]) => n > 0).map(([f, n]) => `${f} in ${n} resource instances`).sort();
    if (fins.length)
      this.fresh.push({ type: 'NamespaceFinalizersRemaining', status: 'True', lastTransitionTime: this.now(), reason: 'SomeFinalizerRemain', message: `Some finalizers are remaining: ${fins.join(', ')}` });
  }

  /** Writes the conditions into status.conditions; true when anything changed. */
  update(status: { conditions?: NamespaceCondition[] }): boolean {
    if (this.contentErrors.length && !this.fresh.some((c) => c.type === 'NamespaceDeletionContentFailure')) {
      const msgs = [...this.contentErrors].sort();
      this.fresh.push({
        type: 'NamespaceDeletionContentFailure',
        status: 'True',
        lastTransitionTime: this.now(),
        reason: 'ContentDeletionFailed',
        message: `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}`,
      });
    }
    const conditions = (status.conditions ??= []);
    let changed = false;
    for (const type of CONDITION_TYPES) {
      const want = this.fresh.find((c) => c.type === type) ?? { type, status: 'False' as const, lastTransitionTime: this.now(), ...OK[type]! };
      const cur = conditions.find((c) => c.type === type);
      if (!cur) {
        conditions.push(want);
        changed = true;
      } else if (cur.status !== want.status || cur.reason !== want.reason || cur.message !== want.message) {
        if (cur.status !== want.status) cur.lastTransitionTime = this.now();
        cur.status = want.status;
        cur.reason = want.reason!;
        cur.message = want.message!;
        changed = true;
      }
    }
    return changed;
  }
}
