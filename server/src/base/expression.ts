/**
 * Verilog expressions as a small tree: names with one select, numbers, operators, the
 * conditional, concatenation, replication and $signed/$unsigned. Enough for widths (checks)
 * and operator counts (PPA estimates); anything else (function calls, hierarchical names,
 * casts, several selects) does not parse, and callers treat that as unknown.
 */
import { replaceComments } from './comments';

export type Select = { kind: 'bit'; index: string } | { kind: 'range'; hi: string; lo: string } | { kind: 'indexed'; base: string; width: string };

export type Expr =
  | { kind: 'name'; name: string; select?: Select }
  | { kind: 'number'; /** Bits when sized (8'hFF); undefined for 1, 'b0 and '0. */ width?: number; zero: boolean }
  | { kind: 'unary'; op: string; arg: Expr }
  | { kind: 'binary'; op: string; left: Expr; right: Expr }
  | { kind: 'ternary'; condition: Expr; then: Expr; else: Expr }
  | { kind: 'concat'; parts: Expr[] }
  | { kind: 'replicate'; count: string; item: Expr }
  | { kind: 'cast'; fn: '$signed' | '$unsigned'; arg: Expr };

const TOKEN = /(?<!\d)\d*'[sS]?[dDhHbBoO]\s*[0-9a-fA-F_xXzZ?]+|'[01xXzZ]|(?<!\d)\d+(\.\d+)?|\$?[A-Za-z_][A-Za-z0-9_$]*|::|===|!==|==|!=|<=|>=|<<<|>>>|<<|>>|&&|\|\||\*\*|~&|~\||~\^|\^~|\+:|-:|\S/g;

/** Binary operators from the loosest to the tightest binding. */
export const BINARY_LEVELS: readonly (readonly string[])[] = [['||'], ['&&'], ['|'], ['^', '~^', '^~'], ['&'], ['==', '!=', '===', '!=='], ['<', '<=', '>', '>='], ['<<', '>>', '<<<', '>>>'], ['+', '-'], ['*', '/', '%'], ['**']];

const REDUCTIONS = new Set(['&', '|', '^', '~&', '~|', '~^', '^~']);

class Failed extends Error {}

/** Parentheses and braces nested deeper than this do not parse (unknown), rather than overflow the stack. */
const MAX_NESTING = 200;

export function parseExpression(text: string): Expr | undefined {
  if (text.length > 2000) return undefined;
  const tokens: string[] = replaceComments(text, () => ' ').match(TOKEN) ?? [];
  let pos = 0;
  const fail = (): never => {
    throw new Failed();
  };
  const expect = (token: string) => {
    if (tokens[pos++] !== token) fail();
  };
  /** Tokens up to the matching closer of the opener just consumed, as text. */
  const until = (open: string, close: string): string[] => {
    let depth = 1;
    const start = pos;
    for (; pos < tokens.length; pos++) {
      if (tokens[pos] === open) depth++;
      else if (tokens[pos] === close && --depth === 0) return tokens.slice(start, pos++);
    }
    return fail();
  };
  const binary = (level: number): Expr => {
    if (level === BINARY_LEVELS.length) return unary();
    let left = binary(level + 1);
    while (BINARY_LEVELS[level].includes(tokens[pos])) {
      const op = tokens[pos++];
      // ** is right-associative; the rest associate to the left.
      const right = op === '**' ? binary(level) : binary(level + 1);
      left = { kind: 'binary', op, left, right };
    }
    return left;
  };
  const conditional = (): Expr => {
    const condition = binary(0);
    if (tokens[pos] !== '?') return condition;
    pos++;
    const then = conditional();
    expect(':');
    return { kind: 'ternary', condition, then, else: conditional() };
  };
  const unary = (): Expr => {
    const t = tokens[pos];
    if (t === '!' || t === '~' || t === '-' || t === '+' || REDUCTIONS.has(t)) {
      pos++;
      return { kind: 'unary', op: t, arg: unary() };
    }
    return primary();
  };
  let nesting = 0;
  const primary = (): Expr => {
    if (++nesting > MAX_NESTING) return fail();
    try {
      return primaryInner();
    } finally {
      nesting--;
    }
  };
  const primaryInner = (): Expr => {
    const t = tokens[pos++];
    if (t === undefined) return fail();
    if (t === '(') {
      const inner = conditional();
      expect(')');
      return inner;
    }
    if (t === '{') return braces();
    const sized = /^(\d+)'[sS]?[dDhHbBoO]\s*([0-9a-fA-F_xXzZ?]+)$/.exec(t);
    if (sized) return Number(sized[1]) > 0 ? { kind: 'number', width: Number(sized[1]), zero: /^[0_]+$/.test(sized[2]) } : fail();
    if (t.startsWith("'") || /^\d/.test(t)) return { kind: 'number', zero: /^'?[0]$|^0+$/.test(t) };
    if (t === '$signed' || t === '$unsigned') {
      expect('(');
      const arg = conditional();
      expect(')');
      return { kind: 'cast', fn: t, arg };
    }
    if (/^[A-Za-z_]/.test(t)) {
      if (tokens[pos] === '(' || tokens[pos] === '.' || tokens[pos] === '::' || tokens[pos] === "'") return fail();
      if (tokens[pos] !== '[') return { kind: 'name', name: t };
      pos++;
      const inside = until('[', ']');
      // Two selects (a memory word's bit, a 2-D vector) are not followed.
      if (tokens[pos] === '[') return fail();
      // The colon of this select, not one inside a nested select (mem[rp[3:0]]).
      let nesting = 0;
      const colon = inside.findIndex((x) => {
        if (x === '[' || x === '(' || x === '{') nesting++;
        else if (x === ']' || x === ')' || x === '}') nesting--;
        return nesting === 0 && (x === ':' || x === '+:' || x === '-:');
      });
      if (colon < 0) return { kind: 'name', name: t, select: { kind: 'bit', index: inside.join(' ') } };
      const left = inside.slice(0, colon).join(' ');
      const right = inside.slice(colon + 1).join(' ');
      return { kind: 'name', name: t, select: inside[colon] === ':' ? { kind: 'range', hi: left, lo: right } : { kind: 'indexed', base: left, width: right } };
    }
    return fail();
  };
  const braces = (): Expr => {
    // {n{x}} replication, or {a, b, c}; pos is just after '{'.
    const start = pos;
    let depth = 0;
    let inner = -1;
    for (let i = pos; i < tokens.length; i++) {
      if (tokens[i] === ',' && depth === 0) break;
      if (tokens[i] === '{' && depth === 0) {
        inner = i;
        break;
      }
      if (tokens[i] === '(' || tokens[i] === '[') depth++;
      if (tokens[i] === ')' || tokens[i] === ']') depth--;
      if (tokens[i] === '}') break;
    }
    if (inner > start) {
      const count = tokens.slice(start, inner).join(' ');
      pos = inner + 1;
      const item = braces();
      expect('}');
      return { kind: 'replicate', count, item };
    }
    const parts: Expr[] = [];
    for (;;) {
      parts.push(conditional());
      if (tokens[pos] === ',') {
        pos++;
        continue;
      }
      expect('}');
      return { kind: 'concat', parts };
    }
  };
  try {
    const expr = conditional();
    return pos === tokens.length ? expr : undefined;
  } catch (error) {
    if (error instanceof Failed) return undefined;
    throw error;
  }
}
