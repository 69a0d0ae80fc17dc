// framework.CycleState: per-scheduling-cycle data the plugins share (PreFilter computes, Filter reads).
// Keys are typed objects so reads need no casts; clone() copies state for preemption's what-if runs.

export interface StateData {
  /** A copy for a what-if evaluation (preemption); immutable data may return itself. */
  clone(): StateData;
}

/** A typed key into CycleState. */
export class StateKey<T extends StateData> {
  // The phantom field ties the key to its value type.
  declare readonly _type: T;
  constructor(readonly name: string) {}
}

export class CycleState {
  private readonly data = new Map<StateKey<StateData>, StateData>();
  /** Plugins whose PreFilter returned Skip: their Filter does not run this cycle. */
  skipFilterPlugins = new Set<string>();
  /** Plugins whose PreScore returned Skip: their Score does not run this cycle. */
  skipScorePlugins = new Set<string>();
  /** The Filter plugins left after skips, computed once per cycle by the framework (private to it). */
  activeFilters: unknown = null;

  read<T extends StateData>(key: StateKey<T>): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  write<T extends StateData>(key: StateKey<T>, value: T): void {
    this.data.set(key, value);
  }

  delete<T extends StateData>(key: StateKey<T>): void {
    this.data.delete(key);
  }

  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) c.data.set(k, v.clone());
    c.skipFilterPlugins = new Set(this.skipFilterPlugins);
    c.skipScorePlugins = new Set(this.skipScorePlugins);
    c.activeFilters = this.activeFilters;
    return c;
  }
}

/** Thrown (and turned into an Error status) when a plugin reads state its PreFilter/PreScore never wrote. */
export class MissingStateError extends Error {
  constructor(key: StateKey<StateData>) {
    super(`error reading "${key.name}" from cycleState: not found`);
  }
}

/** Reads key or throws MissingStateError. */
export function mustRead<T extends StateData>(state: CycleState, key: StateKey<T>): T {
  const v = state.read(key);
  if (v === undefined) throw new MissingStateError(key);
  return v;
}
