import { evaluate } from './expr';

/**
 * The self-determined width of a Verilog expression, by the rules of IEEE 1800 §11.6:
 * bitwise and arithmetic operators take the wider operand, comparisons and reductions give
 * one bit, shifts keep the left operand, concatenations add up, replications multiply.
 * Unsized literals (`1`, `'0`) and parameters adapt to their context: they are "free" and do
 * not decide a width. Anything not understood (function calls, unknown names, memories)
 * makes the whole width unknown, so checks built on it stay silent rather than guess.
 */
export type WidthOf = (name: string) => number | 'free' | undefined;

export interface ExpressionWidth {
  /** Bits, or 'free' when only context-sized parts (unsized numbers, parameters) make it up. */
  width: number | 'free';
  /** The top-level operator may widen on purpose (+ - * / % << ** $signed): a wider target is intended. */
  widening: boolean;
}

const TOKEN = /\d*'[sS]?[dDhHbBoO]\s*[0-9a-fA-F_xXzZ?]+|'[01xXzZ]|\d+(\.\d+)?|\$?[A-Za-z_][A-Za-z0-9_$]*|::|===|!==|==|!=|<=|>=|<<<|>>>|<<|>>|&&|\|\||\*\*|~&|~\||~\^|\^~|\+:|-:|\S/g;

export function expressionWidth(text: string, widthOf: WidthOf, values: ReadonlyMap<string, number> = new Map()): ExpressionWidth | undefined {
  if (text.length > 400) return undefined;
  const tokens: string[] = text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ' ').match(TOKEN) ?? [];
  let pos = 0;
  let failed = false;
  type W = number | 'free' | undefined;
  const fail = (): W => {
    failed = true;
    return undefined;
  };
  const max = (a: W, b: W): W => (a === undefined || b === undefined ? undefined : a === 'free' ? b : b === 'free' ? a : Math.max(a, b));
  /** The text of tokens from..to, for constant expressions inside selects. */
  const textOf = (from: number, to: number) => tokens.slice(from, to).join(' ');
  /** Skips a balanced bracketed run starting at pos (which holds the opener); returns the end index. */
  const skipBalanced = (open: string, close: string): number => {
    let depth = 0;
    for (let i = pos; i < tokens.length; i++) {
      if (tokens[i] === open) depth++;
      else if (tokens[i] === close && --depth === 0) return i;
    }
    return -1;
  };

  const LEVELS: string[][] = [['||'], ['&&'], ['|'], ['^', '~^', '^~'], ['&'], ['==', '!=', '===', '!=='], ['<', '<=', '>', '>='], ['<<', '>>', '<<<', '>>>'], ['+', '-'], ['*', '/', '%'], ['**']];
  const ONE_BIT = new Set(['||', '&&', '==', '!=', '===', '!==', '<', '<=', '>', '>=']);
  const KEEP_LEFT = new Set(['<<', '>>', '<<<', '>>>', '**']);
  const WIDENING = new Set(['+', '-', '*', '/', '%', '<<', '<<<', '**', '$signed']);
  let topOperator: string | undefined;
  /** The width of the last sized zero read: inside a concatenation it counts. */
  let zeroWidth: number | undefined;

  const binary = (level: number): W => {
    if (level === LEVELS.length) return unary();
    let left = binary(level + 1);
    while (!failed && LEVELS[level].includes(tokens[pos])) {
      const op = tokens[pos++];
      const right = binary(level + 1);
      topOperator = op;
      if (ONE_BIT.has(op)) left = left === undefined || right === undefined ? undefined : 1;
      else if (KEEP_LEFT.has(op)) left = right === undefined ? undefined : left;
      else left = max(left, right);
    }
    return left;
  };
  const conditional = (): W => {
    const condition = binary(0);
    if (tokens[pos] !== '?') return condition;
    pos++;
    topOperator = undefined;
    const a = conditional();
    const widensA = topOperator !== undefined && WIDENING.has(topOperator);
    if (tokens[pos++] !== ':') return fail();
    topOperator = undefined;
    const b = conditional();
    const widensB = topOperator !== undefined && WIDENING.has(topOperator);
    // A branch that widens on purpose makes the whole choice widen.
    topOperator = widensA || widensB ? '+' : '?';
    return condition === undefined ? undefined : max(a, b);
  };
  const unary = (): W => {
    const t = tokens[pos];
    if (t === '!') {
      pos++;
      return unary() === undefined ? undefined : 1;
    }
    if (t === '&' || t === '|' || t === '^' || t === '~&' || t === '~|' || t === '~^' || t === '^~') {
      pos++;
      return unary() === undefined ? undefined : 1;
    }
    if (t === '~' || t === '-' || t === '+') {
      pos++;
      return unary();
    }
    return primary();
  };
  const primary = (): W => {
    const t = tokens[pos++];
    if (t === undefined) return fail();
    if (t === '(') {
      const inner = conditional();
      if (tokens[pos++] !== ')') return fail();
      return inner;
    }
    if (t === '{') return concatenation();
    const sized = /^(\d+)'[sS]?[dDhHbBoO]\s*([0-9a-fA-F_xXzZ?]+)$/.exec(t);
    // A sized zero (8'h0, 1'b0) fills any width with zeros: it decides nothing.
    if (sized && /^[0_]+$/.test(sized[2])) {
      zeroWidth = Number(sized[1]);
      return 'free';
    }
    if (sized) return Number(sized[1]) || fail();
    if (t.startsWith("'") || /^\d/.test(t)) return 'free';
    if (t === '$signed' || t === '$unsigned') {
      if (tokens[pos++] !== '(') return fail();
      const inner = conditional();
      if (tokens[pos++] !== ')') return fail();
      // Sign or zero extension into a wider target is what these are written for.
      topOperator = '$signed';
      return inner;
    }
    if (/^\$?[A-Za-z_]/.test(t)) {
      if (tokens[pos] === '(' || tokens[pos] === '.' || tokens[pos] === '::' || tokens[pos] === "'" || t.startsWith('$')) return fail();
      const base = widthOf(t);
      if (tokens[pos] !== '[') return base;
      // One select: a[i] is a bit, a[h:l] and a[b +: w] a part; more than one is a memory or a 2-D vector.
      const close = skipBalanced('[', ']');
      if (close < 0 || base === undefined || base === 'free' || tokens[close + 1] === '[') return fail();
      const inside = tokens.slice(pos + 1, close);
      pos = close + 1;
      const colon = inside.findIndex((x) => x === ':' || x === '+:' || x === '-:');
      if (colon < 0) return base === 1 ? fail() : 1;
      if (inside[colon] === ':') {
        const hi = evaluate(inside.slice(0, colon).join(' '), values);
        const lo = evaluate(inside.slice(colon + 1).join(' '), values);
        return hi === undefined || lo === undefined ? fail() : Math.abs(hi - lo) + 1;
      }
      const width = evaluate(inside.slice(colon + 1).join(' '), values);
      return width === undefined || width <= 0 ? fail() : width;
    }
    return fail();
  };
  const concatenation = (): W => {
    // {n{x}} replication, or {a, b, c}; pos is just after '{'.
    const start = pos;
    const close = (() => {
      let depth = 1;
      for (let i = pos; i < tokens.length; i++) {
        if (tokens[i] === '{') depth++;
        else if (tokens[i] === '}' && --depth === 0) return i;
      }
      return -1;
    })();
    if (close < 0) return fail();
    const inner = tokens.indexOf('{', start);
    if (inner >= 0 && inner < close && !tokens.slice(start, inner).includes(',') && inner > start) {
      const count = evaluate(textOf(start, inner), values);
      pos = inner + 1;
      const item = concatenation();
      if (tokens[pos++] !== '}' || count === undefined || item === undefined || item === 'free') return fail();
      return count * item;
    }
    let total = 0;
    for (;;) {
      zeroWidth = undefined;
      const part = conditional();
      if (part === undefined || (part === 'free' && !zeroWidth)) return fail();
      total += part === 'free' ? zeroWidth! : part;
      if (tokens[pos] === ',') {
        pos++;
        continue;
      }
      if (tokens[pos++] !== '}') return fail();
      return total;
    }
  };

  const width = conditional();
  if (failed || width === undefined || pos !== tokens.length) return undefined;
  return { width, widening: topOperator !== undefined && WIDENING.has(topOperator) };
}
