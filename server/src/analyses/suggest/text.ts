import { type Expr, parseExpression } from '../../base';

/**
 * Text-level helpers for rewrites: edits, and the user's text of an expression. The rewrites
 * read the trees the syntax layer stored for each assignment and cut the user's own text by
 * their spans (a parenthesised operand's span keeps its parentheses), so every operand keeps
 * its text as written; literal text goes through the one expression reader (base/expression.ts).
 */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** The text with the edits applied (they must not overlap; any order). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.end > limit) throw new Error('overlapping edits');
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    limit = e.start;
  }
  return out;
}

/** The value of a plain or based integer literal (9, 4'd9, 8'h0F, in parentheses or not); undefined for anything else ('0, x digits, names). */
export function literalOf(expr: Expr | undefined): number | undefined {
  return expr?.kind === 'number' && !expr.fill ? expr.value : undefined;
}

/** literalOf for text, read by the one expression reader. */
export function literalValue(text: string): number | undefined {
  return literalOf(parseExpression(text));
}

/** The user's text of a tree read from `text` (its span), or undefined for no tree. */
export function sourceOf(text: string, expr: Expr | undefined): string | undefined {
  return expr ? text.slice(expr.span.start, expr.span.end) : undefined;
}

/** Bits needed for values 0..max. */
export function bitsFor(max: number): number {
  return Math.max(1, Math.ceil(Math.log2(max + 1)));
}

/** The indentation of the line holding an offset. */
export function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}
