import { evaluateExpr, type Expr, parseExpression, understood } from './expression';

/**
 * The self-determined width of a Verilog expression, by the rules of IEEE 1800 §11.6:
 * bitwise and arithmetic operators take the wider operand, comparisons and reductions give
 * one bit, shifts keep the left operand, concatenations add up, replications multiply.
 * Unsized literals (`1`, `'0`), sized zeros and parameters adapt to their context: they are
 * "free" and do not decide a width. Anything not understood (function calls, unknown names,
 * memories) makes the whole width unknown, so checks built on it stay silent rather than guess.
 */
export type WidthOf = (name: string) => number | 'free' | undefined;

export interface ExpressionWidth {
  /** Bits, or 'free' when only context-sized parts (unsized numbers, parameters) make it up. */
  width: number | 'free';
  /** The top-level operator may widen on purpose (+ - * / % << ** $signed): a wider target is intended. */
  widening: boolean;
}

type W = number | 'free' | undefined;

const ONE_BIT = new Set(['||', '&&', '==', '!=', '===', '!==', '<', '<=', '>', '>=']);
const KEEP_LEFT = new Set(['<<', '>>', '<<<', '>>>', '**']);
const WIDENING = new Set(['+', '-', '*', '/', '%', '<<', '<<<', '**']);

function max(a: W, b: W): W {
  return a === undefined || b === undefined ? undefined : a === 'free' ? b : b === 'free' ? a : Math.max(a, b);
}

/** Width of a parsed expression; `values` evaluates constant selects and replication counts. */
export function widthOfExpr(expr: Expr, widthOf: WidthOf, values: ReadonlyMap<string, number>): W {
  switch (expr.kind) {
    case 'name':
      return expr.qualified ? undefined : widthOf(expr.name);
    case 'select': {
      // One select on a plain name; a memory word's bit or a 2-D vector is not followed.
      if (expr.target.kind !== 'name' || expr.target.qualified) return undefined;
      const base = widthOf(expr.target.name);
      if (base === undefined || base === 'free') return undefined;
      const select = expr.select;
      if (select.kind === 'bit') return base === 1 ? undefined : 1;
      if (select.kind === 'range') {
        const hi = evaluateExpr(select.hi, values);
        const lo = evaluateExpr(select.lo, values);
        return hi === undefined || lo === undefined ? undefined : Math.abs(hi - lo) + 1;
      }
      const width = evaluateExpr(select.width, values);
      return width === undefined || width <= 0 ? undefined : width;
    }
    case 'number':
      // A sized zero (8'h0, 1'b0) fills any width with zeros: alone it decides nothing.
      return expr.width === undefined || expr.zero ? 'free' : expr.width;
    case 'unary': {
      const arg = widthOfExpr(expr.arg, widthOf, values);
      return expr.op === '~' || expr.op === '-' || expr.op === '+' ? arg : arg === undefined ? undefined : 1;
    }
    case 'binary': {
      const left = widthOfExpr(expr.left, widthOf, values);
      const right = widthOfExpr(expr.right, widthOf, values);
      if (ONE_BIT.has(expr.op)) return left === undefined || right === undefined ? undefined : 1;
      if (KEEP_LEFT.has(expr.op)) return right === undefined ? undefined : left;
      return max(left, right);
    }
    case 'ternary':
      return widthOfExpr(expr.condition, widthOf, values) === undefined ? undefined : max(widthOfExpr(expr.then, widthOf, values), widthOfExpr(expr.else, widthOf, values));
    case 'concat': {
      let total = 0;
      for (const part of expr.parts) {
        // Inside a concatenation a sized zero counts its bits.
        const w = part.kind === 'number' && part.width !== undefined ? part.width : widthOfExpr(part, widthOf, values);
        if (w === undefined || w === 'free') return undefined;
        total += w;
      }
      return total;
    }
    case 'replicate': {
      const count = evaluateExpr(expr.count, values);
      const item = widthOfExpr(expr.item, widthOf, values);
      return count === undefined || item === undefined || item === 'free' ? undefined : count * item;
    }
    case 'call':
      return (expr.fn === '$signed' || expr.fn === '$unsigned') && expr.args.length === 1 ? widthOfExpr(expr.args[0], widthOf, values) : undefined;
    case 'unknown':
      return undefined;
  }
}

/** Whether the expression's top may widen on purpose (arithmetic, left shift, $signed, or a branch that does). */
function widens(expr: Expr): boolean {
  if (expr.kind === 'binary') return WIDENING.has(expr.op);
  if (expr.kind === 'call') return expr.fn === '$signed' || expr.fn === '$unsigned';
  if (expr.kind === 'ternary') return widens(expr.then) || widens(expr.else);
  return false;
}

/** Width of a tree (undefined unless every part is understood: see `understood`). */
export function treeWidth(expr: Expr, widthOf: WidthOf, values: ReadonlyMap<string, number> = new Map()): ExpressionWidth | undefined {
  if (!understood(expr)) return undefined;
  const width = widthOfExpr(expr, widthOf, values);
  return width === undefined ? undefined : { width, widening: widens(expr) };
}

export function expressionWidth(text: string, widthOf: WidthOf, values: ReadonlyMap<string, number> = new Map()): ExpressionWidth | undefined {
  const expr = parseExpression(text);
  return expr ? treeWidth(expr, widthOf, values) : undefined;
}
