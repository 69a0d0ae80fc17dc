// upstream internal/cache.nodeTree: nodes grouped by zone (region + zone labels); list() interleaves the
// zones (one node from each zone in turn) so that evaluating "the next N nodes" spreads across zones.

import type { Node } from '../framework/api.js';
import { LABEL_FAILURE_DOMAIN_REGION, LABEL_FAILURE_DOMAIN_ZONE, LABEL_TOPOLOGY_REGION, LABEL_TOPOLOGY_ZONE } from '../framework/api.js';

export function zoneKey(node: Node): string {
  const l = node.metadata.labels ?? {};
  const region = l[LABEL_TOPOLOGY_REGION] ?? l[LABEL_FAILURE_DOMAIN_REGION] ?? '';
  const zone = l[LABEL_TOPOLOGY_ZONE] ?? l[LABEL_FAILURE_DOMAIN_ZONE] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\u0000:${zone}`;
}

export class NodeTree {
  private readonly tree = new Map<string, string[]>();
  private readonly zoneOf = new Map<string, string>();
  private cached: string[] | null = null;

  get numNodes(): number {
    return this.zoneOf.size;
  }

  addNode(node: Node): void {
    const name = node.metadata.name ?? '';
    const zone = zoneKey(node);
    const cur = this.zoneOf.get(name);
    if (cur === zone) return;
    if (cur !== undefined) this.removeName(name);
    let names = this.tree.get(zone);
    if (!names) this.tree.set(zone, (names = []));
    names.push(name);
    this.zoneOf.set(name, zone);
    this.cached = null;
  }

  removeNode(node: Node): void {
    this.removeName(node.metadata.name ?? '');
  }

  private removeName(name: string): void {
    const zone = this.zoneOf.get(name);
    if (zone === undefined) return;
    const names = this.tree.get(zone)!;
    const i = names.indexOf(name);
    if (i >= 0) names.splice(i, 1);
    if (names.length === 0) this.tree.delete(zone);
    this.zoneOf.delete(name);
    this.cached = null;
  }

  /** Re-files the node; true when its zone changed (or it is new) — the list order then changes. */
  updateNode(node: Node): boolean {
    if (this.zoneOf.get(node.metadata.name ?? '') === zoneKey(node)) return false;
    this.addNode(node);
    return true;
  }

  /** Node names, zones interleaved. */
  list(): readonly string[] {
    if (this.cached) return this.cached;
    const zones = [...this.tree.values()];
    const out: string[] = [];
    for (let i = 0; out.length < this.zoneOf.size; i++) for (const z of zones) if (i < z.length) out.push(z[i]!);
    this.cached = out;
    return out;
  }
}
