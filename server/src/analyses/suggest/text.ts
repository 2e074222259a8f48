import { BINARY_LEVELS, replaceComments } from '../../base';

/**
 * Text-level helpers for rewrites: edits, and splitting an expression's text at its top-level
 * operator. The rewrites change the user's own text, so they cut it where the expression
 * parser (base/expression.ts) says the operator is, and keep every operand's text as written.
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

const TOKEN = /(?<!\d)\d*'[sS]?[dDhHbBoO]\s*[0-9a-fA-F_xXzZ?]+|'[01xXzZ]|(?<!\d)\d+(\.\d+)?|\$?[A-Za-z_][A-Za-z0-9_$]*|::|===|!==|==|!=|<=|>=|<<<|>>>|<<|>>|&&|\|\||\*\*|~&|~\||~\^|\^~|\+:|-:|\S/g;

interface Token {
  text: string;
  at: number;
}

/** Tokens of an expression with their offsets; comments blanked (offsets kept). */
export function tokens(text: string): Token[] {
  const blank = replaceComments(text, (c) => ' '.repeat(c.end - c.start));
  return [...blank.matchAll(TOKEN)].map((m) => ({ text: m[0], at: m.index! }));
}

const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);

function isOperand(t: Token | undefined): boolean {
  return t !== undefined && (CLOSE.has(t.text) || /^[\w$']/.test(t.text));
}

/** Tokens at nesting depth 0 (outside parentheses, brackets and braces), by index. */
function topLevel(list: Token[]): number[] {
  const out: number[] = [];
  let depth = 0;
  list.forEach((t, i) => {
    if (OPEN.has(t.text)) depth++;
    else if (CLOSE.has(t.text)) depth--;
    else if (depth === 0) out.push(i);
  });
  return out;
}

export interface BinarySplit {
  op: string;
  left: string;
  right: string;
}

/**
 * `a + b * c` -> op '+', left 'a', right 'b * c': the operator that binds loosest at the top
 * level (the last of its level, operators associating to the left). Undefined for a
 * conditional, a unary expression, or anything without a top-level binary operator.
 */
export function splitBinary(text: string): BinarySplit | undefined {
  const list = tokens(text);
  const top = topLevel(list);
  if (top.some((i) => list[i].text === '?')) return undefined;
  for (const level of BINARY_LEVELS) {
    let found = -1;
    for (const i of top) {
      if (!level.includes(list[i].text)) continue;
      // A unary + or - follows an operator or starts the expression.
      if ((list[i].text === '-' || list[i].text === '+') && !isOperand(list[i - 1])) continue;
      if (i === 0) continue;
      found = i;
      if (level.includes('**')) break;
    }
    if (found > 0) {
      const at = list[found].at;
      const left = text.slice(0, at).trim();
      const right = text.slice(at + list[found].text.length).trim();
      if (left === '' || right === '') return undefined;
      return { op: list[found].text, left, right };
    }
  }
  return undefined;
}

/** `c ? a : b` at the top level -> its three parts; undefined otherwise. */
export function splitConditional(text: string): { condition: string; then: string; else: string } | undefined {
  const list = tokens(text);
  const top = topLevel(list);
  const q = top.find((i) => list[i].text === '?');
  if (q === undefined) return undefined;
  let nested = 0;
  for (const i of top) {
    if (i <= q) continue;
    if (list[i].text === '?') nested++;
    else if (list[i].text === ':') {
      if (nested === 0) {
        return { condition: text.slice(0, list[q].at).trim(), then: text.slice(list[q].at + 1, list[i].at).trim(), else: text.slice(list[i].at + 1).trim() };
      }
      nested--;
    }
  }
  return undefined;
}

/** The value of a plain or based integer literal (9, 4'd9, 8'h0F); undefined for anything else. */
export function literalValue(text: string): number | undefined {
  const t = text.trim().replace(/_/g, '');
  if (/^\d+$/.test(t)) return Number(t);
  const m = /^(\d*)'[sS]?([dDhHbBoO])\s*([0-9a-fA-F]+)$/.exec(t);
  if (!m) return undefined;
  const v = parseInt(m[3], { d: 10, h: 16, b: 2, o: 8 }[m[2].toLowerCase() as 'd']);
  return Number.isFinite(v) ? v : undefined;
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

/** Strips parentheses that wrap the whole text: `((a + b))` -> `a + b`. */
export function unwrap(text: string): string {
  let t = text.trim();
  for (;;) {
    if (!t.startsWith('(') || !t.endsWith(')')) return t;
    const list = tokens(t);
    let depth = 0;
    let closesAtEnd = true;
    for (let i = 0; i < list.length; i++) {
      if (OPEN.has(list[i].text)) depth++;
      else if (CLOSE.has(list[i].text)) depth--;
      if (depth === 0 && i < list.length - 1) {
        closesAtEnd = false;
        break;
      }
    }
    if (!closesAtEnd) return t;
    t = t.slice(1, -1).trim();
  }
}
