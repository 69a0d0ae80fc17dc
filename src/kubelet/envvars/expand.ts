// $(VAR) expansion in env values, command and args (upstream's third_party expansion rules):
// "$(NAME)" becomes NAME's value when NAME is known and stays as written otherwise; "$$" is an
// escaped "$"; any other "$" is kept.

export function expand(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c !== '$' || i + 1 >= input.length) {
      out += c;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i++;
      continue;
    }
    if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close < 0) {
        out += '$(';
        i++;
        continue;
      }
      const name = input.slice(i + 2, close);
      const v = name === '' ? undefined : lookup(name);
      out += v ?? `$(${name})`;
      i = close;
      continue;
    }
    out += c;
  }
  return out;
}
