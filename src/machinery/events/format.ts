// Go-style formatting for eventf messages: %s %v %d %q %t %%.

export function sprintf(format: string, ...args: unknown[]): string {
  let i = 0;
  return format.replace(/%([svdqt%])/g, (m, verb: string) => {
    if (verb === '%') return '%';
    if (i >= args.length) return `%!${verb}(MISSING)`;
    const a = args[i++];
    switch (verb) {
      case 'q':
        return JSON.stringify(String(a));
      case 'd':
        return typeof a === 'number' || typeof a === 'bigint' ? String(Math.trunc(Number(a))) : `%!d(${String(a)})`;
      case 't':
        return String(Boolean(a));
      default:
        return a instanceof Error ? a.message : typeof a === 'object' && a !== null ? JSON.stringify(a) : String(a);
    }
  });
}
