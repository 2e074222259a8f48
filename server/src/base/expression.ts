import type { Span } from './span';

/**
 * The one reader of Verilog expressions: a tokenizer and a precedence parser that turn text
 * into a small typed tree. The syntax layer uses it to give every assignment, loop header
 * and condition its tree at index time (stored in the summary); the layers above read those
 * trees, and parse a string only where text exists nowhere else (macro bodies, parameter
 * values, declared ranges, rewritten text), always through this file.
 *
 * Every node has a span: offsets into the text it was read from, plus the `offset` given
 * (the syntax layer passes the file offset, so spans are file spans). A parenthesised
 * expression's span covers its parentheses, so an operand's text cut by its span can stand
 * anywhere.
 *
 * What the reader does not understand becomes an `unknown` node carrying its text (a cast
 * `T'(x)`, an assignment pattern, a string, a macro usage); if the whole text cannot be read
 * the tree is one `unknown`. `understood` says whether a tree has none of those, which is
 * what widths and operator counts need.
 */
export type Select =
  | { kind: 'bit'; index: Expr }
  | { kind: 'range'; hi: Expr; lo: Expr }
  | { kind: 'indexed'; base: Expr; width: Expr; /** -: counts down from base; +: up. */ down?: boolean };

export type NumberBase = 'b' | 'o' | 'd' | 'h';

export type Expr =
  | { kind: 'name'; name: string; /** a.b, pkg::C: the name as written, with its dots or colons. */ qualified?: boolean; span: Span }
  | {
      kind: 'number';
      /** Bits when sized (8'hFF); undefined for 1, 'b0 and '0. */
      width?: number;
      base?: NumberBase;
      /** The value when it is an integer without x, z or ? digits (and fits a double exactly). */
      value?: number;
      signed?: boolean;
      /** Every digit is 0. */
      zero: boolean;
      /** '0, '1, 'x, 'z: every bit that value, whatever the width. */
      fill?: boolean;
      span: Span;
    }
  | { kind: 'unary'; op: string; arg: Expr; span: Span }
  | { kind: 'binary'; op: string; left: Expr; right: Expr; span: Span }
  | { kind: 'ternary'; condition: Expr; then: Expr; else: Expr; span: Span }
  | { kind: 'concat'; parts: Expr[]; span: Span }
  | { kind: 'replicate'; count: Expr; item: Expr; span: Span }
  | { kind: 'select'; target: Expr; select: Select; span: Span }
  | { kind: 'call'; fn: string; args: Expr[]; span: Span }
  | { kind: 'unknown'; text: string; span: Span };

/** Binary operators from the loosest to the tightest binding. */
export const BINARY_LEVELS: readonly (readonly string[])[] = [['||'], ['&&'], ['|'], ['^', '~^', '^~'], ['&'], ['==', '!=', '===', '!=='], ['<', '<=', '>', '>='], ['<<', '>>', '<<<', '>>>'], ['+', '-'], ['*', '/', '%'], ['**']];

const LEVEL_OF = new Map<string, number>(BINARY_LEVELS.flatMap((ops, level) => ops.map((op) => [op, level] as [string, number])));

const UNARY = new Set(['!', '~', '-', '+', '&', '|', '^', '~&', '~|', '~^', '^~']);

/** Longest first where one operator starts another. No nested quantifiers (star height 1). */
const TOKEN = /(?<!\d)\d*'[sS]?[dDhHbBoO]\s*[0-9a-fA-F_xXzZ?]+|'[01xXzZ]|(?<![\d_])\d[\d_]*(\.\d+)?|\$?[A-Za-z_][A-Za-z0-9_$]*|`[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"\\\n]|\\.)*"|::|===|!==|==|!=|<=|>=|<<<|>>>|<<|>>|&&|\|\||\*\*|~&|~\||~\^|\^~|\+:|-:|\S/g;

export interface Token {
  text: string;
  /** Offset in the text tokenized. */
  at: number;
}

/** Longest text read as one expression; longer text is one `unknown`. */
export const MAX_EXPRESSION = 4000;
/** Deepest nesting of parentheses, braces, brackets and operators followed. */
const MAX_DEPTH = 200;

/** Tokens of an expression with their offsets; comments are skipped (offsets kept). */
export function tokenize(text: string): Token[] {
  const blank = text.includes('/') ? text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (c) => ' '.repeat(c.length)) : text;
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(blank); m; m = TOKEN.exec(blank)) out.push({ text: m[0], at: m.index });
  return out;
}

class Failed extends Error {}

const BASES: Record<string, number> = { b: 2, o: 8, d: 10, h: 16 };

/** A number token as a node. */
function numberNode(t: string, span: Span): Expr | undefined {
  const based = /^(\d*)'([sS]?)([dDhHbBoO])\s*([0-9a-fA-F_xXzZ?]+)$/.exec(t);
  if (based) {
    const width = based[1] === '' ? undefined : Number(based[1]);
    if (width === 0) return undefined;
    const base = based[3].toLowerCase() as NumberBase;
    const digits = based[4].replace(/_/g, '');
    const node: Expr = { kind: 'number', base, zero: /^0+$/.test(digits), span };
    if (width !== undefined) node.width = width;
    if (based[2]) node.signed = true;
    const value = /^[0-9a-fA-F]+$/.test(digits) ? parseInt(digits, BASES[base]) : NaN;
    if (Number.isSafeInteger(value) && (base !== 'd' || /^\d+$/.test(digits))) node.value = value;
    return node;
  }
  if (t.startsWith("'")) {
    const digit = t[1].toLowerCase();
    const node: Expr = { kind: 'number', zero: digit === '0', fill: true, span };
    if (digit === '0' || digit === '1') node.value = Number(digit);
    return node;
  }
  const digits = t.replace(/_/g, '');
  const node: Expr = { kind: 'number', zero: /^0+$/.test(digits), span };
  if (/^\d+$/.test(digits) && Number.isSafeInteger(Number(digits))) node.value = Number(digits);
  return node;
}

function isIdentifier(t: string | undefined): boolean {
  return t !== undefined && /^[A-Za-z_]/.test(t);
}

/**
 * Reads `text` as one expression (`what` 'expression'), or as a packed range `[hi:lo]`
 * ('range': a select node on an empty name). Spans are offsets in `text` plus `offset`.
 */
function read(text: string, offset: number, what: 'expression' | 'range'): Expr | undefined {
  const tokens = tokenize(text);
  if (tokens.length === 0) return undefined;
  let pos = 0;
  let depth = 0;
  const fail = (): never => {
    throw new Failed();
  };
  const startOf = (i: number) => offset + (tokens[i]?.at ?? text.length);
  const endOf = (i: number) => offset + tokens[i].at + tokens[i].text.length;
  const expect = (token: string) => {
    if (tokens[pos++]?.text !== token) fail();
  };
  const peek = () => tokens[pos]?.text;
  const nest = () => {
    if (++depth > MAX_DEPTH) fail();
  };
  /** Skips tokens to the closer matching the opener at `pos` (inclusive); returns the index after it. */
  const skipBalanced = (): number => {
    let d = 0;
    for (let i = pos; i < tokens.length; i++) {
      const t = tokens[i].text;
      if (t === '(' || t === '[' || t === '{') d++;
      else if (t === ')' || t === ']' || t === '}') {
        if (--d === 0) return i + 1;
        if (d < 0) return fail();
      }
    }
    return fail();
  };
  const unknownFrom = (first: number, after: number): Expr => {
    const span = { start: startOf(first), end: endOf(after - 1) };
    return { kind: 'unknown', text: text.slice(span.start - offset, span.end - offset), span };
  };
  /** Precedence climbing: operators of `minLevel` (BINARY_LEVELS) or tighter. */
  const binary = (minLevel: number): Expr => {
    let left = unary();
    for (;;) {
      const level = LEVEL_OF.get(peek() ?? '');
      if (level === undefined || level < minLevel) return left;
      const op = tokens[pos++].text;
      nest();
      // ** is right-associative; the rest associate to the left.
      const right = binary(op === '**' ? level : level + 1);
      depth--;
      left = { kind: 'binary', op, left, right, span: { start: left.span.start, end: right.span.end } };
    }
  };
  const conditional = (): Expr => {
    nest();
    const condition = binary(0);
    if (peek() !== '?') {
      depth--;
      return condition;
    }
    pos++;
    const then = conditional();
    expect(':');
    const otherwise = conditional();
    depth--;
    return { kind: 'ternary', condition, then, else: otherwise, span: { start: condition.span.start, end: otherwise.span.end } };
  };
  const unary = (): Expr => {
    const t = peek();
    if (t !== undefined && UNARY.has(t)) {
      const start = startOf(pos++);
      nest();
      const arg = unary();
      depth--;
      return { kind: 'unary', op: t, arg, span: { start, end: arg.span.end } };
    }
    return postfix(primary());
  };
  /** Selects after a primary: a[3], a[7:0][1], mem[i][j +: 4]. */
  const postfix = (target: Expr): Expr => {
    let node = target;
    while (peek() === '[' && (node.kind === 'name' || node.kind === 'select' || node.kind === 'concat' || node.kind === 'call')) {
      pos++;
      nest();
      const first = conditional();
      const t = peek();
      let select: Select;
      if (t === ':' || t === '+:' || t === '-:') {
        pos++;
        const second = conditional();
        select = t === ':' ? { kind: 'range', hi: first, lo: second } : t === '+:' ? { kind: 'indexed', base: first, width: second } : { kind: 'indexed', base: first, width: second, down: true };
      } else select = { kind: 'bit', index: first };
      depth--;
      const close = pos;
      expect(']');
      node = { kind: 'select', target: node, select, span: { start: node.span.start, end: endOf(close) } };
    }
    return node;
  };
  const primary = (): Expr => {
    const first = pos;
    const token = tokens[pos++];
    if (token === undefined) return fail();
    const t = token.text;
    const span = { start: startOf(first), end: endOf(first) };
    if (t === '(') {
      nest();
      const inner = conditional();
      depth--;
      const close = pos;
      expect(')');
      // The span keeps the parentheses: the operand's text stands on its own.
      return { ...inner, span: { start: span.start, end: endOf(close) } };
    }
    if (t === '{') {
      nest();
      const node = braces(first);
      depth--;
      return node;
    }
    if (/^\d|^'[01xXzZ]$|^\d*'[sS]?[dDhHbBoO]/.test(t)) {
      // A size cast 8'(x) is not a number.
      if (/^\d+$/.test(t) && peek() === "'") {
        pos = first;
        return cast();
      }
      return numberNode(t, span) ?? fail();
    }
    if (t === "'" && peek() === '{') {
      // An assignment pattern '{a, b}.
      pos = first + 1;
      const after = skipBalanced();
      pos = after;
      return unknownFrom(first, after);
    }
    if (t.startsWith('"') || t.startsWith('`')) {
      if (t.startsWith('`') && peek() === '(') {
        pos = skipBalanced();
        return unknownFrom(first, pos);
      }
      return { kind: 'unknown', text: t, span };
    }
    if (t.startsWith('$') || isIdentifier(t)) {
      // Qualified names: pkg::C, a.b.c.
      let name = t;
      let end = span.end;
      let qualified = false;
      while ((peek() === '::' || peek() === '.') && isIdentifier(tokens[pos + 1]?.text)) {
        name += tokens[pos].text + tokens[pos + 1].text;
        end = endOf(pos + 1);
        pos += 2;
        qualified = true;
      }
      if (peek() === "'" && tokens[pos + 1]?.text === '(') {
        pos = first;
        return cast();
      }
      if (peek() === '(') {
        pos++;
        nest();
        const args: Expr[] = [];
        if (peek() !== ')') {
          for (;;) {
            args.push(conditional());
            if (peek() !== ',') break;
            pos++;
          }
        }
        depth--;
        const close = pos;
        expect(')');
        return { kind: 'call', fn: name, args, span: { start: span.start, end: endOf(close) } };
      }
      if (t.startsWith('$')) return { kind: 'call', fn: name, args: [], span };
      const node: Expr = { kind: 'name', name, span: { start: span.start, end } };
      if (qualified) node.qualified = true;
      return node;
    }
    return fail();
  };
  /** T'(x), 8'(x), signed'(x): unknown, with its parentheses. */
  const cast = (): Expr => {
    const first = pos;
    pos++;
    expect("'");
    if (peek() !== '(') fail();
    pos = skipBalanced();
    return unknownFrom(first, pos);
  };
  const braces = (open: number): Expr => {
    // {n{x}} replication, or {a, b, c}; pos is just after '{'.
    const start = startOf(open);
    const first = conditional();
    if (peek() === '{') {
      pos++;
      const item = braces(pos - 1);
      const close = pos;
      expect('}');
      return { kind: 'replicate', count: first, item, span: { start, end: endOf(close) } };
    }
    const parts: Expr[] = [first];
    while (peek() === ',') {
      pos++;
      parts.push(conditional());
    }
    const close = pos;
    expect('}');
    return { kind: 'concat', parts, span: { start, end: endOf(close) } };
  };
  try {
    if (what === 'range') {
      expect('[');
      const hi = conditional();
      expect(':');
      const lo = conditional();
      const close = pos;
      expect(']');
      if (pos !== tokens.length) return undefined;
      const span = { start: startOf(0), end: endOf(close) };
      return { kind: 'select', target: { kind: 'name', name: '', span: { start: span.start, end: span.start } }, select: { kind: 'range', hi, lo }, span };
    }
    const expr = conditional();
    return pos === tokens.length ? expr : undefined;
  } catch (error) {
    if (error instanceof Failed || error instanceof RangeError) return undefined;
    throw error;
  }
}

/**
 * The tree of an expression's text. Text that does not read as one expression is one
 * `unknown` node (trimmed, spanning the text); empty text is undefined.
 */
export function parseExpression(text: string, offset = 0): Expr | undefined {
  // Most left-hand sides and many right-hand sides are one name: no tokenizer needed.
  const simple = SIMPLE_NAME.exec(text);
  if (simple) {
    const start = offset + simple[1].length;
    return { kind: 'name', name: simple[2], span: { start, end: start + simple[2].length } };
  }
  const expr = text.length <= MAX_EXPRESSION ? read(text, offset, 'expression') : undefined;
  if (expr) return expr;
  const lead = text.length - text.trimStart().length;
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return { kind: 'unknown', text: trimmed.length > 200 ? `${trimmed.slice(0, 197)}...` : trimmed, span: { start: offset + lead, end: offset + lead + trimmed.length } };
}

const SIMPLE_NAME = /^(\s*)([A-Za-z_][A-Za-z0-9_$]*)\s*$/;

/** The bounds of a packed range written `[hi:lo]`; undefined for anything else ([N], two ranges, ''). */
export function parseRange(text: string): { hi: Expr; lo: Expr } | undefined {
  if (text.length > MAX_EXPRESSION) return undefined;
  // Widths ask for the same declared ranges again and again (every use of a name, every estimate).
  const known = rangeMemo.get(text);
  if (known !== undefined || rangeMemo.has(text)) return known;
  const node = read(text, 0, 'range');
  const bounds = node?.kind === 'select' && node.select.kind === 'range' ? { hi: node.select.hi, lo: node.select.lo } : undefined;
  if (rangeMemo.size >= RANGE_MEMO_SIZE) rangeMemo.clear();
  rangeMemo.set(text, bounds);
  return bounds;
}

/** Parsed ranges by text; the trees are shared, so callers read them and never change them. */
const rangeMemo = new Map<string, { hi: Expr; lo: Expr } | undefined>();
const RANGE_MEMO_SIZE = 4096;

/** The unpacked dimensions of a declaration, `[0:15][4]`: each a range or a size; undefined if one does not read. */
export function parseDimensions(text: string): ({ hi: Expr; lo: Expr } | { size: Expr })[] | undefined {
  const tokens = tokenize(text);
  const out: ({ hi: Expr; lo: Expr } | { size: Expr })[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (tokens[i].text !== '[') return undefined;
    let d = 0;
    let j = i;
    for (; j < tokens.length; j++) {
      if (tokens[j].text === '[') d++;
      else if (tokens[j].text === ']' && --d === 0) break;
    }
    if (j === tokens.length) return undefined;
    const inner = text.slice(tokens[i].at, tokens[j].at + 1);
    const range = parseRange(inner);
    if (range) out.push(range);
    else {
      const size = parseExpression(text.slice(tokens[i].at + 1, tokens[j].at));
      if (!size || size.kind === 'unknown') return undefined;
      out.push({ size });
    }
    i = j + 1;
  }
  return out;
}

/**
 * Whether a tree is made only of what widths and operator counts understand: names without
 * qualification, numbers, operators, concatenations, replications, $signed/$unsigned and one
 * select on a name (whatever its index). Calls, casts, patterns, qualified names and selects
 * of selects are not.
 */
export function understood(expr: Expr): boolean {
  switch (expr.kind) {
    case 'name':
      return !expr.qualified;
    case 'number':
      return true;
    case 'unary':
      return understood(expr.arg);
    case 'binary':
      return understood(expr.left) && understood(expr.right);
    case 'ternary':
      return understood(expr.condition) && understood(expr.then) && understood(expr.else);
    case 'concat':
      return expr.parts.every(understood);
    // The count and a select's index are constant expressions evaluated on their own (or not):
    // what they hold does not make the value unknown.
    case 'replicate':
      return understood(expr.item);
    case 'select':
      return expr.target.kind === 'name' && !expr.target.qualified;
    case 'call':
      return (expr.fn === '$signed' || expr.fn === '$unsigned') && expr.args.length === 1 && understood(expr.args[0]);
    case 'unknown':
      return false;
  }
}

/** The expressions inside a select. */
export function selectParts(select: Select): Expr[] {
  return select.kind === 'bit' ? [select.index] : select.kind === 'range' ? [select.hi, select.lo] : [select.base, select.width];
}

/** The direct children of a node. */
export function children(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'unary':
      return [expr.arg];
    case 'binary':
      return [expr.left, expr.right];
    case 'ternary':
      return [expr.condition, expr.then, expr.else];
    case 'concat':
      return expr.parts;
    case 'replicate':
      return [expr.count, expr.item];
    case 'select':
      return [expr.target, ...selectParts(expr.select)];
    case 'call':
      return expr.args;
    default:
      return [];
  }
}

/** Every node of a tree, parents before children. */
export function* nodes(expr: Expr): Generator<Expr> {
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const node = stack.pop()!;
    yield node;
    const kids = children(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
}

/** Names an expression reads (not qualified ones, not called functions), in order, once each. */
export function namesOf(expr: Expr): string[] {
  const out = new Set<string>();
  for (const node of nodes(expr)) if (node.kind === 'name' && !node.qualified && node.name !== '') out.add(node.name);
  return [...out];
}

/** The name an expression is, without selects: a for `a`, undefined for `a[3]` or `a + b`. */
export function plainName(expr: Expr | undefined): string | undefined {
  return expr?.kind === 'name' && !expr.qualified ? expr.name : undefined;
}

/**
 * The text of a tree, written back from the tree (single spaces around binary operators):
 * for messages and for trees built by hand. Cut the source by `span` to keep the user's text.
 */
export function printExpression(expr: Expr): string {
  const wrap = (e: Expr) => (e.kind === 'binary' || e.kind === 'ternary' ? `(${printExpression(e)})` : printExpression(e));
  switch (expr.kind) {
    case 'name':
      return expr.name;
    case 'number': {
      if (expr.base === undefined) return expr.value !== undefined ? String(expr.value) : expr.zero ? "'0" : "'x";
      const digits = expr.value !== undefined ? expr.value.toString(BASES[expr.base]).toUpperCase() : 'x';
      return `${expr.width ?? ''}'${expr.signed ? 's' : ''}${expr.base}${digits}`;
    }
    case 'unary':
      return `${expr.op}${wrap(expr.arg)}`;
    case 'binary':
      return `${wrap(expr.left)} ${expr.op} ${wrap(expr.right)}`;
    case 'ternary':
      return `${wrap(expr.condition)} ? ${wrap(expr.then)} : ${wrap(expr.else)}`;
    case 'concat':
      return `{${expr.parts.map(printExpression).join(', ')}}`;
    case 'replicate':
      return `{${printExpression(expr.count)}{${printExpression(expr.item)}}}`;
    case 'select': {
      const s = expr.select;
      const inside = s.kind === 'bit' ? printExpression(s.index) : s.kind === 'range' ? `${printExpression(s.hi)}:${printExpression(s.lo)}` : `${printExpression(s.base)} ${s.down ? '-:' : '+:'} ${printExpression(s.width)}`;
      return `${printExpression(expr.target)}[${inside}]`;
    }
    case 'call':
      return `${expr.fn}(${expr.args.map(printExpression).join(', ')})`;
    case 'unknown':
      return expr.text;
  }
}

/**
 * The integer value of a constant expression: numbers, names with known values, unary - and
 * +, and + - * / % ** << >>; undefined for anything else (a division by zero included).
 */
export function evaluateExpr(expr: Expr, values: ReadonlyMap<string, number>, unknown?: (text: string) => number | undefined): number | undefined {
  switch (expr.kind) {
    case 'unknown':
      // A macro usage, for one: the caller may know its value.
      return unknown?.(expr.text);
    case 'number':
      // '1 is all ones at whatever width the context gives: no value on its own.
      return expr.fill && expr.value !== 0 ? undefined : expr.value;
    case 'name':
      return values.get(expr.name);
    case 'unary': {
      const v = evaluateExpr(expr.arg, values, unknown);
      if (v === undefined) return undefined;
      if (expr.op === '-') return -v;
      if (expr.op === '+') return v;
      // Logical not, and the or-reduction, need no width: |x is x != 0.
      if (expr.op === '!') return v === 0 ? 1 : 0;
      if (expr.op === '|') return v !== 0 ? 1 : 0;
      return undefined;
    }
    case 'call': {
      // The constant system functions of widths and depths: $clog2 (IEEE 1800 20.8.1), and the casts that keep a value.
      if (expr.args.length !== 1) return undefined;
      const v = evaluateExpr(expr.args[0], values, unknown);
      if (v === undefined) return undefined;
      if (expr.fn === '$signed' || expr.fn === '$unsigned') return v;
      if (expr.fn !== '$clog2' || v < 0 || !Number.isSafeInteger(v)) return undefined;
      let bits = 0;
      while (2 ** bits < v) bits++;
      return bits;
    }
    case 'concat':
      // One part: its value ({|EN}); several need their widths.
      return expr.parts.length === 1 ? evaluateExpr(expr.parts[0], values, unknown) : undefined;
    case 'ternary': {
      const c = evaluateExpr(expr.condition, values, unknown);
      if (c === undefined) return undefined;
      return evaluateExpr(c !== 0 ? expr.then : expr.else, values, unknown);
    }
    case 'binary': {
      const l = evaluateExpr(expr.left, values, unknown);
      if (l === undefined) return undefined;
      const r = evaluateExpr(expr.right, values, unknown);
      if (r === undefined) return undefined;
      switch (expr.op) {
        case '+':
          return l + r;
        case '-':
          return l - r;
        case '*':
          return l * r;
        case '/':
          return r === 0 ? undefined : Math.trunc(l / r);
        case '%':
          return r === 0 ? undefined : l % r;
        case '**':
          return l ** r;
        case '<<':
          return l * 2 ** r;
        case '>>':
          return Math.floor(l / 2 ** r);
        case '==':
        case '===':
          return l === r ? 1 : 0;
        case '!=':
        case '!==':
          return l !== r ? 1 : 0;
        case '<':
          return l < r ? 1 : 0;
        case '<=':
          return l <= r ? 1 : 0;
        case '>':
          return l > r ? 1 : 0;
        case '>=':
          return l >= r ? 1 : 0;
        case '&&':
          return l !== 0 && r !== 0 ? 1 : 0;
        case '||':
          return l !== 0 || r !== 0 ? 1 : 0;
        case '&':
        case '|':
        case '^':
          // Bitwise on small non-negative values only (JavaScript's operators are 32-bit signed).
          if (l < 0 || r < 0 || l > 0x7fffffff || r > 0x7fffffff) return undefined;
          return expr.op === '&' ? l & r : expr.op === '|' ? l | r : l ^ r;
      }
      return undefined;
    }
  }
  return undefined;
}

/** Integer constant expressions over + - * / % ** << >>, comparisons, logical operators, small bitwise ones, ?: and known names; undefined otherwise. */
export function evaluate(text: string, values: ReadonlyMap<string, number>): number | undefined {
  const expr = parseExpression(text);
  return expr ? evaluateExpr(expr, values) : undefined;
}

/** Bits in a packed range such as [W-1:0] with constant bounds; '' is one bit; undefined if not constant. */
export function rangeWidth(range: string, values: ReadonlyMap<string, number>): number | undefined {
  if (range.trim() === '') return 1;
  const bounds = parseRange(range);
  if (!bounds) return undefined;
  const a = evaluateExpr(bounds.hi, values);
  const b = evaluateExpr(bounds.lo, values);
  return a === undefined || b === undefined ? undefined : Math.abs(a - b) + 1;
}
