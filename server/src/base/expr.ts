// Constant integer expressions, as parameters and ranges are written.

/** Integer constant expressions over + - * / ( ) and known names; undefined otherwise. */
export function evaluate(expr: string, values: ReadonlyMap<string, number>): number | undefined {
  const tokens = expr.match(/(?<!\d)\d+'[sS]?[dDhHbBoO][0-9a-fA-F_xXzZ]+|(?<!\d)\d+|[A-Za-z_][A-Za-z0-9_$]*|\*\*|<<|>>|[-+*/%()]|\S/g) ?? [];
  let pos = 0;
  // Parentheses, minus signs and ** nested deeper than this are unknown, rather than overflow the stack.
  let depth = 0;
  const atom = (): number | undefined => {
    if (depth >= 200) return undefined;
    depth++;
    try {
      return atomInner();
    } finally {
      depth--;
    }
  };
  const atomInner = (): number | undefined => {
    const t = tokens[pos++];
    if (t === undefined) return undefined;
    if (t === '(') {
      const v = shifts();
      if (tokens[pos++] !== ')') return undefined;
      return v;
    }
    if (t === '-') {
      const v = atom();
      return v === undefined ? undefined : -v;
    }
    if (/^\d+$/.test(t)) return Number(t);
    const based = /^\d+'[sS]?([dDhHbBoO])([0-9a-fA-F_]+)$/.exec(t);
    if (based) return parseInt(based[2].replace(/_/g, ''), { d: 10, h: 16, b: 2, o: 8 }[based[1].toLowerCase() as 'd']);
    return values.get(t);
  };
  // ** is right-associative: a ** b ** c is a ** (b ** c), folded from the right (no recursion per operator).
  const power = (): number | undefined => {
    const operands = [atom()];
    while (tokens[pos] === '**') {
      pos++;
      operands.push(atom());
    }
    return operands.reduceRight((exp, base) => (base === undefined || exp === undefined ? undefined : base ** exp));
  };
  const product = (): number | undefined => {
    let v = power();
    while (tokens[pos] === '*' || tokens[pos] === '/' || tokens[pos] === '%') {
      const op = tokens[pos++];
      const r = power();
      if (v === undefined || r === undefined || (op !== '*' && r === 0)) return undefined;
      v = op === '*' ? v * r : op === '/' ? Math.trunc(v / r) : v % r;
    }
    return v;
  };
  const additive = (): number | undefined => {
    let v = product();
    while (tokens[pos] === '+' || tokens[pos] === '-') {
      const op = tokens[pos++];
      const r = product();
      if (v === undefined || r === undefined) return undefined;
      v = op === '+' ? v + r : v - r;
    }
    return v;
  };
  const shifts = (): number | undefined => {
    let v = additive();
    while (tokens[pos] === '<<' || tokens[pos] === '>>') {
      const op = tokens[pos++];
      const r = additive();
      if (v === undefined || r === undefined) return undefined;
      v = op === '<<' ? v * 2 ** r : Math.floor(v / 2 ** r);
    }
    return v;
  };
  const v = shifts();
  return pos === tokens.length ? v : undefined;
}

/** Bits in a packed range such as [W-1:0] with constant bounds; '' is one bit; undefined if not constant. */
export function rangeWidth(range: string, values: ReadonlyMap<string, number>): number | undefined {
  const text = range.trim();
  if (text === '') return 1;
  const m = /^\[([^:\]]+):([^\]]+)\]$/.exec(text);
  if (!m) return undefined;
  const a = evaluate(m[1], values);
  const b = evaluate(m[2], values);
  return a === undefined || b === undefined ? undefined : Math.abs(a - b) + 1;
}
