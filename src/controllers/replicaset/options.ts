// Reading kube-controller-manager flags (strings, by upstream name) as numbers.

export function intOption(options: Record<string, string>, name: string, def: number): number {
  const v = options[name];
  if (v === undefined || v.trim() === '') return def;
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : def;
}
