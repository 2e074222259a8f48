import type { Node, TreeCursor } from 'web-tree-sitter';
import { type Expr, parseExpression, type Span, tokenize } from '../base';

/**
 * Data-flow facts of one block (an assign, an always or initial block): which names each
 * assignment writes, which it reads, under which condition names, and the block's clock.
 * The graph layer links these into signal -> signal edges.
 */
export type AssignmentKind = 'continuous' | 'blocking' | 'nonblocking';

export interface Assignment {
  kind: AssignmentKind;
  /** Names written: the base name of each left-hand side (a[3], {b, c} -> a, b, c). */
  targets: string[];
  /** Names read on the right-hand side and in left-hand selects. */
  sources: string[];
  /** Names read by the if/case conditions that guard this assignment, outermost first. */
  conditions: string[];
  /** Targets written through a bit or part select (a[3] <= ...): only part of the signal. */
  selected: string[];
  /** The headers of the for loops around it (`for (i = 0; i < 8; i++)`), outermost first: it repeats per iteration. */
  loops?: LoopHeader[];
  /**
   * The left- and right-hand sides as trees (base/expression.ts, spans in the file), for a
   * plain `=`, `<=` or continuous assignment whose text is short (under 300 and 1500
   * characters): for widths, operator counts and rewrites.
   */
  lhs?: Expr;
  rhs?: Expr;
  span: Span;
}

/**
 * A for loop's header, read once here: `for (int i = 0; i < N; i += 2)` is variable 'i',
 * init `0`, bound `i < N` (the whole condition), step `i + 2` (the variable's next value:
 * i++ is i + 1, i = i * 2 is i * 2).
 */
export interface LoopHeader {
  variable: string;
  init: Expr;
  bound: Expr;
  step: Expr;
  span: Span;
}

/**
 * The statement structure of a procedural block, as plain data: which assignments (by index
 * in `BlockFlow.assignments`) sit in which branch of which if, case or loop. Begin-end blocks
 * are flattened into their statements; anything else is 'other'.
 */
export type Statement =
  | { kind: 'assign'; assignment: number; span: Span }
  /** if / else if / else: one branch per condition, the final else without one. */
  | { kind: 'if'; branches: { condition?: Expr; body: Statement[] }[]; span: Span }
  /** case, casez, casex: items with their labels; the default item without any; `unique` or `priority` says every value is covered. */
  | { kind: 'case'; subject?: Expr; items: { labels?: Expr[]; body: Statement[] }[]; covered?: boolean; span: Span }
  | { kind: 'loop'; header?: LoopHeader; body: Statement[]; span: Span }
  | { kind: 'other'; span: Span };

/** The asynchronous or synchronous reset of a clocked block: its first statement is `if (rst)` / `if (!rst_n)` on a plain name. */
export interface ResetBranch {
  signal: string;
  /** Asserted when the name is 0 (`if (!rst_n)`). */
  activeLow: boolean;
  /** The name is also an edge of the sensitivity list. */
  async: boolean;
}

export interface Edge {
  edge: 'posedge' | 'negedge';
  signal: string;
}

export interface BlockFlow {
  assignments: Assignment[];
  /** Edges in the sensitivity list (@(posedge clk or negedge rst_n)). */
  edges: Edge[];
  /** Plain names in the sensitivity list; '*' for @* or always_comb. */
  sensitivity: string[];
  /** Names read anywhere in the block (conditions included). */
  reads: string[];
  /** Some statement could not be read (a parse error inside): facts may be incomplete. */
  partial: boolean;
  /**
   * For a combinational block: names assigned on some path through the block but not on
   * every path, so a latch holds them (only whole-signal assignments are judged).
   */
  latches?: string[];
  /** For always, initial and final blocks: the statements after the event control. */
  body?: Statement[];
  /** For a clocked block whose body is one if on a (negated) name: that reset. */
  reset?: ResetBranch;
}

const SKIP = new Set(['one_line_comment', 'block_comment', 'string_literal', 'system_tf_identifier', 'attribute_instance', 'text_macro_usage']);

/**
 * Reads a block: one walk of the unit's statement structure (flowFacts) finds the
 * assignments, their left-hand sides and the conditions around them; the names are then
 * read from the text of those spans.
 */
interface FoundAssignment {
  kind: AssignmentKind | 'increment';
  start: number;
  end: number;
  lhsStart: number;
  lhsEnd: number;
  operator?: string;
}

/** What flowFacts found in one design unit, in text order; blocks take their share by span. */
export interface FlowFacts {
  /** What the parser read, when `begin_keywords renamed words in it: a keyword of `text` is a name where this text differs. */
  parsedText?: string;
  assignments: FoundAssignment[];
  conditionals: { start: number; end: number; conditions: Span[] }[];
  loops: Span[];
  /** for loops: the statement, and where its header ends (after the step); the header once read. */
  forLoops: { start: number; end: number; headerEnd: number; header?: LoopHeader | null }[];
  loopVariables: { name: string; at: number }[];
  /** Event controls of always blocks, by the always block's start offset. */
  events: Map<number, Node>;
}

/**
 * Subtrees the fact walk does not enter: expressions, types, declarations and lists that hold
 * no statement. Entering them found nothing and was most of the cost (every node visited from
 * JavaScript costs a few calls into the parser's memory).
 */
const OPAQUE = new Set([
  'expression', 'constant_expression', 'primary', 'constant_primary', 'mintypmax_expression', 'expression_or_dist',
  'data_type', 'data_type_or_implicit', 'implicit_data_type', 'packed_dimension', 'unpacked_dimension', 'constant_range',
  'one_line_comment', 'block_comment', 'string_literal', 'attribute_instance', 'case_item_expression',
  'variable_lvalue', 'net_lvalue', 'hierarchical_identifier', 'simple_identifier', 'list_of_port_connections', 'parameter_value_assignment',
  'data_declaration', 'net_declaration', 'ansi_port_declaration', 'list_of_port_declarations', 'parameter_port_list',
  'local_parameter_declaration', 'parameter_declaration', 'package_import_declaration', 'type_declaration',
  'text_macro_definition', 'include_compiler_directive', 'system_tf_call', 'tf_call', 'sequence_expr', 'property_expr',
]);

/** The types whose span a child's fact needs. */
const SPANNED = new Set(['conditional_statement', 'case_statement', 'loop_statement', 'always_construct']);

/**
 * Finds a unit's data-flow facts in one walk of its statement structure with a tree cursor
 * (assignments, the conditions of if and case, for loops and their variables, the event
 * control of always blocks), without entering expressions. It replaced a tree-sitter query,
 * whose compilation alone cost 150-350 ms in every worker.
 */
export function flowFacts(root: Node, text: string): FlowFacts {
  const facts: FlowFacts = { assignments: [], conditionals: [], loops: [], forLoops: [], loopVariables: [], events: new Map() };
  const conditionals = new Map<number, { start: number; end: number; conditions: Span[] }>();
  // The ancestors of the cursor's node: their types, and the spans of SPANNED ones.
  const types: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const cursor = root.walk();
  try {
    let type = cursor.nodeType;
    for (;;) {
      let enter = !OPAQUE.has(type);
      const parent = types.length > 0 ? types[types.length - 1] : '';
      switch (type) {
        case 'nonblocking_assignment':
        case 'operator_assignment':
        case 'net_assignment':
        case 'inc_or_dec_expression': {
          const kind = type === 'inc_or_dec_expression' ? 'increment' : type === 'nonblocking_assignment' ? 'nonblocking' : type === 'net_assignment' ? 'continuous' : 'blocking';
          const start = cursor.startIndex;
          const end = cursor.endIndex;
          const split = splitAssignment(text, start, end, kind);
          if (split) facts.assignments.push({ kind, start, end, ...split });
          enter = false;
          break;
        }
        case 'cond_predicate':
        case 'case_expression':
          if ((type === 'cond_predicate' && parent === 'conditional_statement') || (type === 'case_expression' && parent === 'case_statement')) {
            const at = starts[starts.length - 1];
            let entry = conditionals.get(at);
            if (!entry) conditionals.set(at, (entry = { start: at, end: ends[ends.length - 1], conditions: [] }));
            entry.conditions.push({ start: cursor.startIndex, end: cursor.endIndex });
          }
          enter = false;
          break;
        case 'for_initialization':
          facts.loops.push({ start: cursor.startIndex, end: cursor.endIndex });
          break;
        case 'for_step': {
          const start = cursor.startIndex;
          const end = cursor.endIndex;
          facts.loops.push({ start, end });
          if (parent === 'loop_statement') facts.forLoops.push({ start: starts[starts.length - 1], end: ends[ends.length - 1], headerEnd: end });
          break;
        }
        case 'simple_identifier':
          if (parent === 'for_variable_declaration') facts.loopVariables.push({ name: text.slice(cursor.startIndex, cursor.endIndex), at: cursor.startIndex });
          break;
        case 'event_control': {
          const n = types.length;
          if (n >= 4 && types[n - 1] === 'procedural_timing_control_statement' && types[n - 2] === 'statement_item' && types[n - 3] === 'statement' && types[n - 4] === 'always_construct') {
            facts.events.set(starts[n - 4], cursor.currentNode);
          }
          enter = false;
          break;
        }
      }
      if (enter) {
        const spanned = SPANNED.has(type);
        const start = spanned ? cursor.startIndex : -1;
        const end = spanned ? cursor.endIndex : -1;
        if (cursor.gotoFirstChild()) {
          types.push(type);
          starts.push(start);
          ends.push(end);
          type = cursor.nodeType;
          continue;
        }
      }
      while (!cursor.gotoNextSibling()) {
        if (types.length === 0 || !cursor.gotoParent()) {
          facts.conditionals = [...conditionals.values()].sort((a, b) => a.start - b.start);
          facts.assignments.sort((a, b) => a.start - b.start);
          facts.loops.sort((a, b) => a.start - b.start);
          facts.forLoops.sort((a, b) => a.start - b.start);
          return facts;
        }
        types.pop();
        starts.pop();
        ends.pop();
      }
      type = cursor.nodeType;
    }
  } finally {
    cursor.delete();
  }
}

/**
 * The left-hand side and operator of an assignment's text: the first assignment operator at
 * bracket depth 0 (<= for nonblocking; =, +=, <<= ... for the others; ++/-- for increments).
 */
function splitAssignment(text: string, start: number, end: number, kind: AssignmentKind | 'increment'): { lhsStart: number; lhsEnd: number; operator?: string } | undefined {
  if (kind === 'increment') {
    const body = text.slice(start, end);
    const lead = /^\s*(\+\+|--)/.exec(body);
    if (lead) return { lhsStart: start + lead[0].length, lhsEnd: end };
    const trail = /(\+\+|--)\s*$/.exec(body);
    return { lhsStart: start, lhsEnd: trail ? end - trail[0].length : end };
  }
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (c === '[' || c === '(' || c === '{') depth++;
    else if (c === ']' || c === ')' || c === '}') depth--;
    else if (depth === 0 && c === '"') {
      i++;
      while (i < end && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    } else if (depth === 0 && c === '=' && text[i + 1] !== '=') {
      if (kind === 'nonblocking') {
        if (text[i - 1] === '<') return { lhsStart: start, lhsEnd: i - 1, operator: '<=' };
        continue;
      }
      let opStart = i;
      while (opStart > start && '+-*/%&|^<>'.includes(text[opStart - 1])) opStart--;
      if (text[opStart - 1] === '=' || text[opStart - 1] === '!') continue;
      return { lhsStart: start, lhsEnd: opStart, operator: text.slice(opStart, i + 1) };
    }
  }
  return undefined;
}

/** The facts inside [start, end) of a list sorted by start. */
function within<T extends { start: number; end: number }>(list: readonly T[], start: number, end: number): T[] {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid].start < start) low = mid + 1;
    else high = mid;
  }
  const out: T[] = [];
  for (let i = low; i < list.length && list[i].start < end; i++) if (list[i].end <= end) out.push(list[i]);
  return out;
}

/**
 * Reads a block from the facts flowFacts found for its unit: the assignments, their
 * left-hand sides and the conditions around them, the names from the text of those spans.
 */
export function blockFlow(node: Node, text: string, facts: FlowFacts): BlockFlow {
  const flow: BlockFlow = { assignments: [], edges: [], sensitivity: [], reads: [], partial: node.hasError };
  const sensitivity = new Set<string>();
  const keyword = node.type === 'always_construct' ? node.namedChild(0) : null;
  const keywordText = keyword?.type === 'always_keyword' ? text.slice(keyword.startIndex, keyword.endIndex) : '';
  if (keywordText === 'always_comb' || keywordText === 'always_latch') sensitivity.add('*');
  const event = facts.events.get(node.startIndex);
  if (event) readEvents(event, text, flow, sensitivity);
  const blockStart = node.startIndex;
  const blockEnd = node.endIndex;
  const found = within(facts.assignments, blockStart, blockEnd);
  const conditionals = within(facts.conditionals, blockStart, blockEnd);
  const loops = within(facts.loops, blockStart, blockEnd);
  const forLoops = within(facts.forLoops, blockStart, blockEnd);
  const loopVariables = new Set(facts.loopVariables.filter((v) => v.at >= blockStart && v.at < blockEnd).map((v) => v.name));
  const targetOffsets = new Set<number>();
  for (const f of found) flow.assignments.push(readAssignment(f, text, facts, conditionals, loops, forLoops, loopVariables, targetOffsets));
  // Reads: every name in the block that is not written where it stands.
  const reads = new Set<string>();
  const bodyStart = event ? event.endIndex : node.startIndex;
  scanNames(text, bodyStart, node.endIndex, (name, at) => {
    if (!targetOffsets.has(at)) reads.add(name);
  }, facts.parsedText);
  flow.reads = [...reads];
  flow.sensitivity = [...sensitivity];
  if (node.type === 'always_construct' || node.type === 'initial_construct' || node.type === 'final_construct') {
    const at = new Map<number, number>();
    flow.assignments.forEach((a, i) => {
      if (!at.has(a.span.start)) at.set(a.span.start, i);
    });
    flow.body = readStatements(node, text, at, forLoops);
    const reset = flow.edges.length > 0 ? resetOf(flow.body) : undefined;
    if (reset) flow.reset = { ...reset, async: flow.edges.some((e) => e.signal === reset.signal) };
  }
  const combinational = sensitivity.has('*') || (node.type === 'always_construct' && flow.edges.length === 0 && sensitivity.size > 0);
  if (combinational && keywordText !== 'always_latch' && !flow.partial) flow.latches = latchesOf(flow, conditionals, loops, loopVariables);
  return flow;
}

type Found = FlowFacts['assignments'][number];

/** One assignment of a block: names written and read, the conditions around it, its expressions and loops. */
function readAssignment(f: Found, text: string, facts: FlowFacts, conditionals: FlowFacts['conditionals'], loops: FlowFacts['loops'], forLoops: FlowFacts['forLoops'], loopVariables: Set<string>, targetOffsets: Set<number>): Assignment {
  const targets: string[] = [];
  const selected: string[] = [];
  const sources: string[] = [];
  // Left-hand side: names outside brackets are written, names inside brackets are read.
  scanNames(text, f.lhsStart, f.lhsEnd, (name, at, depth, next) => {
    if (depth > 0) {
      sources.push(name);
      return;
    }
    targets.push(name);
    targetOffsets.add(at);
    // a[3] = ..., bus.ack = ...: only part of the signal is written.
    if (next === '[' || next === '.') selected.push(name);
  }, facts.parsedText);
  // Right-hand side: after the operator, up to the end of the assignment.
  const rhsStart = f.kind === 'increment' ? f.lhsEnd : skipOperator(text, f.lhsEnd, f.end);
  scanNames(text, rhsStart, f.end, (name) => sources.push(name), facts.parsedText);
  // x += y and x++ read x as well as write it.
  if (f.kind === 'increment' || (f.kind !== 'nonblocking' && f.operator !== undefined && f.operator !== '=')) sources.push(...targets);
  const conditions: string[] = [];
  for (const c of conditionals) {
    if (c.start > f.start || f.end > c.end) continue;
    // Conditions before the branch holding the assignment guard it: if (a) .. else if (b) ..
    for (const span of c.conditions) if (span.end <= f.start) scanNames(text, span.start, span.end, (name) => conditions.push(name), facts.parsedText);
  }
  const assignment: Assignment = {
    kind: f.kind === 'increment' ? 'blocking' : f.kind,
    targets: unique(targets),
    sources: unique(sources),
    conditions: unique(conditions),
    selected: unique(selected),
    span: { start: f.start, end: f.end },
  };
  if (f.kind !== 'increment' && (f.operator === undefined || f.operator === '=' || f.operator === '<=') && f.end - f.lhsStart < 2000) readExpressions(assignment, f, text, rhsStart);
  if (loops.some((l) => l.start <= f.start && f.end <= l.end)) for (const t of targets) loopVariables.add(t);
  // In the body of for loops (not their headers): the headers, outermost first, to count iterations.
  const enclosing = forLoops.filter((l) => l.headerEnd <= f.start && f.end <= l.end);
  const headers = enclosing.map((l) => headerOf(l, text)).filter((h): h is LoopHeader => h !== undefined);
  if (headers.length > 0) assignment.loops = headers;
  return assignment;
}

/** The assignment's two sides as expression trees, when both are short enough and read. */
function readExpressions(assignment: Assignment, f: Found, text: string, rhsStart: number): void {
  let rhsEnd = f.end;
  while (rhsEnd > rhsStart && /[\s;]/.test(text[rhsEnd - 1])) rhsEnd--;
  if (f.lhsEnd - f.lhsStart < 300 && rhsEnd - rhsStart < 1500) {
    const lhs = parseExpression(text.slice(f.lhsStart, f.lhsEnd), f.lhsStart);
    const rhs = parseExpression(text.slice(rhsStart, rhsEnd), rhsStart);
    if (lhs && rhs) {
      assignment.lhs = lhs;
      assignment.rhs = rhs;
    }
  }
}

/** Names a combinational block assigns on some paths only: latches. */
function latchesOf(flow: BlockFlow, conditionals: FlowFacts['conditionals'], loops: FlowFacts['loops'], loopVariables: Set<string>): string[] {
  const whole = new Set<string>();
  const partly = new Set<string>();
  for (const a of flow.assignments) for (const t of a.targets) (a.selected.includes(t) ? partly : whole).add(t);
  // Assigned outside every if, case and loop: assigned on every path, no tree walk needed.
  const guarded = (a: Assignment) => conditionals.some((c) => c.start <= a.span.start && a.span.end <= c.end) || loops.some((l) => l.start <= a.span.start && a.span.end <= l.end);
  const always = new Set(flow.assignments.filter((a) => !guarded(a)).flatMap((a) => a.targets));
  const candidates = [...whole].filter((t) => !partly.has(t) && !always.has(t) && !loopVariables.has(t));
  const definite = candidates.length > 0 ? assignedOnEveryPath(flow.body ?? [], flow.assignments) : new Set<string>();
  return candidates.filter((t) => !definite.has(t));
}

/** A for loop's header, read on first use. */
function headerOf(loop: FlowFacts['forLoops'][number], text: string): LoopHeader | undefined {
  if (loop.header === undefined) loop.header = readLoopHeader(text, loop.start, loop.headerEnd) ?? null;
  return loop.header ?? undefined;
}

/**
 * Reads `for (init; condition; step)` in text[start, end) (the closing parenthesis may be
 * missing: a procedural loop's header ends with its step). Undefined when it is not that shape.
 */
export function readLoopHeader(text: string, start: number, end: number): LoopHeader | undefined {
  if (end - start > 2000) return undefined;
  const slice = text.slice(start, end);
  const tokens = tokenize(slice);
  if (tokens[0]?.text !== 'for' || tokens[1]?.text !== '(') return undefined;
  const parts: [number, number][] = [];
  let depth = 0;
  let from = 2;
  for (let k = 2; k < tokens.length && from >= 0; k++) {
    const t = tokens[k].text;
    if (t === '(' || t === '[' || t === '{') depth++;
    else if (t === ')' || t === ']' || t === '}') {
      if (depth === 0) {
        parts.push([from, k]);
        from = -1;
      } else depth--;
    } else if (t === ';' && depth === 0) {
      parts.push([from, k]);
      from = k + 1;
    }
  }
  if (from >= 0) parts.push([from, tokens.length]);
  if (parts.length !== 3 || parts.some(([a, b]) => a >= b)) return undefined;
  const startOf = (k: number) => start + tokens[k].at;
  const endOf = (k: number) => start + tokens[k].at + tokens[k].text.length;
  const expr = (a: number, b: number): Expr | undefined => (a < b ? parseExpression(text.slice(startOf(a), endOf(b - 1)), startOf(a)) : undefined);
  const isName = (k: number) => /^[A-Za-z_][A-Za-z0-9_$]*$/.test(tokens[k]?.text ?? '');
  // Init: [type] i = expr, the first of a list.
  const [ia, ib] = parts[0];
  let eq = -1;
  let stop = ib;
  depth = 0;
  for (let k = ia; k < ib; k++) {
    const t = tokens[k].text;
    if (t === '(' || t === '[' || t === '{') depth++;
    else if (t === ')' || t === ']' || t === '}') depth--;
    else if (depth === 0 && t === '=' && eq < 0) eq = k;
    else if (depth === 0 && t === ',' && eq >= 0) {
      stop = k;
      break;
    }
  }
  if (eq <= ia || !isName(eq - 1)) return undefined;
  const variable = tokens[eq - 1].text;
  const init = expr(eq + 1, stop);
  const bound = expr(parts[1][0], parts[1][1]);
  // Step: i++, ++i, i--, --i, i += e (any operator), i = e.
  const [sa, sb] = parts[2];
  const stepSpan = { start: startOf(sa), end: endOf(sb - 1) };
  const name = (k: number): Expr => ({ kind: 'name', name: variable, span: { start: startOf(k), end: endOf(k) } });
  const one: Expr = { kind: 'number', value: 1, zero: false, span: stepSpan };
  const words = tokens.slice(sa, sb).map((t) => t.text);
  let step: Expr | undefined;
  if (words.length === 3 && words[0] === variable && words[1] === words[2] && (words[1] === '+' || words[1] === '-')) step = { kind: 'binary', op: words[1], left: name(sa), right: one, span: stepSpan };
  else if (words.length === 3 && words[2] === variable && words[0] === words[1] && (words[0] === '+' || words[0] === '-')) step = { kind: 'binary', op: words[0], left: name(sb - 1), right: one, span: stepSpan };
  else if (words[0] === variable && words[1] === '=') step = expr(sa + 2, sb);
  else if (words[0] === variable && words[2] === '=' && ['+', '-', '*', '/', '<<', '>>', '<<<', '>>>', '&', '|', '^'].includes(words[1])) {
    const right = expr(sa + 3, sb);
    if (right) step = { kind: 'binary', op: words[1], left: name(sa), right, span: stepSpan };
  }
  if (!init || !bound || !step) return undefined;
  return { variable, init, bound, step, span: { start, end: endOf(tokens.length - 1) } };
}

/** Deepest statement nesting and most statements read per block; beyond them, 'other'. */
const MAX_NESTING = 64;
const MAX_STATEMENTS = 4000;

const STATEMENT_WRAPPERS = new Set(['always_construct', 'initial_construct', 'final_construct', 'statement', 'statement_or_null', 'statement_item', 'function_statement_or_null', 'function_statement', 'procedural_timing_control_statement', 'seq_block']);
const COMMENTS = new Set(['one_line_comment', 'block_comment']);
/** Named children of statement wrappers that are not statements. */
const NOT_STATEMENTS = new Set(['always_keyword', 'event_control', 'delay_control', 'attribute_instance', 'simple_identifier']);
const ASSIGNMENTS = new Set(['nonblocking_assignment', 'blocking_assignment', 'operator_assignment', 'inc_or_dec_expression', 'net_assignment']);

/**
 * The statements of a procedural block: ifs, cases and loops around the assignments (by index).
 * Read with one tree cursor (a Node's type or children each cross into the parser's memory).
 */
function readStatements(node: Node, text: string, assignmentAt: ReadonlyMap<number, number>, forLoops: FlowFacts['forLoops']): Statement[] {
  const out: Statement[] = [];
  const cursor = node.walk();
  try {
    new StatementReader(cursor, text, assignmentAt, forLoops).list(0, out);
  } finally {
    cursor.delete();
  }
  return out;
}

/** Reads statements at a tree cursor; every method leaves the cursor where it found it. */
class StatementReader {
  private budget = MAX_STATEMENTS;
  constructor(
    private readonly cursor: TreeCursor,
    private readonly text: string,
    private readonly assignmentAt: ReadonlyMap<number, number>,
    private readonly forLoops: FlowFacts['forLoops'],
  ) {}

  private span(): Span {
    return { start: this.cursor.startIndex, end: this.cursor.endIndex };
  }

  /** Calls `visit` with the cursor on each named child of its node, then goes back to the node. */
  private children(visit: (type: string) => void): void {
    const cursor = this.cursor;
    if (!cursor.gotoFirstChild()) return;
    do {
      if (cursor.nodeIsNamed) visit(cursor.nodeType);
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }

  private condition(): Expr | undefined {
    const start = this.cursor.startIndex;
    return parseExpression(this.text.slice(start, this.cursor.endIndex), start);
  }

  /** Reads the statement at the cursor into `out`. */
  list(depth: number, out: Statement[]): void {
    const cursor = this.cursor;
    if (--this.budget < 0 || depth > MAX_NESTING) {
      out.push({ kind: 'other', span: this.span() });
      return;
    }
    const type = cursor.nodeType;
    if (STATEMENT_WRAPPERS.has(type)) {
      this.children((t) => {
        if (!COMMENTS.has(t) && !NOT_STATEMENTS.has(t) && !t.endsWith('declaration')) this.list(depth, out);
      });
      return;
    }
    if (ASSIGNMENTS.has(type)) {
      const index = this.assignmentAt.get(cursor.startIndex);
      out.push(index === undefined ? { kind: 'other', span: this.span() } : { kind: 'assign', assignment: index, span: this.span() });
      return;
    }
    if (type === 'conditional_statement') out.push(this.conditional(depth));
    else if (type === 'case_statement') out.push(this.caseStatement(depth));
    else if (type === 'loop_statement') out.push(this.loop(depth));
    else out.push({ kind: 'other', span: this.span() });
  }

  private conditional(depth: number): Statement {
    const span = this.span();
    const branches: { condition?: Expr; body: Statement[] }[] = [];
    let pending: Expr | undefined;
    let read = true;
    this.children((t) => {
      if (t === 'cond_predicate') {
        pending = this.condition();
        read = pending !== undefined;
      } else if (t === 'statement_or_null' || t === 'statement') {
        const body: Statement[] = [];
        this.list(depth + 1, body);
        branches.push(pending ? { condition: pending, body } : { body });
        pending = undefined;
      }
    });
    return read && branches.length > 0 ? { kind: 'if', branches, span } : { kind: 'other', span };
  }

  private caseStatement(depth: number): Statement {
    const span = this.span();
    let subject: Expr | undefined;
    let covered = false;
    const items: { labels?: Expr[]; body: Statement[] }[] = [];
    this.children((t) => {
      if (t === 'case_expression') subject = this.condition();
      else if (t === 'unique_priority') covered = true;
      else if (t.startsWith('case_') && t.endsWith('item')) items.push(this.caseItem(depth));
    });
    const statement: Statement = { kind: 'case', items, span };
    if (subject) statement.subject = subject;
    if (covered) statement.covered = true;
    return statement;
  }

  private caseItem(depth: number): { labels?: Expr[]; body: Statement[] } {
    const labels: Expr[] = [];
    const body: Statement[] = [];
    this.children((t) => {
      if (t === 'statement_or_null' || t === 'statement') this.list(depth + 1, body);
      // A comment after the colon (`2'b00: // byte access`) is no label.
      else if (t !== 'one_line_comment' && t !== 'block_comment') {
        const label = this.condition();
        if (label) labels.push(label);
      }
    });
    return labels.length > 0 ? { labels, body } : { body };
  }

  private loop(depth: number): Statement {
    const span = this.span();
    const body: Statement[] = [];
    this.children((t) => {
      if (t === 'statement_or_null' || t === 'statement') this.list(depth + 1, body);
    });
    const loop = this.forLoops.find((l) => l.start === span.start);
    const header = loop ? headerOf(loop, this.text) : undefined;
    return header ? { kind: 'loop', header, body, span } : { kind: 'loop', body, span };
  }
}

/** `if (rst)` or `if (!rst_n)` as the only statement, with an else: the name and its sense. */
function resetOf(body: readonly Statement[]): { signal: string; activeLow: boolean } | undefined {
  if (body.length !== 1 || body[0].kind !== 'if' || body[0].branches.length < 2) return undefined;
  const c = body[0].branches[0].condition;
  if (c?.kind === 'name' && !c.qualified) return { signal: c.name, activeLow: false };
  if (c?.kind === 'unary' && (c.op === '!' || c.op === '~') && c.arg.kind === 'name' && !c.arg.qualified) return { signal: c.arg.name, activeLow: true };
  return undefined;
}

/** The offset after an assignment operator (=, <=, +=, ...) that follows a left-hand side. */
function skipOperator(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && /\s/.test(text[i])) i++;
  while (i < to && '<>=+-*/%&|^!~:'.includes(text[i])) i++;
  return i;
}

/** Words of Verilog that can stand where a name does inside statements and expressions. */
const KEYWORDS = new Set([
  'if', 'else', 'begin', 'end', 'case', 'casez', 'casex', 'endcase', 'default', 'for', 'while', 'repeat', 'forever', 'do',
  'foreach', 'posedge', 'negedge', 'edge', 'or', 'and', 'not', 'inside', 'dist', 'unique', 'unique0', 'priority', 'return',
  'break', 'continue', 'fork', 'join', 'join_any', 'join_none', 'wait', 'disable', 'assign', 'deassign', 'force', 'release',
  'signed', 'unsigned', 'int', 'integer', 'logic', 'bit', 'reg', 'byte', 'shortint', 'longint', 'void', 'automatic',
  'static', 'const', 'var', 'new', 'this', 'super', 'null', 'string', 'real', 'time', 'realtime', 'event', 'genvar',
  'localparam', 'parameter', 'wire', 'tri', 'input', 'output', 'inout', 'ref', 'iff', 'with', 'matches', 'tagged', 'type',
  'always', 'always_ff', 'always_comb', 'always_latch', 'initial', 'final', 'assert', 'assume', 'cover', 'property',
  'sequence', 'endfunction', 'endtask', 'function', 'task', 'typedef', 'struct', 'union', 'enum', 'packed', 'generate',
]);

/**
 * Calls `emit` for each name of a signal in text[from, to): no keywords, literals, strings,
 * comments, system tasks, macros, function names, members (a.b), package prefixes (p::x) or
 * assignment-pattern keys ('{key: v}). `depth` counts enclosing brackets; `next` is the
 * first character after the name.
 */
export function scanNames(text: string, from: number, to: number, emit: (name: string, at: number, depth: number, next: string) => void, parsedText?: string): void {
  let depth = 0;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? to : nl;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? to : close + 2;
      continue;
    }
    if (c === 34) {
      i++;
      while (i < to && text.charCodeAt(i) !== 34 && text.charCodeAt(i) !== 10) i += text.charCodeAt(i) === 92 ? 2 : 1;
      i++;
      continue;
    }
    if (c === 91) depth++;
    else if (c === 93) depth = Math.max(0, depth - 1);
    if ((c >= 48 && c <= 57) || c === 39) {
      // A number: 12, 8'hFF, 'b1x0, 1.5e-3, '{ (a pattern opens here, nothing to skip)
      if (c === 39 && text.charCodeAt(i + 1) === 123) {
        i++;
        continue;
      }
      i++;
      while (i < to && /[0-9a-zA-Z_'?.]/.test(text[i])) i++;
      continue;
    }
    if (c === 36 || c === 96) {
      // $system_task or `macro: skip the word
      i++;
      while (i < to && /[A-Za-z0-9_$]/.test(text[i])) i++;
      continue;
    }
    const escaped = c === 92;
    if (!escaped && !((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95)) {
      i++;
      continue;
    }
    const start = i;
    let end = i + 1;
    if (escaped) {
      while (end < text.length && !/\s/.test(text[end])) end++;
    } else {
      while (end < to && /[A-Za-z0-9_$]/.test(text[end])) end++;
    }
    i = end;
    const name = escaped ? text.slice(start + 1, end) : text.slice(start, end);
    // A keyword the parser did not read as one (renamed under `begin_keywords) is a name.
    if (!escaped && KEYWORDS.has(name) && (parsedText === undefined || parsedText.startsWith(name, start))) continue;
    let b = start - 1;
    let crossedLine = false;
    while (b >= 0 && (text[b] === ' ' || text[b] === '\t' || text[b] === '\n' || text[b] === '\r')) {
      if (text[b] === '\n') crossedLine = true;
      b--;
    }
    // The character before, unless it ends a // comment on an earlier line ("... the ALU." then `x = ...`).
    const before = crossedLine && text.lastIndexOf('//', b) > text.lastIndexOf('\n', b) ? '' : text[b];
    if (before === '.' || (before === ':' && text[b - 1] === ':')) continue;
    let a = end;
    while (a < text.length && (text[a] === ' ' || text[a] === '\t' || text[a] === '\n' || text[a] === '\r')) a++;
    const next = text[a] ?? '';
    if (next === '(' || (next === ':' && text[a + 1] === ':')) continue;
    if (next === ':' && (before === '{' || before === ',') && text[a + 1] !== '=') continue;
    emit(name, start, depth, next);
  }
}

/** The sensitivity list: edges (posedge clk) and plain names; '*' for @*. */
function readEvents(n: Node, text: string, flow: BlockFlow, sensitivity: Set<string>): void {
  const raw = text.slice(n.startIndex, n.endIndex);
  if (/^@\s*(?:\(\s*)?\*\s*\)?$/.test(raw.trim())) {
    sensitivity.add('*');
    return;
  }
  const walk = (e: Node) => {
    if (e.type === 'event_expression') {
      const edge = e.namedChildren.find((c) => c?.type === 'edge_identifier');
      const expr = e.namedChildren.find((c) => c?.type === 'expression');
      if (edge && expr) {
        const name = firstIdentifier(expr, text);
        const edgeText = text.slice(edge.startIndex, edge.endIndex);
        if (name && (edgeText === 'posedge' || edgeText === 'negedge')) flow.edges.push({ edge: edgeText, signal: name });
        return;
      }
    }
    if (e.type === 'simple_identifier') {
      sensitivity.add(text.slice(e.startIndex, e.endIndex));
      return;
    }
    for (let i = 0; i < e.namedChildCount; i++) {
      const child = e.namedChild(i);
      if (child) walk(child);
    }
  };
  walk(n);
}

/** Names assigned (whole) on every path through a list of statements. */
function assignedOnEveryPath(body: readonly Statement[], assignments: readonly Assignment[]): Set<string> {
  const all = new Set<string>();
  for (const statement of body) for (const name of onEveryPath(statement, assignments)) all.add(name);
  return all;
}

function onEveryPath(statement: Statement, assignments: readonly Assignment[]): Set<string> {
  switch (statement.kind) {
    case 'assign': {
      const a = assignments[statement.assignment];
      return new Set(a ? a.targets.filter((t) => !a.selected.includes(t)) : []);
    }
    case 'if':
      // Without a final else, some path assigns nothing.
      if (statement.branches[statement.branches.length - 1].condition !== undefined) return new Set();
      return intersect(statement.branches.map((b) => assignedOnEveryPath(b.body, assignments)));
    case 'case':
      if (statement.items.length === 0 || !(statement.covered || statement.items.some((i) => !i.labels))) return new Set();
      return intersect(statement.items.map((i) => assignedOnEveryPath(i.body, assignments)));
    default:
      return new Set();
  }
}

function intersect(sets: Set<string>[]): Set<string> {
  if (sets.length === 0) return new Set();
  const [first, ...rest] = sets;
  return new Set([...first].filter((name) => rest.every((s) => s.has(name))));
}

function firstIdentifier(n: Node, text: string): string | undefined {
  let current: Node | null = n;
  while (current && current.type !== 'simple_identifier') current = current.namedChild(0);
  return current ? text.slice(current.startIndex, current.endIndex) : undefined;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

/** Names read by an expression (an instance's port connection). */
export function expressionNames(n: Node, text: string): string[] {
  const names = new Set<string>();
  const visit = (m: Node) => {
    if (m.type === 'simple_identifier' || m.type === 'escaped_identifier') {
      const parent = m.parent;
      if (parent?.type === 'hierarchical_identifier' && parent.namedChild(0)?.startIndex !== m.startIndex) return;
      if (text.startsWith('::', m.endIndex)) return;
      names.add(text.slice(m.startIndex, m.endIndex));
      return;
    }
    if (SKIP.has(m.type)) return;
    for (let i = 0; i < m.namedChildCount; i++) {
      const child = m.namedChild(i);
      if (child) visit(child);
    }
  };
  visit(n);
  return [...names];
}
